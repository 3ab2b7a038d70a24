#include "runtime/build/apk_verify.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <zlib.h>

#include <cstdlib>
#include <cstring>
#include <memory>

namespace vagga::runtime::build {
namespace {

// What one gzip member holds: its compressed bytes, and their inflated text
// (at most `limit`, which bounds what a hostile mirror can make us allocate).
struct Member {
    std::string_view raw;
    std::string text;
};

std::optional<std::string> split_members(std::string_view data, std::vector<Member>& out,
                                         size_t limit) {
    size_t at = 0;
    while (at < data.size() && out.size() < 3) {
        z_stream z{};
        if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
            return "cannot start zlib";
        }
        Member m;
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + at));
        z.avail_in = static_cast<uInt>(data.size() - at);
        char buf[16384];
        int rc = Z_OK;
        while (rc == Z_OK) {
            z.next_out = reinterpret_cast<Bytef*>(buf);
            z.avail_out = sizeof buf;
            rc = inflate(&z, Z_NO_FLUSH);
            m.text.append(buf, sizeof buf - z.avail_out);
            if (m.text.size() > limit) {
                rc = Z_MEM_ERROR;
            }
        }
        size_t used = data.size() - at - z.avail_in;
        inflateEnd(&z);
        if (rc != Z_STREAM_END) {
            return "not a complete gzip stream";
        }
        m.raw = data.substr(at, used);
        at += used;
        out.push_back(std::move(m));
    }
    return std::nullopt;
}

// The first file of a tar named with `prefix`: its full name and contents.
std::optional<std::pair<std::string, std::string>> tar_entry(const std::string& tar,
                                                             std::string_view prefix) {
    size_t at = 0;
    while (at + 512 <= tar.size()) {
        std::string name(tar.data() + at, strnlen(tar.data() + at, 100));
        if (name.empty()) {
            return std::nullopt; // the end blocks
        }
        size_t size = std::strtoul(std::string(tar.data() + at + 124, 12).c_str(), nullptr, 8);
        if (size > tar.size() - at - 512) {
            return std::nullopt;
        }
        if (name.compare(0, prefix.size(), prefix) == 0) {
            return std::make_pair(name, tar.substr(at + 512, size));
        }
        at += 512 + (size + 511) / 512 * 512;
    }
    return std::nullopt;
}

std::string hex(const unsigned char* d, size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < n; ++i) {
        s += digits[d[i] >> 4];
        s += digits[d[i] & 15];
    }
    return s;
}

bool rsa_verify(const std::string& pem, const EVP_MD* md, std::string_view signed_bytes,
                const std::string& signature) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr, EVP_PKEY_free);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!key || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key.get()) != 1) {
        return false;
    }
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(),
                            reinterpret_cast<const unsigned char*>(signed_bytes.data()),
                            signed_bytes.size()) == 1;
}

} // namespace

std::optional<std::string>
apk_signature_problem(std::string_view data, const std::vector<ApkKey>& keys, bool whole_package) {
    std::vector<Member> members;
    if (auto e = split_members(data, members, 256 << 20)) {
        return e;
    }
    if (members.size() < 2) {
        return "no signature: not a signed apk file";
    }
    auto sig = tar_entry(members[0].text, ".SIGN.RSA");
    if (!sig) {
        return "no signature: not a signed apk file";
    }
    // `.SIGN.RSA.<key>` signs with SHA-1, `.SIGN.RSA256.<key>` with SHA-256.
    bool sha256 = sig->first.compare(0, 13, ".SIGN.RSA256.") == 0;
    std::string key_name = sig->first.substr(sha256 ? 13 : 10);
    const std::string* pem = nullptr;
    for (const auto& [name, text] : keys) {
        if (name == key_name) {
            pem = &text;
        }
    }
    if (!pem) {
        return "signed with an unknown key \"" + key_name + "\"";
    }
    if (!rsa_verify(*pem, sha256 ? EVP_sha256() : EVP_sha1(), members[1].raw, sig->second)) {
        return "the signature by \"" + key_name + "\" does not match";
    }
    if (!whole_package) {
        return std::nullopt;
    }
    if (members.size() < 3) {
        return "the package has no data part";
    }
    auto info = tar_entry(members[1].text, ".PKGINFO");
    std::string want;
    if (info) {
        size_t at = info->second.find("\ndatahash = ");
        if (at != std::string::npos) {
            want = info->second.substr(at + 12, 64);
        }
    }
    unsigned char d[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(members[2].raw.data()), members[2].raw.size(), d);
    if (want.size() != 64 || hex(d, sizeof d) != want) {
        return "the package's files are not the ones its signed .PKGINFO names";
    }
    return std::nullopt;
}

} // namespace vagga::runtime::build
