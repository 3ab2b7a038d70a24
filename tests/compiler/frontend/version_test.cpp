// compare_versions: every row of the table in config.md §3.2, both ways.
#include "compiler/project/project.h"
#include "compiler/project/version.h"

#include <gtest/gtest.h>

namespace vagga::project {
namespace {

int sign(int v) {
    return v < 0 ? -1 : v > 0 ? 1 : 0;
}
int cmp(std::string_view a, std::string_view b) {
    return sign(compare_versions(a, b));
}

struct Row {
    const char* left;
    const char* right;
    int result;
};

// The worked results of config.md §3.2 (left = minimum-vagga, right = current).
const Row kTable[] = {
    {"v0.8.1", "v0.8.1", 0},
    {"0.8.1", "v0.8.1", 0},
    {"v0.08.1", "v0.8.1", 0},
    {"0.8.1_2", "0.8.1-2", 0},
    {"v0.8.1", "v0.8.1-5-gabc1234", -1},
    {"v0.8.2", "v0.8.1-5-gabc1234", 1},
    {"v0.8", "v0.8.1", -1},
    {"v0.8.1.0", "v0.8.1", 1},
    {"v0.8.1-1", "v0.8.1", 1},
    {"v0.8.1-dev", "v0.8.1", -1},
    {"v0.8.1-rc1", "v0.8.1", 1},
    {"v0.8.1-rc.1", "v0.8.1", -1},
    {"v0.8.1-beta", "v0.8.1", 1},
    {"v0.8.1-alpha", "v0.8.1", 1},
    {"v0.8.1-x", "v0.8.1", 1},
    {"v0.8.1-g123", "v0.8.1", -1},
    {"V0.8.1", "v0.8.1", -1},
    {"9999.0.0", "v0.8.1", 1},
};

TEST(CompareVersions, SpecTable) {
    for (const auto& r : kTable)
        EXPECT_EQ(cmp(r.left, r.right), r.result) << r.left << " vs " << r.right;
}

TEST(CompareVersions, TrailingComponentRulesFromBothSides) {
    // (end) vs Num / Num vs (end)
    EXPECT_EQ(cmp("v0.8.1", "v0.8.1.0"), -1);
    // (end) vs listed pre-release word: a > b
    for (const char* w : {"a", "b", "c", "rc", "pre", "dev", "dirty"}) {
        std::string longer = std::string("v0.8.1-") + w;
        EXPECT_EQ(cmp("v0.8.1", longer), 1) << w;
        EXPECT_EQ(cmp(longer, "v0.8.1"), -1) << w;
    }
    // (end) vs other word: a < b; consistent from the other side.
    EXPECT_EQ(cmp("v0.8.1", "v0.8.1-x"), -1);
    EXPECT_EQ(cmp("v0.8.1-x", "v0.8.1"), 1);
}

TEST(CompareVersions, GitDescribeSuffixIsLessOnBothSides) {
    // Not antisymmetric: `g...` is "less" whichever side it is on.
    EXPECT_EQ(cmp("v0.8.1", "v0.8.1-g123"), -1);
    EXPECT_EQ(cmp("v0.8.1-g123", "v0.8.1"), -1);
    EXPECT_EQ(cmp("v0.8.1-gabc", "v0.8.1"), -1);
    EXPECT_EQ(cmp("v0.8.1", "v0.8.1-gabc"), -1);
}

TEST(CompareVersions, ComponentKinds) {
    EXPECT_EQ(cmp("1.x", "1.2"), -1); // Str < Num
    EXPECT_EQ(cmp("1.2", "1.x"), 1);  // Num > Str
    EXPECT_EQ(cmp("1.abc", "1.abd"), -1);
    EXPECT_EQ(cmp("v0.10.0", "v0.9.0"), 1);
    // A number too large for u64 is a string, which sorts below numbers.
    EXPECT_EQ(cmp("99999999999999999999999", "1"), -1);
}

TEST(CompareVersions, CompatVersion) {
    EXPECT_EQ(compat_version(), "v0.8.1");
    EXPECT_LE(compare_versions("v0.8.1", compat_version()), 0);
    EXPECT_GT(compare_versions("v0.8.2", compat_version()), 0);
}

} // namespace
} // namespace vagga::project
