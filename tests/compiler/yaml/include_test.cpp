// `!*Include`: relative resolution, refusals, cycles, errors in the included
// file, includes as merge sources and inside `!*Unpack`.
#include "yaml_test_util.h"

namespace vagga::yaml::test {
namespace {

using diag::Code;

TEST_F(YamlTest, IncludeReplacesTheScalar) {
    file("/virtual/project/parser.yaml", "setup:\n- !Alpine v3.5\n");
    auto root = load("containers:\n  parser: !*Include parser.yaml\n");
    EXPECT_TRUE(diags.empty()) << dump();
    const Node& p = at(at(root, "containers"), "parser");
    ASSERT_TRUE(p.is_map());
    EXPECT_EQ(at(p, "setup").items[0]->tag, "Alpine");
    EXPECT_EQ(file_of(p.span), "/virtual/project/parser.yaml");
    EXPECT_EQ(pos(at(p, "setup").items[0]->span), "2:11");
}

TEST_F(YamlTest, IncludeAsMergeValueAndItem) {
    file("/virtual/project/subdir/subs.yaml", "c1: {a: 1}\nc2: {a: 2}\n");
    file("/virtual/project/more.yaml", "c3: {a: 3}\nc1: {a: 9}\n");
    auto root =
        load("containers:\n  c0: {}\n  <<: [!*Include subdir/subs.yaml, !*Include more.yaml]\n"
             "other:\n  <<: !*Include more.yaml\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(keys(root->find("containers")->value),
              (std::vector<std::string>{"c0", "c1", "c2", "c3"}));
    EXPECT_EQ(at(at(at(root, "containers"), "c1"), "a").text, "1");
    EXPECT_EQ(keys(root->find("other")->value), (std::vector<std::string>{"c3", "c1"}));
}

TEST_F(YamlTest, IncludeInsideUnpack) {
    file("/virtual/project/steps.yaml", "- !Sh a\n- !Sh b\n");
    file("/virtual/project/map.yaml", "k: v\n");
    auto root =
        load("setup:\n- !Sh first\n- !*Unpack [!*Include steps.yaml, !*Include map.yaml]\n");
    ASSERT_EQ(count(Code::UnpackError), 1u) << dump();
    EXPECT_EQ(pos(first(Code::UnpackError)->span), "3:45"); // the include's argument
    const Node& s = at(root, "setup");
    // The non-sequence include stays as one item, as in the original.
    ASSERT_EQ(s.items.size(), 4u);
    EXPECT_EQ(s.items[1]->text, "a");
    EXPECT_EQ(s.items[2]->text, "b");
    EXPECT_TRUE(s.items[3]->is_map());
}

TEST_F(YamlTest, NestedIncludesResolveRelativeToTheIncludedFile) {
    file("/virtual/project/a/one.yaml", "inner: !*Include b/two.yaml\n");
    file("/virtual/project/a/b/two.yaml", "leaf: ok\n");
    auto root = load("x: !*Include a/one.yaml\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(at(at(root, "x"), "inner"), "leaf").text, "ok");
}

TEST_F(YamlTest, IncludePathNormalisation) {
    file("/virtual/project/a/b.yaml", "v\n");
    auto root = load("p: !*Include a/./b.yaml\nq: !*Include a//b.yaml\nr: !*Include a/b.yaml/\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(root, "p").text, "v");
    EXPECT_EQ(at(root, "q").text, "v");
    EXPECT_EQ(at(root, "r").text, "v");
}

TEST_F(YamlTest, IncludeEscapesAreRefused) {
    file("/virtual/x.yaml", "v\n");
    file("/virtual/project/x.yaml", "v\n");
    auto root = load("a: !*Include ../x.yaml\nb: !*Include /virtual/x.yaml\nc: !*Include ./x.yaml\n"
                     "d: !*Include sub/../x.yaml\n");
    ASSERT_EQ(count(Code::IncludeEscape), 4u) << dump();
    EXPECT_EQ(first(Code::IncludeEscape)->message,
              "only relative paths without parent directories can be included");
    EXPECT_EQ(pos(first(Code::IncludeEscape)->span), "1:14");
    EXPECT_TRUE(at(root, "a").is_null());
    EXPECT_FALSE(at(root, "a").explicit_null);
    EXPECT_EQ(pos(at(root, "a").span), "1:14");
}

TEST_F(YamlTest, MissingIncludeIsLocatedAndBecomesImplicitNull) {
    auto root = load("a: !*Include sub/missing.yaml\nb: 1\n");
    ASSERT_EQ(count(Code::IncludeError), 1u) << dump();
    const auto* d = first(Code::IncludeError);
    EXPECT_EQ(pos(d->span), "1:14");
    EXPECT_NE(d->message.find("No such file or directory"), std::string::npos) << d->message;
    EXPECT_NE(d->message.find("sub/missing.yaml"), std::string::npos);
    EXPECT_TRUE(at(root, "a").is_null());
    EXPECT_EQ(at(root, "b").text, "1");
}

TEST_F(YamlTest, FailedIncludeAsMergeGivesOnlyOneError) {
    auto root = load("m:\n  <<: !*Include nope.yaml\n  k: 1\n");
    EXPECT_EQ(diags.size(), 1u) << dump();
    EXPECT_EQ(count(Code::IncludeError), 1u);
    EXPECT_EQ(keys(root->find("m")->value), (std::vector<std::string>{"k"}));
}

TEST_F(YamlTest, IncludeCycleIsDetected) {
    file("/virtual/project/a.yaml", "x: !*Include b.yaml\n");
    file("/virtual/project/b.yaml", "y: !*Include a.yaml\n");
    auto root = load("top: !*Include a.yaml\nself: !*Include vagga.yaml\n");
    ASSERT_EQ(count(Code::IncludeCycle), 2u) << dump();
    EXPECT_EQ(file_of(diags.list()[0].span), "/virtual/project/b.yaml");
    EXPECT_EQ(file_of(diags.list()[1].span), "/virtual/project/vagga.yaml");
    EXPECT_TRUE(at(at(at(root, "top"), "x"), "y").is_null());
}

TEST_F(YamlTest, ErrorsInIncludedFileAreReportedThere) {
    file("/virtual/project/bad.yaml", "ok: 1\nk: [unclosed\n");
    file("/virtual/project/dup.yaml", "a: 1\na: 2\n");
    auto root = load("x: !*Include bad.yaml\ny: !*Include dup.yaml\nz: fine\n");
    ASSERT_EQ(count(Code::YamlSyntax), 1u) << dump();
    EXPECT_EQ(file_of(first(Code::YamlSyntax)->span), "/virtual/project/bad.yaml");
    ASSERT_EQ(count(Code::DupKey), 1u);
    EXPECT_EQ(file_of(first(Code::DupKey)->span), "/virtual/project/dup.yaml");
    EXPECT_EQ(pos(first(Code::DupKey)->span), "2:1");
    EXPECT_EQ(at(root, "z").text, "fine");
}

TEST_F(YamlTest, IncludedFileHasItsOwnAnchors) {
    file("/virtual/project/inc.yaml", "a: *outer\n");
    load("x: &outer 1\ny: !*Include inc.yaml\n");
    ASSERT_EQ(count(Code::YamlSyntax), 1u) << dump();
    EXPECT_EQ(file_of(first(Code::YamlSyntax)->span), "/virtual/project/inc.yaml");
}

TEST_F(YamlTest, IncludeSeqAndMapAreNotSupported) {
    auto root = load("a: !*IncludeSeq \"*.yaml\"\nb: !*IncludeMap \"*.yaml\"\n");
    ASSERT_EQ(count(Code::IncludeError), 2u) << dump();
    EXPECT_EQ(diags.list()[0].message, "sequence includes aren't supported");
    EXPECT_EQ(diags.list()[1].message, "mapping includes aren't supported");
    EXPECT_TRUE(at(root, "a").is_null());
}

TEST_F(YamlTest, IncludeTagOnNonScalarIsAnOrdinaryTag) {
    auto root = load("a: !*Include {x: 1}\nb: !*Include\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(root, "a").tag, "*Include");
    EXPECT_TRUE(at(root, "b").is_null());
    EXPECT_EQ(at(root, "b").tag, "*Include");
}

TEST_F(YamlTest, SettingsFilesTakeNoIncludes) {
    file("/virtual/project/x.yaml", "v\n");
    opts.allow_includes = false;
    auto root = load("a: !*Include x.yaml\n");
    ASSERT_EQ(count(Code::IncludeError), 1u) << dump();
    EXPECT_EQ(first(Code::IncludeError)->message, "includes are not supported in settings files");
    EXPECT_TRUE(at(root, "a").is_null());
}

TEST_F(YamlTest, IncludeDepthLimit) {
    opts.max_include_depth = 3;
    for (int i = 0; i < 6; ++i)
        file("/virtual/project/f" + std::to_string(i) + ".yaml",
             "n: !*Include f" + std::to_string(i + 1) + ".yaml\n");
    file("/virtual/project/f6.yaml", "end\n");
    load("n: !*Include f0.yaml\n");
    EXPECT_EQ(count(Code::LimitExceeded), 1u) << dump();
}

TEST_F(YamlTest, RepeatedIncludeIsParsedOnce) {
    file("/virtual/project/big.yaml", "k: [1, 2, 3]\n");
    auto root = load("a: !*Include big.yaml\nb: !*Include big.yaml\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(root->find("a")->value, root->find("b")->value);
    EXPECT_EQ(sm.size(), 2u);
}

TEST_F(YamlTest, IncludeFromRealDirectory) {
    auto dir =
        std::filesystem::temp_directory_path() /
        ("vagga_yaml_inc_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + std::to_string(reinterpret_cast<uintptr_t>(this)));
    std::filesystem::create_directories(dir / "sub");
    {
        std::FILE* f = std::fopen((dir / "sub" / "c.yaml").c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs("image: alpine\n", f);
        std::fclose(f);
        f = std::fopen((dir / "vagga.yaml").c_str(), "w");
        std::fputs("c: !*Include sub/c.yaml\nd: !*Include sub\n", f);
        std::fclose(f);
    }
    auto root = load_path((dir / "vagga.yaml").string());
    EXPECT_EQ(at(at(root, "c"), "image").text, "alpine");
    // A directory where a file is expected.
    ASSERT_EQ(count(Code::IncludeError), 1u) << dump();
    EXPECT_NE(first(Code::IncludeError)->message.find("Is a directory"), std::string::npos);
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace vagga::yaml::test
