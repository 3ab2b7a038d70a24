// Rust `regex` crate semantics on RE2, and the hand-written matcher for the
// default ignore pattern checked against the regex it replaces.
#include "compat/rust_regex.h"

#include <gtest/gtest.h>

#include <string>

namespace vagga::compat {
namespace {

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

TEST(RustRegex, DefaultIgnoreFastPathAgreesWithRegex) {
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

} // namespace
} // namespace vagga::compat
