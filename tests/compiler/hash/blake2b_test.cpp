#include "compiler/hash/blake2b.h"

#include <gtest/gtest.h>

namespace vagga::hash {
namespace {

// RFC 7693 Appendix A: BLAKE2b-512("abc").
TEST(Blake2b, Rfc7693Abc) {
    EXPECT_EQ(to_hex(blake2b_512("abc")),
              "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
              "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
}

TEST(Blake2b, Empty) {
    EXPECT_EQ(to_hex(blake2b_512("")),
              "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
              "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce");
}

TEST(Blake2b, StreamingEqualsOneShot) {
    std::string data(1000, 'x');
    Blake2b h;
    for (size_t i = 0; i < data.size(); i += 7) {
        h.update(std::string_view(data).substr(i, 7));
    }
    EXPECT_EQ(h.finish(), blake2b_512(data));
}

TEST(Blake2b, ShortHexIsPrefix) {
    auto d = blake2b_512("abc");
    EXPECT_EQ(to_hex(d, 4), "ba80a53f");
}

TEST(Blake2b, ResetAndMove) {
    Blake2b h;
    h.update("zzz");
    h.reset();
    h.update("abc");
    Blake2b moved = std::move(h);
    EXPECT_EQ(to_hex(moved.finish(), 4), "ba80a53f");
}

} // namespace
} // namespace vagga::hash
