// Tags: stored without `!`, located, placed on the mapping for `- !T a: b`,
// and the forms vagga rejects.
#include "yaml_test_util.h"

namespace vagga::yaml::test {
namespace {

using diag::Code;

TEST_F(YamlTest, TagsAreStoredWithoutTheBang) {
    auto root =
        load("setup:\n- !Ubuntu xenial\n- !Sh \"echo\"\n- !Tag.x-y_z/1 v\n- !*Unpack [[a]]\n");
    EXPECT_TRUE(diags.empty()) << dump();
    const Node& s = at(root, "setup");
    ASSERT_EQ(s.items.size(), 4u - 1 + 1); // the unpack splices one item
    EXPECT_EQ(s.items[0]->tag, "Ubuntu");
    EXPECT_EQ(s.items[0]->text, "xenial");
    EXPECT_EQ(s.items[0]->style, Style::Plain);
    EXPECT_EQ(text_of(s.items[0]->tag_span), "!Ubuntu");
    EXPECT_EQ(text_of(s.items[0]->span), "xenial");
    EXPECT_EQ(pos(s.items[0]->span), "2:11");
    EXPECT_EQ(s.items[1]->tag, "Sh");
    EXPECT_EQ(s.items[1]->style, Style::Quoted);
    EXPECT_EQ(s.items[2]->tag, "Tag.x-y_z/1");
}

TEST_F(YamlTest, TaggedCollectionsAndBlockScalars) {
    auto root = load("cmd: !Command\n  run: x\nlist: !L [a]\nsh: !Sh |\n  echo\nmap: !M {a: b}\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(root, "cmd").tag, "Command");
    EXPECT_TRUE(at(root, "cmd").is_map());
    EXPECT_EQ(pos(at(root, "cmd").span), "2:3");
    EXPECT_EQ(at(root, "list").tag, "L");
    EXPECT_EQ(at(root, "sh").tag, "Sh");
    EXPECT_EQ(at(root, "sh").text, "echo\n");
    EXPECT_EQ(at(root, "sh").style, Style::Quoted);
    EXPECT_EQ(at(root, "map").tag, "M");
}

TEST_F(YamlTest, BareTagIsATaggedImplicitNull) {
    auto root = load("setup:\n- !Alpine\n- !Sh ''\n- !T ~\n- !U\nx: !V\n");
    EXPECT_TRUE(diags.empty()) << dump();
    const Node& s = at(root, "setup");
    ASSERT_EQ(s.items.size(), 4u);
    EXPECT_TRUE(s.items[0]->is_null());
    EXPECT_FALSE(s.items[0]->explicit_null);
    EXPECT_EQ(s.items[0]->tag, "Alpine");
    EXPECT_TRUE(s.items[1]->is_scalar());
    EXPECT_EQ(s.items[1]->text, "");
    EXPECT_EQ(s.items[1]->style, Style::Quoted);
    EXPECT_TRUE(s.items[2]->is_null());
    EXPECT_TRUE(s.items[2]->explicit_null);
    EXPECT_EQ(s.items[2]->tag, "T");
    EXPECT_TRUE(s.items[3]->is_null());
    EXPECT_EQ(s.items[3]->tag, "U");
    EXPECT_TRUE(at(root, "x").is_null());
    EXPECT_EQ(at(root, "x").tag, "V");
}

TEST_F(YamlTest, TagBeforeFirstKeyTagsTheMapping) {
    auto root = load("setup:\n- !CacheDirs /a: b\n- !AptTrust keys: [K]\n- !Tar\n  url: u\n");
    EXPECT_TRUE(diags.empty()) << dump();
    const Node& s = at(root, "setup");
    ASSERT_EQ(s.items.size(), 3u);
    const Node& cache = *s.items[0];
    EXPECT_TRUE(cache.is_map());
    EXPECT_EQ(cache.tag, "CacheDirs");
    EXPECT_EQ(text_of(cache.tag_span), "!CacheDirs");
    ASSERT_EQ(cache.entries.size(), 1u);
    EXPECT_EQ(cache.entries[0].key, "/a");
    EXPECT_EQ(text_of(cache.entries[0].key_span), "/a");
    EXPECT_EQ(s.items[1]->tag, "AptTrust");
    EXPECT_TRUE(at(*s.items[1], "keys").is_seq());
    EXPECT_EQ(s.items[2]->tag, "Tar");
}

TEST_F(YamlTest, TagOnALaterKeyIsAnError) {
    auto root = load("a: 1\n!T b: 2\n");
    ASSERT_EQ(count(Code::YamlSyntax), 1u) << dump();
    EXPECT_EQ(pos(first(Code::YamlSyntax)->span), "2:1");
    EXPECT_TRUE(root->tag.empty());
    EXPECT_EQ(at(root, "b").text, "2");
}

TEST_F(YamlTest, EmptyTagIsAnErrorAndUntagged) {
    auto root = load("a: ! x\nb: ! \"y\"\n");
    EXPECT_EQ(count(Code::YamlSyntax), 2u) << dump();
    EXPECT_EQ(first(Code::YamlSyntax)->message, "unexpected empty tag");
    EXPECT_EQ(pos(first(Code::YamlSyntax)->span), "1:4");
    EXPECT_TRUE(at(root, "a").tag.empty());
    EXPECT_EQ(at(root, "a").text, "x");
    EXPECT_EQ(at(root, "b").style, Style::Quoted);
}

TEST_F(YamlTest, GlobalTagsAreRejected) {
    auto root = load("a: !!str x\nb: !!int 3\n");
    EXPECT_EQ(count(Code::YamlSyntax), 2u) << dump();
    EXPECT_EQ(pos(first(Code::YamlSyntax)->span), "1:4");
    EXPECT_TRUE(at(root, "a").tag.empty());
    EXPECT_EQ(at(root, "a").text, "x");
}

TEST_F(YamlTest, AnchorAndTagInEitherOrder) {
    auto root = load("a: &x !T v\nb: !U &y w\nc: *x\nd: *y\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(root, "c").tag, "T");
    EXPECT_EQ(at(root, "c").text, "v");
    EXPECT_EQ(at(root, "d").tag, "U");
    EXPECT_EQ(text_of(at(root, "b").span), "w");
}

TEST_F(YamlTest, RootTagAlone) {
    auto root = load("!T\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_TRUE(root->is_null());
    EXPECT_EQ(root->tag, "T");
}

} // namespace
} // namespace vagga::yaml::test
