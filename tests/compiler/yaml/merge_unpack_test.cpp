// `<<` merge keys and `!*Unpack`.
#include "yaml_test_util.h"

namespace vagga::yaml::test {
namespace {

using diag::Code;

TEST_F(YamlTest, MergeLocalKeysWinAndMergedKeysComeAfter) {
    auto root = load("_b: &b {x: base, y: base}\nm:\n  y: local\n  <<: *b\n  z: local\n");
    EXPECT_TRUE(diags.empty()) << dump();
    const Node& m = at(root, "m");
    EXPECT_EQ(keys(root->find("m")->value), (std::vector<std::string>{"y", "z", "x"}));
    EXPECT_EQ(at(m, "y").text, "local");
    EXPECT_EQ(at(m, "x").text, "base");
    EXPECT_EQ(m.find("<<"), nullptr);
}

TEST_F(YamlTest, MergeListEarlierWins) {
    auto root = load("_a: &a {k: a, p: a}\n_b: &b {k: b, q: b}\nm:\n  <<: [*a, *b, {r: c}]\n");
    EXPECT_TRUE(diags.empty()) << dump();
    const Node& m = at(root, "m");
    EXPECT_EQ(at(m, "k").text, "a");
    EXPECT_EQ(at(m, "p").text, "a");
    EXPECT_EQ(at(m, "q").text, "b");
    EXPECT_EQ(at(m, "r").text, "c");
}

TEST_F(YamlTest, MergeIsShallowAndDropsTheSourceTag) {
    auto root = load("_a: &a !Tagged {env: {A: 1, B: 1}}\nm: !Mine\n  <<: *a\n  env: {A: 2}\n");
    EXPECT_TRUE(diags.empty()) << dump();
    const Node& m = at(root, "m");
    EXPECT_EQ(m.tag, "Mine");
    EXPECT_EQ(at(m, "env").entries.size(), 1u);
    EXPECT_EQ(at(at(m, "env"), "A").text, "2");
    auto root2 = load("_a: &a !Tagged {k: 1}\nm:\n  <<: *a\n", "/virtual/p2/vagga.yaml");
    EXPECT_TRUE(at(root2, "m").tag.empty());
}

TEST_F(YamlTest, MergeSourceIsAlreadyProcessed) {
    auto root = load("_a: &a {x: 1}\n_b: &b\n  <<: *a\n  y: 2\nm:\n  <<: *b\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(keys(root->find("m")->value), (std::vector<std::string>{"y", "x"}));
}

TEST_F(YamlTest, QuotedMergeKeyIsOrdinary) {
    auto root = load("m:\n  \"<<\": {a: 1}\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_TRUE(at(at(root, "m"), "<<").is_map());
}

TEST_F(YamlTest, BadMergeValuesAreLocatedErrors) {
    auto root = load("a:\n  <<: ~\n  k: 1\nb:\n  <<:\nc:\n  <<: text\n");
    ASSERT_EQ(count(Code::MergeError), 3u) << dump();
    const auto& l = diags.list();
    EXPECT_EQ(pos(l[0].span), "2:7");
    EXPECT_EQ(l[0].message, "value of merge key must be a mapping or a list of mappings");
    EXPECT_EQ(pos(l[1].span), "5:3"); // missing value: at the `<<` key
    EXPECT_EQ(pos(l[2].span), "7:7");
    EXPECT_EQ(keys(root->find("a")->value), (std::vector<std::string>{"k"}));
}

TEST_F(YamlTest, BadItemInMergeListKeepsGoodItems) {
    auto root = load("_a: &a {x: 1}\nm:\n  <<: [*a, bad, [1], {y: 2}]\n");
    ASSERT_EQ(count(Code::MergeError), 2u) << dump();
    EXPECT_EQ(pos(diags.list()[0].span), "3:12");
    EXPECT_EQ(pos(diags.list()[1].span), "3:17");
    EXPECT_EQ(keys(root->find("m")->value), (std::vector<std::string>{"x", "y"}));
}

TEST_F(YamlTest, UnpackSplicesSequences) {
    auto root = load("_a: &a [1, 2]\nl:\n- 0\n- !*Unpack [*a, [3], [!*Unpack [[4]]]]\n- 5\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(texts(at(root, "l")), (std::vector<std::string>{"0", "1", "2", "3", "4", "5"}));
}

TEST_F(YamlTest, UnpackChildThatIsAnUnpackGivesItsItemsAsTheyAre) {
    // As in the original: a child is merged item by item, so the items of
    // a child tagged !*Unpack are not spliced a second time.
    auto root = load("l:\n- !*Unpack [[1], !*Unpack [[2], 3]]\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(texts(at(root, "l")), (std::vector<std::string>{"1", "<sequence>", "3"}));
}

TEST_F(YamlTest, UnpackBlockForm) {
    auto root = load("_a: &a [x]\nl:\n- !*Unpack\n  - *a\n  - [y, z]\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(texts(at(root, "l")), (std::vector<std::string>{"x", "y", "z"}));
}

TEST_F(YamlTest, UnpackOfScalarChildIsDropped) {
    auto root = load("l:\n- !*Unpack [x, [y]]\n");
    ASSERT_EQ(count(Code::UnpackError), 1u) << dump();
    EXPECT_EQ(pos(first(Code::UnpackError)->span), "2:13");
    EXPECT_EQ(texts(at(root, "l")), (std::vector<std::string>{"y"}));
}

TEST_F(YamlTest, UnpackOutsideASequenceIsAnOrdinaryTag) {
    auto root = load("key: !*Unpack [[1]]\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(root, "key").tag, "*Unpack");
    ASSERT_EQ(at(root, "key").items.size(), 1u);
    EXPECT_TRUE(at(root, "key").items[0]->is_seq());
}

TEST_F(YamlTest, OldUnpackTagIsJustATag) {
    auto root = load("l:\n- !Unpack [[1]]\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(root, "l").items[0]->tag, "Unpack");
}

} // namespace
} // namespace vagga::yaml::test
