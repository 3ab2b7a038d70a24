// Rust `{:?}` string quoting, and the hex-byte variant of the hash trace.
#include "compat/debug_quote.h"

#include <gtest/gtest.h>

#include <string>

namespace vagga::compat {
namespace {

using namespace std::string_literals;

TEST(DebugQuote, RustStrDebug) {
    EXPECT_EQ(debug_quote(""), "\"\"");
    EXPECT_EQ(debug_quote("run"), "\"run\"");
    EXPECT_EQ(debug_quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(debug_quote("a\nb\tc\rd"), "\"a\\nb\\tc\\rd\"");
    // A single quote is not escaped in a str (only in a char).
    EXPECT_EQ(debug_quote("it's"), "\"it's\"");
}

TEST(DebugQuote, RustControlsAsUnicodeEscapes) {
    EXPECT_EQ(debug_quote("\x01"), "\"\\u{1}\"");
    EXPECT_EQ(debug_quote("\x1b[0m"), "\"\\u{1b}[0m\"");
    EXPECT_EQ(debug_quote("\x7f"), "\"\\u{7f}\"");
    EXPECT_EQ(debug_quote("a\0b"s), "\"a\\u{0}b\"");
    // C1 controls are characters U+0080-U+009F (UTF-8 C2 80 - C2 9F).
    EXPECT_EQ(debug_quote("\xC2\x85"), "\"\\u{85}\"");
    EXPECT_EQ(debug_quote("\xC2\x9F"), "\"\\u{9f}\"");
    // Printable non-ASCII text is kept.
    EXPECT_EQ(debug_quote("\xC2\xA0\xC3\xA9\xE2\x82\xAC"), "\"\xC2\xA0\xC3\xA9\xE2\x82\xAC\"");
}

TEST(DebugQuote, HexBytes) {
    const auto hex = ControlEscape::HexByte;
    EXPECT_EQ(debug_quote("a\"b\\c\n\t\r", hex), "\"a\\\"b\\\\c\\n\\t\\r\"");
    EXPECT_EQ(debug_quote("\x01\x1b\x7f", hex), "\"\\x01\\x1b\\x7f\"");
    EXPECT_EQ(debug_quote("\0"s, hex), "\"\\x00\"");
    // Other bytes, valid UTF-8 or not, are copied.
    EXPECT_EQ(debug_quote("\xC2\x85\xFF\xC3\xA9", hex), "\"\xC2\x85\xFF\xC3\xA9\"");
}

} // namespace
} // namespace vagga::compat
