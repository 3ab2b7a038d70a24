// The spec's glob-to-regex translations (globset 0.4.8), and the direct
// matcher checked against the translated regex.
#include "compat/glob.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vagga::compat {
namespace {

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

} // namespace
} // namespace vagga::compat
