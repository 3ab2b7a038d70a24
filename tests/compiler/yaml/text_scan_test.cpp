// The lexical helpers on their own.
#include "compiler/yaml/text_scan.h"

#include <gtest/gtest.h>

namespace vagga::yaml::scan {
namespace {

TEST(TextScan, CheckTextAcceptsUtf8AndBom) {
    EXPECT_FALSE(check_text("a: b\n\tc: é ü 日本 😀\r\n").has_value());
    EXPECT_FALSE(check_text("\xEF\xBB\xBF"
                            "a")
                     .has_value());
}

TEST(TextScan, CheckTextFindsProblems) {
    auto p = check_text("ab\xFF");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->kind, EncodingProblem::Kind::InvalidUtf8);
    EXPECT_EQ(p->offset, 2u);
    p = check_text(std::string_view("a\0b", 3));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->kind, EncodingProblem::Kind::Nul);
    EXPECT_EQ(p->offset, 1u);
    p = check_text("x\xC2\x81");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->kind, EncodingProblem::Kind::Control);
    EXPECT_EQ(p->codepoint, 0x81u);
    EXPECT_TRUE(check_text("\xF4\x90\x80\x80")); // past U+10FFFF
    EXPECT_TRUE(check_text("\xE2\x82"));         // truncated
}

TEST(TextScan, NestingCountsBlocksDashesAndBrackets) {
    EXPECT_EQ(nesting_exceeds("a:\n b:\n  c: [[x]]\n", 5), npos);
    EXPECT_NE(nesting_exceeds("a:\n b:\n  c: [[[x]]]\n", 5), npos);
    EXPECT_NE(nesting_exceeds("- - - - - - x\n", 5), npos);
    EXPECT_EQ(nesting_exceeds("a: '[[[[[[['\n", 3), npos);
    EXPECT_EQ(nesting_exceeds("a: 'it''s [[[[[['\n", 3), npos);
    EXPECT_EQ(nesting_exceeds("a: x # [[[[[[\n", 3), npos);
    EXPECT_EQ(nesting_exceeds("a: |\n  [[[[[[[\n   [[[[\nb: c\n", 3), npos);
    EXPECT_EQ(nesting_exceeds("a: don't [x]\n", 3), npos);
    // Dedent pops levels.
    EXPECT_EQ(nesting_exceeds("a:\n b:\n  c: 1\nd:\n e:\n  f: 1\n", 3), npos);
}

TEST(TextScan, Properties) {
    std::string_view t = "!Sh &a  value";
    Props p = read_properties(t, 0);
    EXPECT_EQ(t.substr(p.tag_begin, p.tag_end - p.tag_begin), "!Sh");
    EXPECT_EQ(t.substr(p.anchor_begin, p.anchor_end - p.anchor_begin), "&a");
    EXPECT_EQ(p.content, 8u);
    std::string_view t2 = "!T\n  next";
    p = read_properties(t2, 0);
    EXPECT_EQ(p.end, 2u);
    EXPECT_EQ(p.content, 5u);
    p = read_properties("plain", 0);
    EXPECT_FALSE(p.any());
    EXPECT_EQ(p.content, 0u);
}

TEST(TextScan, ScalarEnds) {
    EXPECT_EQ(quoted_end("'a''b' x", 0), 6u);
    EXPECT_EQ(quoted_end("\"a\\\"b\" x", 0), 6u);
    EXPECT_EQ(plain_end("abc def # c", 0, "abc def"), 7u);
    EXPECT_EQ(plain_end("a\n  b\nc: d", 0, "a b"), 5u);
    EXPECT_EQ(block_scalar_end("k: |\n  x\n\n  y\nz: 1\n", 3), 13u);
}

TEST(TextScan, NullWords) {
    EXPECT_EQ(null_word("~", 0), 1u);
    EXPECT_EQ(null_word("null\n", 0), 4u);
    EXPECT_EQ(null_word("nullx", 0), 0u);
    EXPECT_EQ(null_word("~]", 0), 1u);
    EXPECT_TRUE(colon_follows(" : x", 0));
    EXPECT_FALSE(colon_follows(" :x", 0));
}

} // namespace
} // namespace vagga::yaml::scan
