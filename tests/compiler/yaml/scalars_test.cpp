// Scalars keep their text exactly; styles, nulls, block scalars, positions.
#include "yaml_test_util.h"

namespace vagga::yaml::test {
namespace {

using diag::Code;

TEST_F(YamlTest, ScalarsKeepTheirTextWithoutTyping) {
    auto root = load("a: 3.10\nb: 0755\nc: yes\nd: 1e3\ne: true\n");
    ASSERT_TRUE(root->is_map());
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(root, "a").text, "3.10");
    EXPECT_EQ(at(root, "b").text, "0755");
    EXPECT_EQ(at(root, "c").text, "yes");
    EXPECT_EQ(at(root, "d").text, "1e3");
    EXPECT_EQ(at(root, "e").text, "true");
    EXPECT_EQ(at(root, "a").style, Style::Plain);
}

TEST_F(YamlTest, QuotedStylesAndBlockScalarsAreQuoted) {
    auto root = load("a: 'x'\nb: \"y\"\nc: |\n  line1\n\n  line2\nd: plain\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(root, "a").style, Style::Quoted);
    EXPECT_EQ(at(root, "b").style, Style::Quoted);
    EXPECT_EQ(at(root, "c").style, Style::Quoted);
    EXPECT_EQ(at(root, "c").text, "line1\n\nline2\n");
    EXPECT_EQ(at(root, "d").style, Style::Plain);
}

TEST_F(YamlTest, StandardBlockIndicatorsHaveTheirStandardMeaning) {
    auto root = load("strip: |-\n  x\n  y\nkeep: |+\n  k\n\nfold: >\n  p\n  q\nfs: >-\n  r\n  s\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(root, "strip").text, "x\ny");
    EXPECT_EQ(at(root, "keep").text, "k\n\n");
    EXPECT_EQ(at(root, "fold").text, "p q\n");
    EXPECT_EQ(at(root, "fs").text, "r s");
    EXPECT_EQ(at(root, "fold").style, Style::Quoted);
}

TEST_F(YamlTest, FlowCollectionsHaveTheirStandardMeaning) {
    auto root = load("a: [x, 'y', {k: v}]\nb: {p: 1, q: [2]}\n");
    EXPECT_TRUE(diags.empty()) << dump();
    const Node& a = at(root, "a");
    ASSERT_TRUE(a.is_seq());
    ASSERT_EQ(a.items.size(), 3u);
    EXPECT_EQ(a.items[1]->style, Style::Quoted);
    EXPECT_TRUE(a.items[2]->is_map());
    EXPECT_EQ(text_of(a.span), "[x, 'y', {k: v}]");
    const Node& b = at(root, "b");
    EXPECT_EQ(text_of(b.span), "{p: 1, q: [2]}");
}

TEST_F(YamlTest, ExplicitAndImplicitNulls) {
    auto root = load("a: ~\nb: null\nc:\nd: '~'\ne: \"null\"\nf: Null\ng: NULL\nh: ~x\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_TRUE(at(root, "a").is_null());
    EXPECT_TRUE(at(root, "a").explicit_null);
    EXPECT_TRUE(at(root, "b").is_null());
    EXPECT_TRUE(at(root, "b").explicit_null);
    EXPECT_TRUE(at(root, "c").is_null());
    EXPECT_FALSE(at(root, "c").explicit_null);
    EXPECT_TRUE(at(root, "d").is_scalar());
    EXPECT_EQ(at(root, "d").text, "~");
    EXPECT_TRUE(at(root, "e").is_scalar());
    EXPECT_EQ(at(root, "f").text, "Null");
    EXPECT_EQ(at(root, "g").text, "NULL");
    EXPECT_EQ(at(root, "h").text, "~x");
}

TEST_F(YamlTest, ImplicitNullBeforeANullKeyIsNotExplicit) {
    // The value of `a` is missing; the `null` on the next line is a key.
    auto root = load("a:\nnull: 1\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_TRUE(at(root, "a").is_null());
    EXPECT_FALSE(at(root, "a").explicit_null);
    EXPECT_EQ(at(root, "null").text, "1");
}

TEST_F(YamlTest, NullsInSequencesAndFlowMaps) {
    auto root = load("s:\n- ~\n-\n- x\nm: {k, n: null}\n");
    EXPECT_TRUE(diags.empty()) << dump();
    const Node& s = at(root, "s");
    ASSERT_EQ(s.items.size(), 3u);
    EXPECT_TRUE(s.items[0]->explicit_null);
    EXPECT_TRUE(s.items[1]->is_null());
    EXPECT_FALSE(s.items[1]->explicit_null);
    const Node& m = at(root, "m");
    ASSERT_TRUE(m.is_map());
    EXPECT_FALSE(m.find("k")->value->explicit_null);
    EXPECT_TRUE(m.find("n")->value->explicit_null);
}

TEST_F(YamlTest, KeyStylesAndEmptyKey) {
    auto root = load("\"<<\": 1\nplain: 2\n: 3\n");
    EXPECT_TRUE(diags.empty()) << dump();
    ASSERT_EQ(root->entries.size(), 3u);
    EXPECT_FALSE(root->entries[0].key_plain);
    EXPECT_EQ(root->entries[0].key, "<<");
    EXPECT_TRUE(root->entries[1].key_plain);
    EXPECT_EQ(root->entries[2].key, "");
}

TEST_F(YamlTest, SpansCoverTokens) {
    auto root = load("containers:\n  app:\n    volumse: \"q\\\"x\"\n    k: 'it''s'\n    m: a b\n");
    EXPECT_TRUE(diags.empty()) << dump();
    const Node& app = at(at(root, "containers"), "app");
    ASSERT_TRUE(app.is_map());
    EXPECT_EQ(text_of(app.entries[0].key_span), "volumse");
    EXPECT_EQ(pos(app.entries[0].key_span), "3:5");
    EXPECT_EQ(text_of(app.entries[0].value->span), "\"q\\\"x\"");
    EXPECT_EQ(text_of(app.entries[1].value->span), "'it''s'");
    EXPECT_EQ(text_of(app.entries[2].value->span), "a b");
    EXPECT_EQ(pos(app.span), "3:5");
}

TEST_F(YamlTest, MultiLinePlainScalarSpan) {
    auto root = load("a: one\n  two\n  three\nb: x\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(root, "a").text, "one two three");
    EXPECT_EQ(text_of(at(root, "a").span), "one\n  two\n  three");
}

TEST_F(YamlTest, BlockScalarSpanCoversContent) {
    auto root = load("a: |\n  x\n  y\nb: 1\n");
    EXPECT_EQ(text_of(at(root, "a").span), "|\n  x\n  y");
}

TEST_F(YamlTest, ColumnsCountCharacters) {
    auto root = load("é: ü\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(pos(at(root, "é").span), "1:4");
}

TEST_F(YamlTest, CrLfLineEndings) {
    auto root = load("a: 1\r\nb:\r\n  - x\r\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(root, "a").text, "1");
    EXPECT_EQ(pos(at(root, "b").items[0]->span), "3:5");
}

TEST_F(YamlTest, RootScalar) {
    auto root = load("just text\n");
    EXPECT_TRUE(diags.empty()) << dump();
    ASSERT_TRUE(root->is_scalar());
    EXPECT_EQ(root->text, "just text");
}

} // namespace
} // namespace vagga::yaml::test
