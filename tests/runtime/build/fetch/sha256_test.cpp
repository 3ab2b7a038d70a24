// SHA-256 against the FIPS 180-4 examples.
#include "runtime/build/sha256.h"
#include "tests/runtime/build/fetch/test_util.h"

#include <gtest/gtest.h>

namespace vagga {
namespace {

using runtime::build::sha256_file;
using runtime::build::sha256_hex;

TEST(Sha256, FipsVectors) {
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, File) {
    testing::TempDir dir;
    testing::write_text(dir.path() + "/f", "abc");
    auto r = sha256_file(dir.path() + "/f");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value, sha256_hex("abc"));
    EXPECT_FALSE(sha256_file(dir.path() + "/missing").ok());
}

} // namespace
} // namespace vagga
