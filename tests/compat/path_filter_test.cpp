// Ports of path_filter's own unit tests (the crate vagga 0.8.1 uses).
#include "compat/path_filter.h"

#include <gtest/gtest.h>

namespace vagga::compat {
namespace {

std::unique_ptr<PathFilter> glob(std::vector<std::string> rules) {
    std::string error;
    auto f = PathFilter::glob(rules, error);
    EXPECT_TRUE(f) << error;
    return f;
}

// 'I' include, 'X' ignore, 'N' none.
char m(const PathFilter& f, std::string_view path, bool is_dir) {
    switch (f.matched(path, is_dir).kind) {
    case MatchKind::Include:
        return 'I';
    case MatchKind::Ignore:
        return 'X';
    case MatchKind::None:
        return 'N';
    }
    return '?';
}

TEST(PathFilter, RelativeNoWildcards) {
    auto f = glob({"foo"});
    EXPECT_EQ(m(*f, "foo", false), 'I');
    EXPECT_EQ(m(*f, "foo", true), 'I');
    EXPECT_EQ(m(*f, "test", false), 'N');
    EXPECT_EQ(m(*f, "test", true), 'N');
    EXPECT_EQ(m(*f, "dir/foo", false), 'I');
    EXPECT_EQ(m(*f, "dir/foo", true), 'I');
    EXPECT_EQ(m(*f, "foo/test", false), 'I');
    EXPECT_EQ(m(*f, "foo/test", true), 'I');
    EXPECT_EQ(m(*f, "dir/foo/test", false), 'I');
    EXPECT_EQ(m(*f, "dir/foo/test", true), 'I');
}

TEST(PathFilter, RelativeWithWildcard) {
    auto f = glob({"*.rs"});
    EXPECT_EQ(m(*f, "test.rs", false), 'I');
    EXPECT_EQ(m(*f, "dir/test.rs", false), 'I');
    EXPECT_EQ(m(*f, "dir/subdir/main.rs", false), 'I');
    EXPECT_EQ(m(*f, "test.py", false), 'N');
    EXPECT_EQ(m(*f, "test.rs.bak", false), 'N');
    EXPECT_EQ(m(*f, "dir", false), 'N');
    EXPECT_EQ(m(*f, "dir", true), 'N');
    EXPECT_EQ(m(*f, "dir/test.py", false), 'N');
    EXPECT_EQ(m(*f, ".git", false), 'N');
    EXPECT_EQ(m(*f, ".git", true), 'N');
    EXPECT_EQ(m(*f, ".git/test.rs", false), 'I');
}

TEST(PathFilter, AbsoluteNoWildcards) {
    auto f = glob({"/foo"});
    EXPECT_EQ(m(*f, "foo", false), 'I');
    EXPECT_EQ(m(*f, "foo", true), 'I');
    EXPECT_EQ(m(*f, "test", false), 'N');
    EXPECT_EQ(m(*f, "dir/foo", false), 'N');
    EXPECT_EQ(m(*f, "dir/foo", true), 'N');
    EXPECT_EQ(m(*f, "foo/test", false), 'I');
    EXPECT_EQ(m(*f, "foo/test", true), 'I');
    EXPECT_EQ(m(*f, "dir/foo/test", false), 'N');
}

TEST(PathFilter, AbsoluteWithWildcard) {
    auto f = glob({"/*.rs"});
    EXPECT_EQ(m(*f, "test.rs", false), 'I');
    EXPECT_EQ(m(*f, "test.py", false), 'N');
    EXPECT_EQ(m(*f, "dir/test.rs", false), 'N');
}

TEST(PathFilter, RelativeDir) {
    auto f = glob({"dir/"});
    EXPECT_EQ(m(*f, "test.rs", false), 'N');
    EXPECT_EQ(m(*f, "otherdir/test.rs", false), 'N');
    EXPECT_EQ(m(*f, "dir", true), 'I');
    EXPECT_EQ(m(*f, "dir", false), 'N');
    EXPECT_EQ(m(*f, "otherdir", true), 'N');
    EXPECT_EQ(m(*f, "dir/test.rs", false), 'I');
    EXPECT_EQ(m(*f, "dir/subdir", true), 'I');
    EXPECT_EQ(m(*f, "dir/subdir/test.rs", false), 'I');
    EXPECT_EQ(m(*f, "otherdir/dir", true), 'I');
    EXPECT_EQ(m(*f, "otherdir/dir", false), 'N');
    EXPECT_EQ(m(*f, "otherdir/dir/test.py", false), 'I');
    EXPECT_EQ(m(*f, "otherdir/dir/subdir", true), 'I');
}

TEST(PathFilter, AbsoluteDir) {
    auto f = glob({"/dir/"});
    EXPECT_EQ(m(*f, "dir", true), 'I');
    EXPECT_EQ(m(*f, "dir", false), 'N');
    EXPECT_EQ(m(*f, "dir/subdir/test.rs", false), 'I');
    EXPECT_EQ(m(*f, "otherdir/dir", true), 'N');
    EXPECT_EQ(m(*f, "otherdir/dir/test.py", false), 'N');
}

TEST(PathFilter, Inverse) {
    auto f = glob({"!.git/", "*.rs"});
    EXPECT_EQ(m(*f, "test.rs", false), 'I');
    EXPECT_EQ(m(*f, "dir", true), 'N');
    EXPECT_EQ(m(*f, ".git", false), 'N');
    EXPECT_EQ(m(*f, ".git", true), 'X');
    EXPECT_EQ(m(*f, ".git/test.rs", false), 'I');
    auto g = glob({"!target/build", "*.rs"});
    EXPECT_EQ(m(*g, "target/test.rs", false), 'I');
    EXPECT_EQ(m(*g, "target", true), 'N');
    EXPECT_EQ(m(*g, "target/build", false), 'X');
    EXPECT_EQ(m(*g, "target/build", true), 'X');
}

TEST(PathFilter, IgnorePatternAndInclude) {
    for (const char* inc : {"/dir", "/dir/"}) {
        auto f = glob({"!*.py", inc});
        EXPECT_EQ(m(*f, "test.rs", true), 'N');
        EXPECT_EQ(m(*f, "test.py", true), 'X');
        EXPECT_EQ(m(*f, "dir", true), 'I');
        EXPECT_EQ(m(*f, "dir/test.rs", false), 'I');
        EXPECT_EQ(m(*f, "dir/test.py", false), 'X');
    }
}

TEST(PathFilter, Escapes) {
    auto f = glob({"\\!dir/"});
    EXPECT_EQ(m(*f, "!dir", false), 'N');
    EXPECT_EQ(m(*f, "!dir", true), 'I');
    EXPECT_EQ(m(*f, "!dir/test.rs", false), 'I');
    EXPECT_EQ(m(*f, "dir", true), 'N');
    auto g = glob({"\\\\dir/"});
    EXPECT_EQ(m(*g, "\\dir", false), 'N');
    EXPECT_EQ(m(*g, "\\dir", true), 'I');
    EXPECT_EQ(m(*g, "\\dir/test.rs", false), 'I');
    auto h = glob({"dir\\*/"});
    EXPECT_EQ(m(*h, "dirx", true), 'N');
    EXPECT_EQ(m(*h, "dir*", true), 'I');
    EXPECT_EQ(m(*h, "dir*/test.rs", false), 'I');
    EXPECT_EQ(m(*h, "dir*x", false), 'N');
}

TEST(PathFilter, Precedence) {
    auto f = glob({"!.git/", ".git/"});
    EXPECT_EQ(m(*f, ".git", true), 'I');
    EXPECT_EQ(m(*f, ".git", false), 'N');
}

TEST(PathFilter, DoubleAsterisks) {
    auto f = glob({"**/foo"});
    EXPECT_EQ(m(*f, "foo", true), 'I');
    EXPECT_EQ(m(*f, "foo", false), 'I');
    EXPECT_EQ(m(*f, "foo/subdir/test.rs", false), 'I');
    auto g = glob({"dir/**/foo"});
    EXPECT_EQ(m(*g, "dir", true), 'I');
    EXPECT_EQ(m(*g, "dir", false), 'N');
    EXPECT_EQ(m(*g, "dir/test.rs", false), 'N');
    EXPECT_EQ(m(*g, "dir/subdir", true), 'I');
    EXPECT_EQ(m(*g, "dir/foo", false), 'I');
    EXPECT_EQ(m(*g, "dir/subdir/foo/test.rs", false), 'I');
    auto h = glob({"dir/**"});
    EXPECT_EQ(m(*h, "dir", true), 'I');
    // globset 0.4.8: `dir/**` does not match `dir` itself (spec §7.3).
    EXPECT_EQ(m(*h, "dir", false), 'N');
    EXPECT_EQ(m(*h, "dir/test.rs", false), 'I');
    EXPECT_EQ(m(*h, "dir/subdir/test.rs", false), 'I');
}

TEST(PathFilter, UniqueRules) {
    auto f = glob({"/dir/test/", "/dir/test/"});
    std::vector<std::string> globs;
    for (const auto& r : f->rules()) {
        globs.push_back(r.glob);
    }
    EXPECT_EQ(globs, (std::vector<std::string>{"dir", "dir/test", "dir/test/**/*"}));
}

TEST(PathFilter, Regex) {
    std::string error;
    auto f = PathFilter::regex(std::nullopt, std::nullopt, error);
    EXPECT_EQ(m(*f, "dir/test.rs", false), 'N');
    auto g = PathFilter::regex(std::string(R"((^|/)\.(git|hg)($|/)|\.bak$|\.orig$)"),
                               std::string(R"((^|/).*(\.rs|\.ini)$)"), error);
    ASSERT_TRUE(g) << error;
    EXPECT_EQ(m(*g, "test.ini", false), 'I');
    EXPECT_EQ(m(*g, "test.py", false), 'N');
    EXPECT_EQ(m(*g, "dir/test.bak", false), 'X');
    EXPECT_EQ(m(*g, ".git", true), 'X');
    EXPECT_EQ(m(*g, ".svn", true), 'N');
    EXPECT_EQ(m(*g, ".git/objects", true), 'X');
    EXPECT_EQ(m(*g, "dir/subdir/test.rs", false), 'I');
}

TEST(PathFilter, CreateRules) {
    std::string error;
    EXPECT_FALSE(create_path_filter({"/a"}, std::nullopt, std::string("x"), std::nullopt, error));
    EXPECT_FALSE(create_path_filter({}, true, std::nullopt, std::string("x"), error));
    EXPECT_FALSE(create_path_filter({"rel"}, std::nullopt, std::nullopt, std::nullopt, error));
    auto f =
        create_path_filter({"/hello", "/**/file"}, std::nullopt, std::nullopt, std::nullopt, error);
    ASSERT_TRUE(f) << error;
    EXPECT_EQ(f->action("hello", false), WalkAction::Select);
    // `**` (the intermediate of `/**/file`) enters every directory.
    EXPECT_EQ(f->action("subdir", true), WalkAction::SkipButDescend);
    EXPECT_EQ(f->action("subdir/file", false), WalkAction::Select);
    EXPECT_EQ(f->action("subdir/other", false), WalkAction::Drop);
    EXPECT_EQ(f->action("x.bak", false), WalkAction::Drop);
    auto g = create_path_filter({}, std::nullopt, std::nullopt, std::nullopt, error);
    ASSERT_TRUE(g);
    EXPECT_FALSE(g->is_glob());
    EXPECT_EQ(g->action(".git", true), WalkAction::Drop);
    EXPECT_EQ(g->action("a/b", false), WalkAction::Select);
}

} // namespace
} // namespace vagga::compat
