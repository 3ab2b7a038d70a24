#include "compat/path_order.h"

#include <algorithm>
#include <gtest/gtest.h>

namespace vagga::compat {
namespace {

TEST(PathOrder, ComponentOrderFromSpec) {
    std::vector<std::string> v = {"/a.b", "/a-b", "/a b", "/a/b"};
    std::sort(v.begin(), v.end(), PathLess{});
    EXPECT_EQ(v, (std::vector<std::string>{"/a/b", "/a b", "/a-b", "/a.b"}));
    std::vector<std::string> w = {"sub.txt", "sub-dir", "sub/x", "sub"};
    std::sort(w.begin(), w.end(), PathLess{});
    EXPECT_EQ(w, (std::vector<std::string>{"sub", "sub/x", "sub-dir", "sub.txt"}));
}

TEST(PathOrder, EquivalentSpellings) {
    EXPECT_EQ(compare_paths("/a", "/a/"), 0);
    EXPECT_EQ(compare_paths("/a//b", "/a/b"), 0);
    EXPECT_EQ(compare_paths("/a/./b", "/a/b"), 0);
    EXPECT_LT(compare_paths("/", "/a"), 0);
    EXPECT_LT(compare_paths("/z", "a"), 0);  // RootDir sorts before Normal
    EXPECT_LT(compare_paths("./a", "a"), 0); // a leading CurDir is kept
    EXPECT_LT(compare_paths("../a", "a"), 0);
}

TEST(PathOrder, JoinAndPrefix) {
    EXPECT_EQ(join_path("/work", "dir"), "/work/dir");
    EXPECT_EQ(join_path("/work", "/abs"), "/abs");
    EXPECT_EQ(join_path("/work/", "x"), "/work/x");
    EXPECT_EQ(join_path("", "x"), "x");
    EXPECT_TRUE(path_starts_with("/work/dir", "/work"));
    EXPECT_TRUE(path_starts_with("/work", "/work"));
    EXPECT_TRUE(path_starts_with("/work/", "/work"));
    EXPECT_FALSE(path_starts_with("/workspace", "/work"));
    EXPECT_EQ(strip_path_prefix("/work//a/./b/", "/work"), "a/b");
}

} // namespace
} // namespace vagga::compat
