// The checks of !Alpine's bootstrap downloads: apk files and indexes signed
// with a key of the test's own (made here with OpenSSL), and what must be
// refused: another key, a changed byte, a changed data part, no signature.
#include "runtime/build/apk_verify.h"
#include "tests/runtime/build/fetch/test_util.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include <memory>

namespace vagga::runtime::build {
namespace {

using testing::Entry;

struct Key {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey{EVP_RSA_gen(2048), EVP_PKEY_free};
    std::string pem() const {
        std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
        PEM_write_bio_PUBKEY(bio.get(), pkey.get());
        char* data = nullptr;
        long n = BIO_get_mem_data(bio.get(), &data);
        return std::string(data, static_cast<size_t>(n));
    }
    std::string sign(const std::string& bytes, const EVP_MD* md) const {
        std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                    EVP_MD_CTX_free);
        size_t n = 0;
        EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, pkey.get());
        EVP_DigestSign(ctx.get(), nullptr, &n, reinterpret_cast<const unsigned char*>(bytes.data()),
                       bytes.size());
        std::string sig(n, '\0');
        EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &n,
                       reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
        sig.resize(n);
        return sig;
    }
};

std::string hex_sha256(const std::string& s) {
    unsigned char d[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), d);
    std::string out;
    for (unsigned char c : d) {
        out += "0123456789abcdef"[c >> 4];
        out += "0123456789abcdef"[c & 15];
    }
    return out;
}

class ApkVerify : public ::testing::Test {
  protected:
    testing::TempDir tmp{"/tmp"};
    Key key;
    std::vector<ApkKey> keys{{"test-1234.rsa.pub", key.pem()}};

    std::string gz(const std::vector<Entry>& entries) {
        std::string file = tmp.path() + "/member.tar.gz";
        testing::write_archive(file, "tar.gz", entries);
        return testing::read_text(file);
    }
    // An apk v2 file: signature, control and data members.
    std::string package(const std::string& data, const Key& signer, bool sha256 = false) {
        std::string data_gz = gz({{"sbin/apk.static", 'f', data, 0755}});
        std::string control =
            gz({{".PKGINFO", 'f',
                 "pkgname = apk-tools-static\ndatahash = " + hex_sha256(data_gz) + "\n"}});
        std::string name =
            sha256 ? ".SIGN.RSA256.test-1234.rsa.pub" : ".SIGN.RSA.test-1234.rsa.pub";
        std::string sig =
            gz({{name, 'f', signer.sign(control, sha256 ? EVP_sha256() : EVP_sha1())}});
        return sig + control + data_gz;
    }
};

TEST_F(ApkVerify, SignedPackageIsAccepted) {
    EXPECT_EQ(apk_signature_problem(package("#!/bin/sh\n", key), keys, true), std::nullopt);
    EXPECT_EQ(apk_signature_problem(package("#!/bin/sh\n", key, true), keys, true), std::nullopt);
}

TEST_F(ApkVerify, SignedIndexIsAccepted) {
    std::string index = gz({{"APKINDEX", 'f', "P:apk-tools-static\nV:2.14.0-r0\n\n"}});
    std::string sig = gz({{".SIGN.RSA.test-1234.rsa.pub", 'f', key.sign(index, EVP_sha1())}});
    EXPECT_EQ(apk_signature_problem(sig + index, keys, false), std::nullopt);
    // One changed byte of the signed part.
    std::string bad = sig + index;
    bad[sig.size() + 20] ^= 1;
    EXPECT_NE(apk_signature_problem(bad, keys, false), std::nullopt);
}

TEST_F(ApkVerify, AnotherKeysSignatureIsRefused) {
    Key other;
    auto p = apk_signature_problem(package("x", other), keys, true);
    ASSERT_TRUE(p);
    EXPECT_NE(p->find("does not match"), std::string::npos) << *p;
    // A key name we do not ship.
    auto q = apk_signature_problem(package("x", key), {{"other.rsa.pub", key.pem()}}, true);
    ASSERT_TRUE(q);
    EXPECT_NE(q->find("unknown key \"test-1234.rsa.pub\""), std::string::npos) << *q;
}

TEST_F(ApkVerify, ChangedDataIsRefused) {
    std::string good = package("real", key);
    std::string evil_data = gz({{"sbin/apk.static", 'f', "evil", 0755}});
    // Same signed signature and control members, another data member.
    std::string first_two =
        good.substr(0, good.size() - gz({{"sbin/apk.static", 'f', "real", 0755}}).size());
    auto p = apk_signature_problem(first_two + evil_data, keys, true);
    ASSERT_TRUE(p);
    EXPECT_NE(p->find("not the ones its signed .PKGINFO names"), std::string::npos) << *p;
}

TEST_F(ApkVerify, UnsignedOrBrokenFilesAreRefused) {
    std::string control = gz({{".PKGINFO", 'f', "pkgname = x\n"}});
    EXPECT_TRUE(apk_signature_problem(control + control, keys, true));
    EXPECT_TRUE(apk_signature_problem("not gzip at all", keys, true));
    EXPECT_TRUE(apk_signature_problem("", keys, true));
    std::string p = package("x", key);
    EXPECT_TRUE(apk_signature_problem(p.substr(0, p.size() / 2), keys, true));
}

TEST(AlpineKeys, AllShippedKeysAreRsaPublicKeys) {
    ASSERT_GE(alpine_keys().size(), 16u);
    for (const auto& [name, pem] : alpine_keys()) {
        EXPECT_EQ(name.rfind("alpine-devel@lists.alpinelinux.org-", 0), 0u) << name;
        std::unique_ptr<BIO, decltype(&BIO_free)> bio(
            BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
        std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> k(
            PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
        ASSERT_TRUE(k) << name;
        EXPECT_EQ(EVP_PKEY_get_base_id(k.get()), EVP_PKEY_RSA) << name;
    }
}

} // namespace
} // namespace vagga::runtime::build
