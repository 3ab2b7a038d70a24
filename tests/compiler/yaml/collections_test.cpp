// Mappings and sequences: order, duplicate keys, anchors and aliases.
#include "yaml_test_util.h"

namespace vagga::yaml::test {
namespace {

using diag::Code;

TEST_F(YamlTest, MapsKeepSourceOrder) {
    auto root = load("zeta: 1\nalpha: 2\nmid: 3\n");
    EXPECT_EQ(keys(root), (std::vector<std::string>{"zeta", "alpha", "mid"}));
}

TEST_F(YamlTest, DuplicateKeyIsLocatedAndFirstWins) {
    auto root = load("containers:\n  a: 1\n  b: 2\n  a: 3\n");
    ASSERT_EQ(count(Code::DupKey), 1u) << dump();
    const auto* d = first(Code::DupKey);
    EXPECT_EQ(pos(d->span), "4:3");
    EXPECT_EQ(text_of(d->span), "a");
    ASSERT_EQ(d->notes.size(), 1u);
    EXPECT_EQ(pos(d->notes[0].span), "2:3");
    EXPECT_EQ(at(at(root, "containers"), "a").text, "1");
    EXPECT_EQ(at(root, "containers").entries.size(), 2u);
}

TEST_F(YamlTest, DuplicateKeysInLargeMap) {
    std::string text;
    for (int i = 0; i < 100; ++i)
        text += "k" + std::to_string(i) + ": v\n";
    text += "k57: again\n";
    auto root = load(text);
    ASSERT_EQ(count(Code::DupKey), 1u) << dump();
    EXPECT_EQ(pos(first(Code::DupKey)->span), "101:1");
    EXPECT_EQ(at(root, "k57").text, "v");
}

TEST_F(YamlTest, QuotedAndPlainSameKeyAreDuplicates) {
    load("a: 1\n'a': 2\n");
    EXPECT_EQ(count(Code::DupKey), 1u) << dump();
}

TEST_F(YamlTest, TwoMergeKeysAreDuplicates) {
    auto root = load("x: &x {a: 1}\ny: &y {b: 2}\nz:\n  <<: *x\n  <<: *y\n");
    ASSERT_EQ(count(Code::DupKey), 1u) << dump();
    EXPECT_EQ(pos(first(Code::DupKey)->span), "5:3");
    EXPECT_EQ(keys(root->find("z")->value), (std::vector<std::string>{"a"}));
}

TEST_F(YamlTest, AliasesShareTheAnchoredNode) {
    auto root = load("_t: &t\n  a: 1\n  b: [x]\nu: *t\nv: *t\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(root->find("u")->value, root->find("_t")->value);
    EXPECT_EQ(root->find("v")->value, root->find("_t")->value);
    // _t counts 4 nodes (map, 1, seq, x); the root counts each alias again.
    EXPECT_EQ(root->find("_t")->value->weight, 4u);
    EXPECT_EQ(root->weight, 1u + 3 * 4);
}

TEST_F(YamlTest, AnchorRedefinitionReplacesFromThatPoint) {
    auto root = load("a: &x 1\nb: *x\nc: &x 2\nd: *x\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(root, "b").text, "1");
    EXPECT_EQ(at(root, "d").text, "2");
}

TEST_F(YamlTest, UnknownAliasIsASyntaxError) {
    auto root = load("a: 1\nb: *nope\n");
    ASSERT_EQ(count(Code::YamlSyntax), 1u) << dump();
    EXPECT_EQ(pos(first(Code::YamlSyntax)->span), "2:4");
    EXPECT_TRUE(root->is_null());
}

TEST_F(YamlTest, AliasInsideItsOwnAnchorIsAnError) {
    auto root = load("a: &a [1, *a]\n");
    ASSERT_EQ(count(Code::YamlSyntax), 1u) << dump();
    EXPECT_EQ(pos(first(Code::YamlSyntax)->span), "1:11");
    ASSERT_TRUE(at(root, "a").is_seq());
    EXPECT_TRUE(at(root, "a").items[1]->is_null());
}

TEST_F(YamlTest, AnchorBeforeFirstKeyNamesTheMapping) {
    auto root = load("- &m a: 1\n  b: 2\n- *m\n");
    EXPECT_TRUE(diags.empty()) << dump();
    ASSERT_EQ(root->items.size(), 2u);
    EXPECT_EQ(root->items[1], root->items[0]);
    EXPECT_TRUE(root->items[1]->is_map());
}

TEST_F(YamlTest, AliasKeyIsAnErrorAndSkipped) {
    auto root = load("a: &a k\n*a : 3\nc: 2\n");
    ASSERT_EQ(count(Code::YamlSyntax), 1u) << dump();
    EXPECT_EQ(pos(first(Code::YamlSyntax)->span), "2:1");
    EXPECT_EQ(keys(root), (std::vector<std::string>{"a", "c"}));
}

TEST_F(YamlTest, CollectionKeyIsAnErrorAndSkipped) {
    auto root = load("? [a, b]\n: 1\nc: 2\n");
    ASSERT_EQ(count(Code::YamlSyntax), 1u) << dump();
    EXPECT_EQ(keys(root), (std::vector<std::string>{"c"}));
}

TEST_F(YamlTest, CompactNestedSequences) {
    auto root = load("- - a\n  - b\n- c\n");
    EXPECT_TRUE(diags.empty()) << dump();
    ASSERT_EQ(root->items.size(), 2u);
    EXPECT_EQ(texts(*root->items[0]), (std::vector<std::string>{"a", "b"}));
}

} // namespace
} // namespace vagga::yaml::test
