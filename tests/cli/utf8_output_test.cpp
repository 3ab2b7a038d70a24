// Non-ASCII and invalid UTF-8 text in a config, at every length around the
// 40-character preview cut, through each place that writes JSON: `check
// --format json`, `_plan` and `_plan --build` (and their text forms).
// Before the fix a cut inside `é` made `check --format json` abort (134).
#include "cli_helpers.h"
#include "compat/utf8.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace vagga::testing {
namespace {

const std::string kTails[] = {
    "\xC3\xA9",         // é, 2 bytes
    "\xE2\x82\xAC",     // €, 3 bytes
    "\xF0\x9D\x84\x9E", // 𝄞, 4 bytes
    "\xFF",             // not UTF-8 at all
    "\xC3",             // a character cut short
};

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += s;
    return out;
}

// The reproducer: a scalar where `setup` wants a sequence; the
// message quotes a 40-character preview of it.
TEST(Utf8Output, CheckPreviewAtEveryCut) {
    for (const auto& tail : kTails) {
        for (int xs = 30; xs <= 42; ++xs) {
            SCOPED_TRACE(::testing::Message()
                         << xs << " x's then " << ::testing::PrintToString(tail));
            TempDir t;
            std::string value = std::string(xs, 'x') + repeat(tail, 9);
            t.write("vagga.yaml", "containers:\n  a:\n    setup: " + value + "\n");
            // A config is read as UTF-8 (YAML is Unicode): invalid bytes are
            // a located bad-encoding error, valid ones reach the preview.
            const std::string code = compat::is_valid_utf8(tail) ? "bad-type" : "bad-encoding";

            auto txt = vagga_in(t.path(), {"check"});
            EXPECT_EQ(txt.code, 126);
            EXPECT_NE(txt.err.find("error[" + code + "]"), std::string::npos) << txt.err;
            auto first_line = txt.err.substr(0, txt.err.find('\n'));
            EXPECT_TRUE(compat::is_valid_utf8(first_line)) << first_line;

            auto json = vagga_in(t.path(), {"check", "--format", "json"});
            EXPECT_EQ(json.code, 126);
            ASSERT_TRUE(compat::is_valid_utf8(json.out));
            auto j = nlohmann::json::parse(json.out);
            ASSERT_EQ(j.at("diagnostics").size(), 1u);
            EXPECT_EQ(j.at("diagnostics")[0].at("code"), code);
            std::string message = j.at("diagnostics")[0].at("message");
            if (compat::is_valid_utf8(tail)) {
                // The preview is the value's first 40 characters, then "...".
                std::string want = xs + 9 <= 40 ? value
                                   : xs >= 40
                                       ? std::string(40, 'x') + "..."
                                       : std::string(xs, 'x') + repeat(tail, 40 - xs) + "...";
                EXPECT_NE(message.find("`" + want + "`"), std::string::npos) << message;
            }
        }
    }
}

// A folder whose name is not UTF-8 (Latin-1 `café`): every path of the
// project in a diagnostic or a plan.
class Latin1Project : public ::testing::Test {
  protected:
    void SetUp() override {
        dir = t / "caf\xE9";
        std::filesystem::create_directories(dir);
    }
    void write(const std::string& name, const std::string& text) {
        std::ofstream(dir / name, std::ios::binary) << text;
    }
    TempDir t;
    std::filesystem::path dir;
};

TEST_F(Latin1Project, CheckJsonNamesTheFile) {
    write("vagga.yaml", "containers:\n  a:\n    setup: x\n");
    auto json = vagga_in(t.path(), {"check", "--format", "json", "--config", "caf\xE9/vagga.yaml"});
    EXPECT_EQ(json.code, 126);
    ASSERT_TRUE(compat::is_valid_utf8(json.out)) << json.out;
    auto j = nlohmann::json::parse(json.out);
    EXPECT_EQ(j.at("diagnostics")[0].at("location").at("file"), "caf\xEF\xBF\xBD/vagga.yaml");
    auto txt = vagga_in(t.path(), {"check", "--config", "caf\xE9/vagga.yaml"});
    EXPECT_EQ(txt.code, 126);
    // Text keeps the bytes as they are: the terminal shows the name the
    // user's other tools show.
    EXPECT_EQ(txt.err.rfind("caf\xE9/vagga.yaml:3:12: error[bad-type]", 0), 0u) << txt.err;
}

TEST_F(Latin1Project, LaunchPlanJson) {
    write("vagga.yaml",
          "containers:\n  c:\n    setup: []\n    environ: {GREETING: h\xC3\xA9}\n"
          "commands:\n  run: !Command\n    container: c\n    run: echo \xE2\x82\xAC\n");
    // A built container, as far as the launch plan needs one.
    std::filesystem::create_directories(dir / ".vagga/.roots/c.0123abcd/root");
    std::filesystem::create_directory_symlink(".roots/c.0123abcd/root", dir / ".vagga/c");
    auto r = vagga_in(dir, {"_plan", "run"});
    EXPECT_EQ(r.code, 0) << r.err;
    ASSERT_TRUE(compat::is_valid_utf8(r.out));
    auto j = nlohmann::json::parse(r.out);
    std::string dumped = j.dump();
    EXPECT_NE(dumped.find("h\xC3\xA9"), std::string::npos) << dumped;
    EXPECT_NE(dumped.find("echo \xE2\x82\xAC"), std::string::npos) << dumped;
    EXPECT_NE(dumped.find("caf\xEF\xBF\xBD"), std::string::npos) << dumped; // the /work bind
}

TEST_F(Latin1Project, BuildPlanJsonAndTheBuilderChannel) {
    write("vagga.yaml", "containers:\n  c:\n    setup:\n    - !Tar {url: ./root.tar.gz}\n"
                        "    - !Sh \"echo \xC3\xA9 > /f\"\n");
    write("root.tar.gz", "");
    auto r = vagga_in(dir, {"_plan", "--build", "c"});
    EXPECT_EQ(r.code, 0) << r.err;
    ASSERT_TRUE(compat::is_valid_utf8(r.out));
    std::string dumped = nlohmann::json::parse(r.out).dump();
    EXPECT_NE(dumped.find("echo \xC3\xA9"), std::string::npos) << dumped;
    EXPECT_NE(dumped.find("caf\xEF\xBF\xBD"), std::string::npos) << dumped;
    // The plan handed to vagga-build carries paths byte for byte: a path
    // that JSON cannot carry is refused with its name, never altered.
    auto b = vagga_in(dir, {"_build", "c"});
    EXPECT_EQ(b.code, 121);
    EXPECT_NE(b.err.find("cannot build container c: the string at /"), std::string::npos) << b.err;
    EXPECT_NE(b.err.find("is not valid UTF-8"), std::string::npos) << b.err;
    EXPECT_TRUE(compat::is_valid_utf8(b.err)) << b.err;
}

} // namespace
} // namespace vagga::testing
