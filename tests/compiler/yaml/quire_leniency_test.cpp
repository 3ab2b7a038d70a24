// The two forms the original's YAML reader (rust-quire) read its own way:
// two keys on one line, and an anchor alone after a key with keys following
// at the same indentation. Both read as quire did, with a located warning
// that shows the standard form; everything else keeps standard YAML.
#include "yaml_test_util.h"

#include "compiler/yaml/lenient.h"

#include <chrono>

namespace vagga::yaml::test {
namespace {

using diag::Code;

const diag::Diagnostic& only_warning(const diag::Diagnostics& ds) {
    static const diag::Diagnostic none{};
    for (const auto& d : ds.list())
        if (d.code == Code::NonstandardYaml)
            return d;
    return none;
}

// ---- form 1: two keys on one line ---------------------------------------

TEST_F(YamlTest, TwoKeysOnOneLineNest) {
    auto root = load("volumes:\n  /tmp: !Tmpfs\n    subdirs: data: { mode: 0o777 }\n");
    ASSERT_EQ(count(Code::NonstandardYaml), 1u) << dump();
    EXPECT_EQ(diags.error_count(), 0u) << dump();
    const Node& tmp = at(at(root, "volumes"), "/tmp");
    EXPECT_EQ(tmp.tag, "Tmpfs");
    const Node& subdirs = at(tmp, "subdirs");
    ASSERT_TRUE(subdirs.is_map());
    ASSERT_EQ(subdirs.entries.size(), 1u);
    const Node& data = at(subdirs, "data");
    ASSERT_TRUE(data.is_map());
    EXPECT_EQ(at(data, "mode").text, "0o777");
    EXPECT_EQ(at(data, "mode").style, Style::Plain);
    // Spans point at the file's own bytes.
    EXPECT_EQ(text_of(subdirs.entries[0].key_span), "data");
    EXPECT_EQ(pos(subdirs.entries[0].key_span), "3:14");
    EXPECT_EQ(text_of(at(data, "mode").span), "0o777");
    EXPECT_EQ(pos(at(data, "mode").span), "3:28");
    EXPECT_EQ(text_of(subdirs.span), "data: { mode: 0o777 }");
}

TEST_F(YamlTest, TwoKeysWarningIsLocatedAndShowsTheStandardForm) {
    load("volumes:\n  /tmp: !Tmpfs\n    subdirs: data: { mode: 0o777 }\n");
    const auto& w = only_warning(diags);
    EXPECT_EQ(w.severity, diag::Severity::Warning);
    EXPECT_EQ(pos(w.span), "3:14");
    EXPECT_EQ(text_of(w.span), "data");
    EXPECT_NE(w.message.find("`subdirs:`"), std::string::npos) << w.message;
    EXPECT_EQ(w.label, "put `data:` on a line of its own, indented under `subdirs:`");
    ASSERT_EQ(w.notes.size(), 1u);
    EXPECT_EQ(w.notes[0].message, "the standard form:\n    subdirs:\n      data: { mode: 0o777 }");
}

TEST_F(YamlTest, PlainTwoKeys) {
    auto root = load("a: b: c\n");
    EXPECT_EQ(count(Code::NonstandardYaml), 1u) << dump();
    EXPECT_EQ(diags.error_count(), 0u) << dump();
    EXPECT_EQ(at(at(root, "a"), "b").text, "c");
    EXPECT_EQ(pos(only_warning(diags).span), "1:4");
    EXPECT_EQ(text_of(at(at(root, "a"), "b").span), "c");
}

TEST_F(YamlTest, ChainOfKeysOnOneLineNestsEachAndWarnsOnce) {
    auto root = load("a: b: c: d\n");
    EXPECT_EQ(count(Code::NonstandardYaml), 1u) << dump();
    EXPECT_EQ(diags.error_count(), 0u) << dump();
    EXPECT_EQ(at(at(at(root, "a"), "b"), "c").text, "d");
    ASSERT_EQ(only_warning(diags).notes.size(), 1u);
    EXPECT_EQ(only_warning(diags).notes[0].message, "the standard form:\na:\n  b:\n    c: d");
}

// quire goes on reading keys at the line's indentation into the nested
// mapping, up to the end of the enclosing one.
TEST_F(YamlTest, KeysAfterTwoKeysLineBelongToTheNestedMapping) {
    auto root = load("x:\n  a: b: c\n  d: e\nf: g\n");
    EXPECT_EQ(count(Code::NonstandardYaml), 1u) << dump();
    EXPECT_EQ(diags.error_count(), 0u) << dump();
    EXPECT_EQ(keys(at(root, "x").entries[0].value), (std::vector<std::string>{"b", "d"}));
    EXPECT_EQ(keys(root), (std::vector<std::string>{"x", "f"}));
    const auto& w = only_warning(diags);
    ASSERT_EQ(w.notes.size(), 2u);
    EXPECT_EQ(pos(w.notes[1].span), "3:3");
    EXPECT_NE(w.notes[1].message.find("`a`"), std::string::npos) << w.notes[1].message;
}

TEST_F(YamlTest, TwoKeysThenNestedBlock) {
    auto root = load("a: b:\n  c: d\n");
    EXPECT_EQ(diags.error_count(), 0u) << dump();
    EXPECT_EQ(at(at(at(root, "a"), "b"), "c").text, "d");
}

TEST_F(YamlTest, TwoKeysInSequenceItem) {
    auto root = load("- a: b: c\n  d: e\n- x\n");
    EXPECT_EQ(diags.error_count(), 0u) << dump();
    ASSERT_EQ(root->items.size(), 2u);
    const Node& a = at(*root->items[0], "a");
    EXPECT_EQ(at(a, "b").text, "c");
    EXPECT_EQ(at(a, "d").text, "e");
    EXPECT_EQ(root->items[1]->text, "x");
}

TEST_F(YamlTest, TwoKeysWithPropertiesOnTheNestedMapping) {
    auto root = load("x:\n  a: !T &m b: c\ny: *m\n");
    EXPECT_EQ(diags.error_count(), 0u) << dump();
    const Node& a = at(at(root, "x"), "a");
    EXPECT_EQ(a.tag, "T");
    EXPECT_EQ(at(a, "b").text, "c");
    EXPECT_EQ(text_of(a.tag_span), "!T");
    EXPECT_EQ(root->find("y")->value, at(root, "x").entries[0].value);
}

TEST_F(YamlTest, QuotedSecondKey) {
    auto root = load("a: \"b\": c\n");
    EXPECT_EQ(diags.error_count(), 0u) << dump();
    EXPECT_EQ(at(at(root, "a"), "b").text, "c");
}

TEST_F(YamlTest, TwoKeysBeforeABlockScalar) {
    auto root = load("a: b: |\n  x: y\nc: d\n");
    EXPECT_EQ(diags.error_count(), 0u) << dump();
    EXPECT_EQ(at(at(root, "a"), "b").text, "x: y\n");
    EXPECT_EQ(at(at(root, "a"), "c").text, "d");
}

TEST_F(YamlTest, ErrorsAfterTwoKeysPointAtTheFile) {
    auto root = load("a: b: c\nd: [x\n");
    ASSERT_EQ(count(Code::YamlSyntax), 1u) << dump();
    // Line 2 of the file, not of the rewritten text.
    EXPECT_EQ(first(Code::YamlSyntax)->span.begin >= 8u, true) << dump();
    EXPECT_TRUE(root->is_null());
}

TEST_F(YamlTest, DuplicateKeyInNestedMappingIsReportedAtTheFile) {
    load("a: b: c\nb: d\n");
    ASSERT_EQ(count(Code::DupKey), 1u) << dump();
    EXPECT_EQ(pos(first(Code::DupKey)->span), "2:1");
    EXPECT_EQ(pos(first(Code::DupKey)->notes[0].span), "1:4");
}

// ---- form 2: an anchor alone, keys following at the same indentation ----

TEST_F(YamlTest, AnchorAloneTakesTheFollowingKeys) {
    auto root = load("volumes:\n  local: &local\n  /config: !BindRO /work/config\n"
                     "  /data: !Tmpfs\nafter: *local\n");
    EXPECT_EQ(count(Code::NonstandardYaml), 1u) << dump();
    EXPECT_EQ(diags.error_count(), 0u) << dump();
    const Node& volumes = at(root, "volumes");
    EXPECT_EQ(keys(root->find("volumes")->value), (std::vector<std::string>{"local"}));
    const Node& local = at(volumes, "local");
    ASSERT_TRUE(local.is_map());
    EXPECT_EQ(keys(volumes.entries[0].value), (std::vector<std::string>{"/config", "/data"}));
    EXPECT_EQ(at(local, "/config").tag, "BindRO");
    EXPECT_EQ(at(local, "/config").text, "/work/config");
    EXPECT_EQ(pos(local.entries[0].key_span), "3:3");
    // The anchor names that mapping.
    EXPECT_EQ(root->find("after")->value, volumes.entries[0].value);
}

TEST_F(YamlTest, AnchorAloneWarningIsLocatedAtTheAnchor) {
    load("volumes:\n  local: &local\n  /config: !BindRO /work/config\n");
    const auto& w = only_warning(diags);
    EXPECT_EQ(w.severity, diag::Severity::Warning);
    EXPECT_EQ(pos(w.span), "2:10");
    EXPECT_EQ(text_of(w.span), "&local");
    EXPECT_EQ(w.label, "indent the keys that follow under `local:`");
    ASSERT_EQ(w.notes.size(), 1u);
    EXPECT_EQ(w.notes[0].message,
              "the standard form:\n  local: &local\n    /config: !BindRO /work/config");
}

TEST_F(YamlTest, AnchorAloneInSequenceItem) {
    auto root = load("- a: &x\n  b: 1\n- *x\n");
    EXPECT_EQ(diags.error_count(), 0u) << dump();
    ASSERT_EQ(root->items.size(), 2u);
    EXPECT_EQ(at(at(*root->items[0], "a"), "b").text, "1");
    EXPECT_EQ(root->items[1], root->items[0]->entries[0].value);
}

TEST_F(YamlTest, AnchorAndTagAloneTagTheMapping) {
    auto root = load("a: &x !T\nb: 1\n");
    EXPECT_EQ(diags.error_count(), 0u) << dump();
    EXPECT_EQ(at(root, "a").tag, "T");
    EXPECT_EQ(at(at(root, "a"), "b").text, "1");
}

TEST_F(YamlTest, AnchorAloneBeforeLessIndentedKeyIsNull) {
    auto root = load("a:\n  b: &x\nc: *x\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_TRUE(at(at(root, "a"), "b").is_null());
    EXPECT_TRUE(at(root, "c").is_null());
}

TEST_F(YamlTest, AnchorAloneAtTheEndIsNull) {
    auto root = load("a: 1\nb: &x\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_TRUE(at(root, "b").is_null());
}

TEST_F(YamlTest, AnchorAloneOneAfterAnother) {
    auto root = load("a: &x\nb: &y\nc: 1\n");
    EXPECT_EQ(diags.error_count(), 0u) << dump();
    EXPECT_EQ(count(Code::NonstandardYaml), 2u) << dump();
    EXPECT_EQ(at(at(at(root, "a"), "b"), "c").text, "1");
}

// ---- what stays as it was -------------------------------------------------

// quire reads a tag alone there as a tagged null (its parser has a rule for
// exactly that), as standard YAML does: no nesting, no warning.
TEST_F(YamlTest, TagAloneBeforeSameIndentKeysStaysATaggedNull) {
    auto root = load("volumes:\n  /tmp: !Tmpfs\n  /config: !BindRO /work/config\n");
    EXPECT_TRUE(diags.empty()) << dump();
    const Node& volumes = at(root, "volumes");
    EXPECT_EQ(keys(root->find("volumes")->value), (std::vector<std::string>{"/tmp", "/config"}));
    EXPECT_TRUE(at(volumes, "/tmp").is_null());
    EXPECT_EQ(at(volumes, "/tmp").tag, "Tmpfs");
}

TEST_F(YamlTest, StandardFormsGiveNoWarning) {
    auto root = load("subdirs:\n  data: { mode: 0o777 }\nvolumes:\n  local: &local\n"
                     "    /config: !BindRO /work/config\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(at(at(root, "subdirs"), "data"), "mode").text, "0o777");
    EXPECT_EQ(at(at(at(root, "volumes"), "local"), "/config").text, "/work/config");
}

TEST_F(YamlTest, ColonsInsideValuesAreUntouched) {
    auto root = load("a: \"b: c\"\n"
                     "b: 'x: y'\n"
                     "url: http://x\n"
                     "c: b:c\n"
                     "d: x # e: f\n"
                     "e: [p: q, r]\n"
                     "f: {s: t}\n"
                     "g: |\n  x: y\n  u: v: w\n"
                     "h: >\n  k: l: m\n"
                     "i: \"multi\n  j: k: l\"\n"
                     "j: [one,\n  'k: l: m']\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(at(root, "a").text, "b: c");
    EXPECT_EQ(at(root, "b").text, "x: y");
    EXPECT_EQ(at(root, "url").text, "http://x");
    EXPECT_EQ(at(root, "c").text, "b:c");
    EXPECT_EQ(at(root, "d").text, "x");
    EXPECT_TRUE(at(root, "e").is_seq());
    EXPECT_TRUE(at(root, "f").is_map());
    EXPECT_EQ(at(root, "g").text, "x: y\nu: v: w\n");
    EXPECT_EQ(at(root, "h").text, "k: l: m\n");
    EXPECT_EQ(at(root, "i").text, "multi j: k: l");
    EXPECT_TRUE(at(root, "j").is_seq());
}

TEST_F(YamlTest, SequenceBlockScalarLinesAreUntouched) {
    auto root = load("- |\n  a: b: c\n- x\n");
    EXPECT_TRUE(diags.empty()) << dump();
    EXPECT_EQ(texts(*root), (std::vector<std::string>{"a: b: c\n", "x"}));
}

TEST_F(YamlTest, FileWithoutTheFormsIsNotRewritten) {
    auto r = lenient::rewrite_two_keys("a: b\nc: \"d: e\"\nf: |\n  g: h: i\nj: [x,\n  k: l: m]\n"
                                       "n: 'o\n  p: q: r'\n",
                                       0);
    EXPECT_FALSE(r.rewrite.has_value());
}

TEST(LenientRewrite, OffsetsMapBackToTheFile) {
    std::string text = "  x: a: b\n";
    auto r = lenient::rewrite_two_keys(text, 0);
    ASSERT_TRUE(r.rewrite.has_value());
    const auto& rw = *r.rewrite;
    EXPECT_EQ(rw.text, "  x: \n  a: b\n");
    ASSERT_EQ(rw.splits.size(), 1u);
    EXPECT_EQ(rw.splits[0].orig, 5u);
    EXPECT_EQ(rw.splits[0].key_end, 6u);
    for (size_t o = 0; o <= text.size(); ++o)
        EXPECT_EQ(rw.to_file(rw.to_text(o)), o) << o;
    // Inserted bytes map to the key they were inserted before.
    EXPECT_EQ(rw.to_file(5), 5u);
    EXPECT_EQ(rw.to_file(7), 5u);
    EXPECT_EQ(rw.to_file(8), 5u);
    EXPECT_EQ(rw.split_at(5), &rw.splits[0]);
    EXPECT_EQ(rw.split_at(6), nullptr);
}

// ---- robustness -----------------------------------------------------------

TEST_F(YamlTest, LongChainOnOneLineIsBoundedAndFast) {
    std::string line(200000, ' ');
    for (int i = 0; i < 20000; ++i)
        line += "k: ";
    line += "v\n";
    auto t0 = std::chrono::steady_clock::now();
    load(line);
    auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    EXPECT_TRUE(diags.has_errors()) << "too deep or too large must be refused";
    EXPECT_EQ(count(Code::LimitExceeded), 1u) << dump().substr(0, 2000);
    EXPECT_LT(ms, 5000);
}

TEST_F(YamlTest, DeepChainOfAnchorsIsLimited) {
    std::string text;
    for (int i = 0; i < 3000; ++i)
        text += "k" + std::to_string(i) + ": &a" + std::to_string(i) + "\n";
    text += "last: 1\n";
    load(text);
    EXPECT_EQ(count(Code::LimitExceeded), 1u) << dump().substr(0, 2000);
}

TEST_F(YamlTest, ManyTwoKeyLinesStayLinear) {
    // One per sequence item, so that each nested mapping ends with its item.
    std::string text = "root:\n";
    for (int i = 0; i < 20000; ++i)
        text += "- k" + std::to_string(i) + ": v: x\n";
    auto t0 = std::chrono::steady_clock::now();
    auto root = load(text);
    auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    EXPECT_EQ(diags.error_count(), 0u) << dump().substr(0, 2000);
    EXPECT_EQ(count(Code::NonstandardYaml), 20000u);
    EXPECT_LT(ms, 5000);
}

TEST_F(YamlTest, EmptyTagOnLenientMappingIsReportedOnce) {
    auto root = load("a: &x !\nb: c\n");
    EXPECT_EQ(count(Code::YamlSyntax), 1u) << dump();
    EXPECT_EQ(at(at(root, "a"), "b").text, "c");
}

TEST_F(YamlTest, MalformedLenientShapesDoNotCrash) {
    const char* cases[] = {
        "a: b: c: \n",           "a: : b\n",          ": a: b\n",
        "a: 'b': \"c\": d\n",    "a: 'b\n",           "a: b: [c\n",
        "- a: b:\n- c: d: e\n",  "a: &x\n&y b: c\n",  "a: &\nb: c\n",
        "a: !\nb: c\n",          "a: b: c\n  d: e\n", "a: b: c\n d: e\n",
        "\357\273\277a: b: c\n", // a byte-order mark first (octal: `a` is a hex digit)
        "a: &x\n---\nb: 1\n",    "a: &x\n...\n",      "a: &x\nb: *x\n",
        "a: b: &x\nc: *x\n",
    };
    for (const char* c : cases) {
        diags = {};
        load(c);
    }
    SUCCEED();
}

} // namespace
} // namespace vagga::yaml::test
