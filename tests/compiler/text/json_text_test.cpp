#include "compiler/text/json_text.h"

#include "compat/utf8.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace vagga::text {
namespace {

TEST(JsonText, ValidTextIsWrittenAsIs) {
    nlohmann::json j = {{"message", "caf\xC3\xA9 \xF0\x9D\x84\x9E"}, {"n", 1}};
    EXPECT_EQ(dump_json(j), "{\"message\":\"caf\xC3\xA9 \xF0\x9D\x84\x9E\",\"n\":1}");
    std::string error;
    EXPECT_EQ(dump_json_exact(j, &error), dump_json(j));
}

// nlohmann-json's default dump throws type_error.316 here: the crash of the
// issue. dump_json gives valid JSON with U+FFFD and reads back.
TEST(JsonText, InvalidBytesBecomeReplacementCharacters) {
    nlohmann::json j = {{"a\xFF", {"x\xC3", "ok"}}, {"cut", std::string(39, 'x') + "\xC3"}};
    EXPECT_THROW((void)j.dump(), nlohmann::json::type_error);
    std::string out = dump_json(j, 2);
    EXPECT_TRUE(compat::is_valid_utf8(out));
    auto back = nlohmann::json::parse(out);
    EXPECT_EQ(back.at("a\xEF\xBF\xBD").at(0), "x\xEF\xBF\xBD");
    EXPECT_EQ(back.at("cut"), std::string(39, 'x') + "\xEF\xBF\xBD");
}

TEST(JsonText, ExactRefusesAndNamesTheString) {
    nlohmann::json j = {{"ops", {{{"path", "/ok"}}, {{"path", "/bad\xFF"}}}}};
    std::string error;
    EXPECT_FALSE(dump_json_exact(j, &error));
    EXPECT_EQ(error, "the string at /ops/1/path: /bad\xEF\xBF\xBD is not valid UTF-8");
    nlohmann::json key = {{"k\xFF", 1}};
    EXPECT_FALSE(dump_json_exact(key, &error));
    EXPECT_EQ(error, "the string at /k\xEF\xBF\xBD (the key) is not valid UTF-8");
    EXPECT_TRUE(compat::is_valid_utf8(error));
}

} // namespace
} // namespace vagga::text
