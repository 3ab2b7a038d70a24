// The pieces under the server: positions in the negotiated encoding, the
// message framing, file URIs, and where a cursor is in half-written YAML.
#include "lsp/framing.h"
#include "lsp/text_position.h"
#include "lsp/uri.h"
#include "lsp/yaml_context.h"

#include <gtest/gtest.h>

namespace vagga::lsp {
namespace {

TEST(Positions, Utf16CountsSurrogatePairsAsTwo) {
    // Bytes: `a: ` 0-2, é 3-4 (1 UTF-16 unit), 😀 5-8 (2 units), x 9, \n 10, b 11.
    std::string text = "a: é😀x\nb";
    EXPECT_EQ(to_offset(text, {0, 4}, Encoding::Utf16), 5u); // after é
    EXPECT_EQ(to_offset(text, {0, 6}, Encoding::Utf16), 9u); // after 😀
    EXPECT_EQ(to_offset(text, {0, 5}, Encoding::Utf8), 5u);  // bytes
    EXPECT_EQ(to_offset(text, {0, 5}, Encoding::Utf32), 9u); // code points
    EXPECT_EQ(to_position(text, 9, Encoding::Utf16).character, 6u);
    EXPECT_EQ(to_position(text, 9, Encoding::Utf32).character, 5u);
    EXPECT_EQ(to_position(text, 9, Encoding::Utf8).character, 9u);
    // Past the end of a line or of the text: clamped, never out of range.
    EXPECT_EQ(to_offset(text, {0, 100}, Encoding::Utf16), 10u);
    EXPECT_EQ(to_offset(text, {7, 0}, Encoding::Utf16), text.size());
    auto p = to_position(text, 12, Encoding::Utf16);
    EXPECT_EQ(p.line, 1u);
    EXPECT_EQ(p.character, 1u);
    EXPECT_EQ(to_position(text, 999, Encoding::Utf16).character, 1u);
}

TEST(Framing, SplitsMessagesFedInPieces) {
    FrameParser p;
    std::string two = frame(R"({"a":1})") + frame(R"({"b":2})");
    for (char c : two.substr(0, 10))
        p.feed(std::string(1, c));
    EXPECT_FALSE(p.next());
    p.feed(two.substr(10));
    EXPECT_EQ(p.next(), R"({"a":1})");
    EXPECT_EQ(p.next(), R"({"b":2})");
    EXPECT_FALSE(p.next());
    EXPECT_EQ(p.error(), "");
}

TEST(Framing, OtherHeadersAndCaseAreAccepted) {
    FrameParser p;
    p.feed(
        "content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}");
    EXPECT_EQ(p.next(), "{}");
}

TEST(Framing, BadHeadersStopTheStream) {
    for (const char* bad : {"Content-Length: x\r\n\r\n", "Content-Length: -1\r\n\r\n",
                            "X: 1\r\n\r\n{}", "Content-Length: 99999999999\r\n\r\n"}) {
        FrameParser p;
        p.feed(bad);
        EXPECT_FALSE(p.next()) << bad;
        EXPECT_NE(p.error(), "") << bad;
    }
    FrameParser endless;
    endless.feed(std::string(kMaxHeaderBytes + 1, 'x'));
    EXPECT_FALSE(endless.next());
    EXPECT_EQ(endless.error(), "header section too long");
}

TEST(Uri, RoundTripsAndRejectsOtherSchemes) {
    std::filesystem::path p = "/home/me/my project/vagga.yaml";
    EXPECT_EQ(uri_from_path(p), "file:///home/me/my%20project/vagga.yaml");
    EXPECT_EQ(path_from_uri(uri_from_path(p)), p);
    EXPECT_EQ(path_from_uri("file:///a/%C3%A9.yaml"), std::filesystem::path("/a/é.yaml"));
    EXPECT_EQ(path_from_uri("file://localhost/x"), std::filesystem::path("/x"));
    EXPECT_FALSE(path_from_uri("untitled:Untitled-1"));
    EXPECT_FALSE(path_from_uri("file:///a/%2"));
    EXPECT_FALSE(path_from_uri("file:///a/%00"));
}

size_t cursor(std::string& text) {
    size_t at = text.find('|');
    text.erase(at, 1);
    return at;
}

TEST(YamlContext, TagOfASetupStep) {
    std::string t = "containers:\n  app:\n    setup:\n    - !Ubuntu xenial\n    - !Ins|\n";
    auto c = context_at(t, cursor(t));
    EXPECT_EQ(c.kind, YamlContext::Kind::Tag);
    EXPECT_EQ(c.word, "Ins");
    auto node = resolve(c.path);
    ASSERT_NE(node.union_, nullptr);
    EXPECT_EQ(node.union_->name, "Step");
}

TEST(YamlContext, KeysOfATaggedMapping) {
    std::string t = "containers:\n  app:\n    setup:\n      - !Tar\n        url: x\n        |\n";
    auto c = context_at(t, cursor(t));
    EXPECT_EQ(c.kind, YamlContext::Kind::Key);
    auto node = resolve(c.path);
    ASSERT_NE(node.structure, nullptr);
    EXPECT_NE(find_field(node, "subdir"), nullptr);
}

TEST(YamlContext, ValueOfACommandsContainer) {
    std::string t = "commands:\n  run: !Command\n    container: ap|\n";
    auto c = context_at(t, cursor(t));
    EXPECT_EQ(c.kind, YamlContext::Kind::Value);
    EXPECT_EQ(c.key, "container");
    EXPECT_EQ(c.word, "ap");
    ASSERT_EQ(c.path.size(), 3u);
    EXPECT_EQ(c.path[1].tag, "Command");
}

TEST(YamlContext, KeysOfAContainer) {
    std::string t = "containers:\n  app:\n    setup: []\n    env|\n";
    auto c = context_at(t, cursor(t));
    EXPECT_EQ(c.kind, YamlContext::Kind::Key);
    EXPECT_EQ(c.word, "env");
    auto node = resolve(c.path);
    EXPECT_NE(find_field(node, "environ"), nullptr);
}

TEST(YamlContext, EnumValue) {
    std::string t = "commands:\n  run: !Command\n    write-mode: |\n";
    auto c = context_at(t, cursor(t));
    auto node = resolve(c.path);
    ASSERT_NE(node.type, nullptr);
    EXPECT_EQ(node.type->prim, schema::Prim::Enum);
}

TEST(YamlContext, VolumeTag) {
    std::string t = "containers:\n  app:\n    volumes:\n      /tmp: !Tm|\n";
    auto c = context_at(t, cursor(t));
    EXPECT_EQ(c.kind, YamlContext::Kind::Tag);
    auto node = resolve(c.path);
    ASSERT_NE(node.union_, nullptr);
    EXPECT_EQ(node.union_->name, "Volume");
}

} // namespace
} // namespace vagga::lsp
