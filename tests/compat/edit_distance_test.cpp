// Levenshtein distance over bytes and over caller-split characters.
#include "compat/edit_distance.h"

#include <gtest/gtest.h>

namespace vagga::compat {
namespace {

TEST(EditDistance, Bytes) {
    EXPECT_EQ(edit_distance("", ""), 0u);
    EXPECT_EQ(edit_distance("", "abc"), 3u);
    EXPECT_EQ(edit_distance("abc", ""), 3u);
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
    EXPECT_EQ(edit_distance("setup", "setpu"), 2u);
    EXPECT_EQ(edit_distance("environ", "environ"), 0u);
    // A two-byte character against a one-byte one: two edits in bytes.
    EXPECT_EQ(edit_distance("\xC3\xA9", "e"), 2u);
}

TEST(EditDistance, Characters) {
    using V = std::vector<std::string>;
    EXPECT_EQ(edit_distance(V{}, V{}), 0u);
    EXPECT_EQ(edit_distance(V{"-", "-", "v"}, V{"-", "-", "x"}), 1u);
    // The same pair as above: one edit in characters.
    EXPECT_EQ(edit_distance(V{"\xC3\xA9"}, V{"e"}), 1u);
    EXPECT_EQ(edit_distance(V{"k", "i", "t", "t", "e", "n"}, V{"s", "i", "t", "t", "i", "n", "g"}),
              3u);
}

} // namespace
} // namespace vagga::compat
