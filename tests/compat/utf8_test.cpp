#include "compat/utf8.h"

#include <gtest/gtest.h>

namespace vagga::compat {
namespace {

// One character of each length, and byte strings that are not UTF-8.
const std::string kChars[] = {"a", "\xC3\xA9" /* é */, "\xE2\x82\xAC" /* € */,
                              "\xF0\x9D\x84\x9E" /* 𝄞 */};
const std::string kInvalid[] = {
    "\xFF",             // never valid
    "\x80",             // a stray continuation byte
    "\xC3",             // cut short at the end
    "\xC3(",            // cut short by an ASCII byte
    "\xC0\xAF",         // overlong '/'
    "\xE0\x80\xAF",     // overlong '/'
    "\xED\xA0\x80",     // a UTF-16 surrogate
    "\xF4\x90\x80\x80", // past U+10FFFF
    "\xF5\x80\x80\x80", // a lead byte that no sequence has
};

TEST(Utf8, ValidSequences) {
    for (const auto& c : kChars) {
        EXPECT_EQ(utf8_sequence_length(c, 0), c.size()) << c;
        EXPECT_TRUE(is_valid_utf8(c));
        EXPECT_TRUE(is_valid_utf8("x" + c + "y"));
    }
    EXPECT_TRUE(is_valid_utf8(""));
}

TEST(Utf8, InvalidSequences) {
    for (const auto& s : kInvalid) {
        EXPECT_FALSE(is_valid_utf8(s)) << testing::PrintToString(s);
        EXPECT_FALSE(is_valid_utf8("ok " + s + " ok")) << testing::PrintToString(s);
        std::string fixed = to_valid_utf8(s);
        EXPECT_TRUE(is_valid_utf8(fixed)) << testing::PrintToString(s);
        EXPECT_NE(fixed.find("\xEF\xBF\xBD"), std::string::npos);
    }
}

TEST(Utf8, ToValidKeepsValidTextAndReplacesEachBadByte) {
    EXPECT_EQ(to_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC"), "caf\xC3\xA9 \xE2\x82\xAC");
    EXPECT_EQ(to_valid_utf8("a\xFF"
                            "b"),
              "a\xEF\xBF\xBD"
              "b");
    // A sequence cut short: its lead byte is replaced, the ASCII after it kept.
    EXPECT_EQ(to_valid_utf8("\xE2\x82(x"), "\xEF\xBF\xBD\xEF\xBF\xBD(x");
}

// Every cut of a string of each character kind, at every byte: the prefix
// is valid, never longer than asked, and as long as it can be.
TEST(Utf8, CutNeverSplitsACharacter) {
    for (const auto& c : kChars) {
        std::string s = std::string(37, 'x');
        for (int i = 0; i < 9; ++i)
            s += c;
        for (size_t max = 0; max <= s.size() + 1; ++max) {
            auto cut = cut_utf8(s, max);
            EXPECT_LE(cut.size(), max);
            EXPECT_TRUE(is_valid_utf8(cut)) << "max " << max;
            EXPECT_GT(cut.size() + c.size(), std::min(max, s.size())) << "max " << max;
        }
    }
}

TEST(Utf8, CutCountsAnInvalidByteAsOne) {
    EXPECT_EQ(cut_utf8("ab\xFF\xFF", 3), "ab\xFF");
    EXPECT_EQ(cut_utf8("\xC3", 5), "\xC3");
}

TEST(Utf8, DecodeGivesTheCodePoint) {
    const uint32_t expected[] = {0x61, 0xE9, 0x20AC, 0x1D11E};
    for (size_t k = 0; k < 4; ++k) {
        uint32_t cp = 0;
        EXPECT_EQ(decode_utf8(kChars[k], 0, cp), kChars[k].size());
        EXPECT_EQ(cp, expected[k]);
    }
    uint32_t cp = 0;
    EXPECT_EQ(decode_utf8("x\xC3\xA9", 1, cp), 2u);
    EXPECT_EQ(cp, 0xE9u);
    for (const auto& bad : kInvalid)
        EXPECT_EQ(decode_utf8(bad, 0, cp), utf8_sequence_length(bad, 0)) << bad;
}

TEST(Utf8, PreviewCutsOnCharacters) {
    EXPECT_EQ(preview("short", 40), "short");
    EXPECT_EQ(preview(std::string(40, 'x'), 40), std::string(40, 'x'));
    EXPECT_EQ(preview(std::string(41, 'x'), 40), std::string(40, 'x') + "...");
    // The reproducer: 37 x's and nine é's are 55 bytes and 46 characters.
    std::string s = std::string(37, 'x');
    for (int i = 0; i < 9; ++i)
        s += "\xC3\xA9";
    std::string p = preview(s, 40);
    EXPECT_TRUE(is_valid_utf8(p));
    EXPECT_EQ(p, std::string(37, 'x') + "\xC3\xA9\xC3\xA9\xC3\xA9...");
    // Invalid bytes count one character each and are kept as they are:
    // preview is for text; JSON writers fix them (json_text.h).
    EXPECT_EQ(preview("\xFF\xFF\xFF", 2), "\xFF\xFF...");
}

} // namespace
} // namespace vagga::compat
