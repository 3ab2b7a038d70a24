// Hostile and broken input: every case ends in a located diagnostic (or a
// clean load), never a crash, a hang or unbounded memory.
#include "yaml_test_util.h"

#include <chrono>

namespace vagga::yaml::test {
namespace {

using diag::Code;

TEST_F(YamlTest, EmptyFileIsImplicitNull) {
    auto root = load("");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_TRUE(root->is_null());
    EXPECT_FALSE(root->explicit_null);
}

TEST_F(YamlTest, CommentsOnlyIsImplicitNull) {
    auto root = load("# just a comment\n\n   # another\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_TRUE(root->is_null());
    EXPECT_FALSE(root->explicit_null);
}

TEST_F(YamlTest, DocumentMarkersAreAllowed) {
    auto root = load("%YAML 1.2\n---\na: 1\n...\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(root, "a").text, "1");
}

TEST_F(YamlTest, SecondDocumentIsAnError) {
    auto root = load("a: 1\n---\nb: 2\n");
    ASSERT_EQ(count(Code::YamlSyntax), 1u) << dump();
    EXPECT_EQ(pos(first(Code::YamlSyntax)->span), "2:1");
    EXPECT_EQ(at(root, "a").text, "1");
}

TEST_F(YamlTest, ByteOrderMarkIsStripped) {
    auto root = load("\xEF\xBB\xBF"
                     "containers:\n  a: 1\n");
    EXPECT_TRUE(diags.empty()) << dump();
    ASSERT_TRUE(root->is_map());
    EXPECT_EQ(root->entries[0].key, "containers");
    EXPECT_EQ(text_of(root->entries[0].key_span), "containers");
    EXPECT_EQ(pos(at(root, "containers").entries[0].key_span), "2:3");
}

TEST_F(YamlTest, SyntaxErrorIsLocated) {
    auto root = load("a: 1\nb: [x, y\nc: 2\n");
    ASSERT_EQ(diags.size(), 1u) << dump();
    EXPECT_EQ(diags.list()[0].code, Code::YamlSyntax);
    EXPECT_TRUE(diags.list()[0].span.valid());
    EXPECT_TRUE(root->is_null());
}

TEST_F(YamlTest, BadIndentationIsASyntaxError) {
    load("a:\n  b: 1\n c: 2\n");
    EXPECT_EQ(count(Code::YamlSyntax), 1u) << dump();
    EXPECT_EQ(pos(first(Code::YamlSyntax)->span), "3:2");
}

TEST_F(YamlTest, InvalidUtf8IsLocatedAtTheFirstBadByte) {
    auto root = load("a: ok\nb: caf\xC3\n");
    ASSERT_EQ(diags.size(), 1u) << dump();
    EXPECT_EQ(diags.list()[0].code, Code::BadEncoding);
    EXPECT_EQ(pos(diags.list()[0].span), "2:7");
    EXPECT_TRUE(root->is_null());
}

TEST_F(YamlTest, OverlongAndSurrogateEncodingsAreInvalid) {
    load("a: \xC0\xAF\n");
    load("a: \xED\xA0\x80\n", "/virtual/p2/vagga.yaml");
    EXPECT_EQ(count(Code::BadEncoding), 2u) << dump();
}

TEST_F(YamlTest, NulBytesAreRefused) {
    std::string text = "a: b\n";
    text += std::string("\0\x01\x02binary", 9);
    auto root = load(text);
    ASSERT_EQ(diags.size(), 1u) << dump();
    EXPECT_EQ(diags.list()[0].code, Code::BadEncoding);
    EXPECT_EQ(pos(diags.list()[0].span), "2:1");
    EXPECT_TRUE(root->is_null());
}

TEST_F(YamlTest, RandomBinaryNeverCrashes) {
    uint32_t x = 12345;
    for (int round = 0; round < 50; ++round) {
        std::string text;
        for (int i = 0; i < 300; ++i) {
            x = x * 1103515245u + 12345u;
            text += static_cast<char>((x >> 16) & 0xFF);
        }
        load(text, "/virtual/bin/" + std::to_string(round) + ".yaml");
    }
    EXPECT_GE(diags.size(), 50u);
}

TEST_F(YamlTest, RandomYamlishTextNeverCrashes) {
    const char* pieces[] = {"a", ":", " ",    "\n",        "- ",  "[", "]",  "{",
                            "}", ",", "&x ",  "*x",        "!T ", "'", "\"", "|",
                            ">", "#", "<<: ", "!*Unpack ", "? ",  "~", "  ", "!*Include x.yaml"};
    uint32_t x = 777;
    for (int round = 0; round < 300; ++round) {
        std::string text;
        for (int i = 0; i < 40; ++i) {
            x = x * 1103515245u + 12345u;
            text += pieces[(x >> 16) % (sizeof pieces / sizeof pieces[0])];
        }
        NodePtr n = load(text, "/virtual/fuzz/" + std::to_string(round) + ".yaml");
        ASSERT_NE(n, nullptr);
    }
}

TEST_F(YamlTest, ControlCharactersAreRefused) {
    load("a: b\x07\n");
    ASSERT_EQ(diags.size(), 1u) << dump();
    EXPECT_EQ(diags.list()[0].code, Code::YamlSyntax);
    EXPECT_EQ(pos(diags.list()[0].span), "1:5");
}

TEST_F(YamlTest, DeepFlowNestingIsRefusedBeforeParsing) {
    std::string text = std::string(10000, '[') + std::string(10000, ']');
    auto root = load(text);
    ASSERT_EQ(diags.size(), 1u) << dump();
    EXPECT_EQ(diags.list()[0].code, Code::LimitExceeded);
    EXPECT_TRUE(root->is_null());
    diags.list().clear();
    load("a: " + std::string(10000, '{') + "\n", "/virtual/p2/vagga.yaml");
    EXPECT_EQ(count(Code::LimitExceeded), 1u) << dump();
}

TEST_F(YamlTest, DeepBlockNestingIsRefused) {
    std::string seq;
    for (int i = 0; i < 10000; ++i)
        seq += "- ";
    seq += "x\n";
    load(seq);
    EXPECT_EQ(count(Code::LimitExceeded), 1u) << dump();

    std::string map;
    for (int i = 0; i < 2000; ++i)
        map += std::string(static_cast<size_t>(i), ' ') + "k:\n";
    load(map, "/virtual/p2/vagga.yaml");
    EXPECT_EQ(count(Code::LimitExceeded), 2u) << dump();
}

TEST_F(YamlTest, NestingBelowTheParserLimitLoads) {
    std::string text = std::string(300, '[') + "x" + std::string(300, ']');
    auto root = load(text);
    EXPECT_TRUE(diags.empty()) << dump();
    const Node* n = root.get();
    int depth = 0;
    while (n->is_seq()) {
        n = n->items[0].get();
        ++depth;
    }
    EXPECT_EQ(depth, 300);
    EXPECT_EQ(n->text, "x");
}

TEST_F(YamlTest, DeepNestingBetweenLimitsIsRefusedNotCrashed) {
    // Deeper than yaml-cpp's own recursion guard but within max_depth.
    std::string text = std::string(800, '[') + std::string(800, ']');
    load(text);
    EXPECT_EQ(count(Code::LimitExceeded), 1u) << dump();
}

TEST_F(YamlTest, BracketsInQuotesAndBlockScalarsDoNotCount) {
    opts.max_depth = 5;
    auto root =
        load("a: '[[[[[[[['\nb: \"{{{{{{{{\\\"\"\nc: |\n  [[[[[[[[[[\n  ]]\nd: x # [[[[[[[[\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(root, "a").text, "[[[[[[[[");
}

TEST_F(YamlTest, BillionLaughsIsRefusedQuickly) {
    std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 10; ++i) {
        std::string prev = "*a" + std::to_string(i - 1);
        text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
        for (int k = 0; k < 10; ++k)
            text += prev + (k < 9 ? ", " : "");
        text += "]\n";
    }
    auto t0 = std::chrono::steady_clock::now();
    auto root = load(text);
    auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    ASSERT_EQ(count(Code::LimitExceeded), 1u) << dump();
    EXPECT_TRUE(root->is_null());
    EXPECT_LT(ms, 2000);
}

TEST_F(YamlTest, WeightLimitIsConfigurable) {
    opts.max_nodes = 10;
    load("a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n");
    EXPECT_EQ(count(Code::LimitExceeded), 1u) << dump();
}

TEST_F(YamlTest, TenMegabyteFileLoads) {
    std::string text;
    text.reserve(10u << 20);
    int i = 0;
    while (text.size() < (10u << 20)) {
        text += "key_" + std::to_string(i++) +
                ": \"a fairly long value so that the file is not all structure\"\n";
    }
    auto t0 = std::chrono::steady_clock::now();
    auto root = load(text);
    auto s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - t0)
                 .count();
    EXPECT_TRUE(diags.empty()) << dump();
    ASSERT_TRUE(root->is_map());
    EXPECT_EQ(root->entries.size(), static_cast<size_t>(i));
    EXPECT_LT(s, 30);
}

TEST_F(YamlTest, FileOverTheSizeLimitIsRefused) {
    opts.max_file_bytes = 1000;
    auto root = load(std::string(2000, '#'));
    ASSERT_EQ(diags.size(), 1u) << dump();
    EXPECT_EQ(diags.list()[0].code, Code::IoError);
    EXPECT_TRUE(root->is_null());
}

TEST_F(YamlTest, DirectoryInsteadOfFileIsIoError) {
    auto dir = std::filesystem::temp_directory_path();
    Loader l(sm, fs, diags, opts);
    auto root = l.load_file(dir);
    ASSERT_NE(root, nullptr);
    ASSERT_EQ(diags.size(), 1u) << dump();
    EXPECT_EQ(diags.list()[0].code, Code::IoError);
    EXPECT_NE(diags.list()[0].message.find("Is a directory"), std::string::npos);
    EXPECT_TRUE(root->is_null());
}

TEST_F(YamlTest, MissingFileIsIoErrorAtTheAskingSpan) {
    uint32_t id = sm.add("/virtual/asker.yaml", "mixins: [x.yaml]\n");
    source::Span from{id, 9, 15};
    Loader l(sm, fs, diags, opts);
    auto root = l.load_file("/virtual/nope/x.yaml", from);
    ASSERT_EQ(diags.size(), 1u) << dump();
    EXPECT_EQ(diags.list()[0].code, Code::IoError);
    EXPECT_EQ(diags.list()[0].span.file, id);
    EXPECT_EQ(diags.list()[0].message.rfind("cannot read `/virtual/nope/x.yaml`: ", 0), 0u)
        << diags.list()[0].message;
    EXPECT_TRUE(root->is_null());
}

TEST_F(YamlTest, LoadSourceWorksOnRegisteredText) {
    uint32_t id = sm.add("/virtual/buffer.yaml", "a: [1]\n");
    Loader l(sm, fs, diags, opts);
    auto root = l.load_source(id);
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(root, "a").items[0]->text, "1");
}

TEST_F(YamlTest, TabsWhereStandardYamlAllowsThem) {
    auto root = load("a:\tb\nc: \"x\ty\"\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(root, "c").text, "x\ty");
}

} // namespace
} // namespace vagga::yaml::test
