// Ports of path_filter's own unit tests (the crate vagga 0.8.1 uses), plus
// the spec's glob-to-regex translations.
#include "compiler/hash/glob.h"
#include "compiler/hash/path_filter.h"

#include <gtest/gtest.h>

namespace vagga::hash {
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

TEST(GlobRegex, Translations) {
    auto re = [](std::string_view g, bool sep) {
        std::string out;
        std::string error;
        EXPECT_TRUE(glob_to_regex(g, sep, out, error)) << error;
        return out;
    };
    EXPECT_EQ(re("**/foo", false), "(?:/?|[\\s\\S]*/)foo");
    EXPECT_EQ(re("a/**", true), "a/[\\s\\S]*");
    EXPECT_EQ(re("a/**/b", true), "a(?:/|/[\\s\\S]*/)b");
    EXPECT_EQ(re("**", false), "[\\s\\S]*");
    EXPECT_EQ(re("*.rs", false), "[\\s\\S]*\\.rs");
    EXPECT_EQ(re("*.rs", true), "[^/]*\\.rs");
    EXPECT_EQ(re("a?", true), "a[^/]");
    EXPECT_EQ(re("[!a-c]x", false), "[^a-c]x");
    EXPECT_EQ(re("a**b", true), "a[^/]*[^/]*b");
    EXPECT_EQ(re("{a,b}", true), "(b|a)");
    EXPECT_EQ(re("\\*x", true), "\\*x");
    std::string out;
    std::string error;
    EXPECT_FALSE(glob_to_regex("[abc", true, out, error));
    EXPECT_FALSE(glob_to_regex("x\\", true, out, error));
    EXPECT_FALSE(glob_to_regex("{a", true, out, error));
}

// The direct matcher against the translated regex, on globs path_filter
// generates and on odd ones.
TEST(GlobMatcher, AgreesWithRegex) {
    std::vector<std::string> globs = {
        "**/foo", "foo/**",       "**/a/**/b", "a/**/b", "**",   "*.rs",        "**/*.rs",
        "a?c",    "[a-c]x",       "[!a-c]x",   "[]x]",   "[-a]", "a[b-]",       "{a,b}/c",
        "x{,y}z", "**/.git/**/*", "**/#*#",    "**/.#*", "*~",   "a**b",        "**b",
        "a/**b",  "{**/a,b}",     "\\*x",      "/**/x",  "a//b", "**/dir/**/*", "dir/**/*",
    };
    std::vector<std::string> paths = {
        "",       "foo",        "dir/foo",  "foo/x", "a/b", "a/x/y/b", "ab",    "a/b/c",
        "x.rs",   "d/x.rs",     "d/e/x.rs", "abc",   "a/c", "ax",      "dx",    "]x",
        "-",      "a",          "ab-",      "a-",    "a/c", "b/c",     "xz",    "xyz",
        ".git/x", "d/.git/x/y", "#a#",      "d/#a#", ".#x", "y~",      "a/y~",  "acb",
        "a/xb",   "b",          "*x",       "x",     "/x",  "a//b",    "dir/x", "q/dir/x/y",
        "a\nb",   "a\n/b",      "\n",
    };
    for (bool sep : {false, true}) {
        for (const auto& g : globs) {
            std::string error;
            auto compiled = Glob::compile(g, sep, error);
            ASSERT_TRUE(compiled) << g << ": " << error;
            for (const auto& p : paths) {
                EXPECT_EQ(compiled->matches(p), compiled->matches_regex(p))
                    << "glob " << g << " sep " << sep << " path " << p << " regex "
                    << compiled->regex_text();
            }
        }
    }
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

TEST(PathFilter, DefaultIgnoreFastPathAgreesWithRegex) {
    std::string error;
    auto re = RustRegex::compile(kDefaultIgnoreRegex, error, false);
    ASSERT_TRUE(re) << error;
    for (std::string_view p :
         {"a",   ".git",   "x/.git", ".git/y",  "a.git",    ".gitx",   "dir/.vagga/z",
          ".hg", ".svn/x", "foo~",   "foo.bak", "foo.orig", "a.bak/b", "#x#",
          "#",   "##",     "d/#x#",  "#a\nb#",  "a#b#",     ".vagga",  "x.origx"}) {
        EXPECT_EQ(default_ignore_match(p), re->is_match(p)) << p;
    }
}

TEST(RustRegex, Semantics) {
    auto match = [](std::string_view pattern, std::string_view text) {
        std::string error;
        auto re = RustRegex::compile(pattern, error);
        EXPECT_TRUE(re) << pattern << ": " << error;
        return re && re->is_match(text);
    };
    EXPECT_TRUE(match("b$", "ab"));
    EXPECT_FALSE(match("a$", "a\nb"));  // `$` is the end of the text only
    EXPECT_FALSE(match("a.b", "a\nb")); // `.` does not match a newline
    EXPECT_TRUE(match("(?s)a.b", "a\nb"));
    EXPECT_TRUE(match("(?i)ABC", "xabcx"));
    EXPECT_TRUE(match("\\Ahello\\z", "hello"));
    EXPECT_TRUE(match("(?P<n>x)y", "xy"));
    EXPECT_TRUE(match("\\x41", "A"));
    EXPECT_TRUE(match("[]a]", "]"));
    EXPECT_TRUE(match("[[:digit:]]", "5"));
    EXPECT_TRUE(match("(?<n>x)y", "xy"));
    EXPECT_TRUE(match("[^]a]", "b"));
    // Unicode classes and \x{...}, which the std::regex translation refused.
    EXPECT_TRUE(match("^\\pL+$", "\xc3\xa9t\xc3\xa9"));
    EXPECT_TRUE(match("\\x{e9}", "\xc3\xa9"));
    std::string error;
    EXPECT_FALSE(RustRegex::compile("(", error));
    EXPECT_NE(error.find("regex error: "), std::string::npos) << error;
    // What the Rust crate refuses too: look-around and back-references.
    EXPECT_FALSE(RustRegex::compile("a(?=b)", error));
    EXPECT_FALSE(RustRegex::compile("(a)\\1", error));
}

// Linear time: a pattern that backtracks exponentially in std::regex (and
// recursed once per character) runs through a long path at once.
TEST(RustRegex, NoCatastrophicBacktracking) {
    std::string error;
    auto re = RustRegex::compile("^(a+)+$", error);
    ASSERT_TRUE(re) << error;
    EXPECT_FALSE(re->is_match(std::string(4000, 'a') + "!"));
    EXPECT_TRUE(re->is_match(std::string(4000, 'a')));
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
} // namespace vagga::hash
