// Exit codes and exact messages of the launcher (runtime.md §1.1-1.2, §6)
// and `vagga check` (text and JSON).
#include "cli_helpers.h"

#include <nlohmann/json.hpp>
#include <unistd.h>

namespace vagga::testing {
namespace {

namespace fs = std::filesystem;

TEST(ExitCodes, CheckCleanProject) {
    auto r = vagga_in(kCorpus / "vagga-tests/alpine", {"check"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, "vagga.yaml: ok (15 containers, 8 commands)\n");
    EXPECT_EQ(r.err, "");
}

TEST(ExitCodes, CheckWithErrors) {
    auto r = vagga_in(kCorpus / "vagga-tests/badcmd", {"check"});
    EXPECT_EQ(r.code, 126);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "vagga.yaml:7:5: error[missing-field]: missing field `run` in `!Command` in "
                     "command `bad-cmd`\n"
                     " 7 |     container: ubuntu\n"
                     "   |     ^^^^^^^^^^^^^^^^^\n"
                     "vagga.yaml:6:12: note: in this `!Command`\n"
                     " 6 |   bad-cmd: !Command\n"
                     "   |            ^^^^^^^^\n"
                     "1 error, 0 warnings\n");
}

TEST(ExitCodes, CheckWithWarningsOnly) {
    TempDir t;
    t.write("vagga.yaml", "containers:\n  app:\n    environ-file: !Path /env\n");
    auto r = vagga_in(t.path(), {"check"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, "vagga.yaml: ok (1 container, 0 commands, 1 warning)\n");
    EXPECT_NE(r.err.find("warning[ignored-tag]"), std::string::npos);
}

// What no build could get through is an error of `check` too; what only a
// build can settle (a missing requirements file) is not.
TEST(ExitCodes, CheckReportsWhatNoBuildGetsThrough) {
    TempDir t;
    t.write("vagga.yaml", "containers:\n"
                          "  old:\n"
                          "    setup:\n"
                          "    - !Alpine v3.5\n"
                          "    - !NpmInstall [express]\n"
                          "  child:\n"
                          "    setup:\n"
                          "    - !Container old\n"
                          "  two:\n"
                          "    setup:\n"
                          "    - !Debian bookworm\n"
                          "    - !Ubuntu xenial\n"
                          "  fine:\n"
                          "    setup:\n"
                          "    - !Debian bookworm\n"
                          "    - !Py3Requirements requirements.txt\n");
    auto r = vagga_in(t.path(), {"check"});
    EXPECT_EQ(r.code, 126);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("vagga.yaml:5:19: error[unsupported-step]: Vagga does not support npm on "
                         "Alpine v3.5 (use >= v3.9)"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("vagga.yaml:12:15: error[bad-value]: step initializes distribution"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("2 errors, 0 warnings"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("requirements"), std::string::npos) << r.err;
}

TEST(ExitCodes, CheckExplicitConfig) {
    auto r = vagga_in(kCorpus / "vagga-tests", {"check", "--config", "badcmd/vagga.yaml"});
    EXPECT_EQ(r.code, 126);
    EXPECT_EQ(r.err.rfind("badcmd/vagga.yaml:7:5: error[missing-field]", 0), 0u) << r.err;
    auto ok = vagga_in(kCorpus / "docs", {"check", "--config", "001_build_commands_L12.yaml"});
    EXPECT_EQ(ok.code, 0) << ok.err;
}

TEST(ExitCodes, CheckJson) {
    auto r = vagga_in(kCorpus / "vagga-tests/version", {"check", "--format", "json"});
    EXPECT_EQ(r.code, 126);
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("errors"), 2);
    EXPECT_EQ(j.at("warnings"), 0);
    const auto& d = j.at("diagnostics");
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].at("code"), "minimum-version");
    EXPECT_EQ(d[0].at("severity"), "error");
    EXPECT_EQ(d[0].at("location").at("file"), "vagga.yaml");
    EXPECT_EQ(d[0].at("location").at("line"), 2);
    EXPECT_EQ(d[0].at("location").at("column"), 16);
    EXPECT_EQ(d[0].at("message"),
              "this config needs vagga 9999.0.0 or newer; this is vagga v0.8.1");
    EXPECT_EQ(d[1].at("code"), "unknown-tag");
    EXPECT_EQ(d[1].at("location").at("line"), 7);
    EXPECT_EQ(d[1].at("location").at("column"), 9);
    auto clean = vagga_in(kCorpus / "vagga-tests/alpine", {"check", "--format", "json"});
    EXPECT_EQ(clean.code, 0);
    EXPECT_EQ(nlohmann::json::parse(clean.out),
              nlohmann::json::parse(R"({"diagnostics": [], "errors": 0, "warnings": 0})"));
}

TEST(ExitCodes, UnknownCommand) {
    auto r = vagga_in(kCorpus / "vagga-tests/alpine", {"nosuchcmd"});
    EXPECT_EQ(r.code, 121);
    EXPECT_EQ(r.err, "Command \"nosuchcmd\" not found and is not an alias\n");
}

TEST(ExitCodes, VersionAndHelpOutsideAProject) {
    TempDir t;
    auto v = vagga_in(t.path(), {"--version"});
    EXPECT_EQ(v.code, 0);
    EXPECT_EQ(v.out, "v0.8.1\n");
    EXPECT_EQ(vagga_in(t.path(), {"-V"}).out, "v0.8.1\n");
    auto h = vagga_in(t.path(), {"--help"});
    EXPECT_EQ(h.code, 0);
    EXPECT_EQ(h.out.rfind("Usage:\n  vagga [OPTIONS] [COMMAND [ARG ...]]\n", 0), 0u);
    EXPECT_EQ(h.err, "");
    EXPECT_EQ(vagga_in(t.path(), {"-h"}).code, 0);
}

TEST(ExitCodes, ConfigNotFound) {
    TempDir t;
    fs::create_directories(t / "a/b");
    // Nothing above the temp dir may look like a project for this test.
    source::RealFileSystem rfs;
    ASSERT_FALSE(project::discover(t / "a/b", rfs)) << "a vagga.yaml above " << t.path();
    for (auto args : std::vector<std::vector<std::string>>{{}, {"check"}, {"run"}, {"--bogus"}}) {
        auto r = vagga_in(t / "a/b", args);
        EXPECT_EQ(r.code, 126);
        EXPECT_EQ(r.out, "");
        EXPECT_EQ(r.err, "Config not found in path \"" + (t / "a/b").string() +
                             "\"\nHint: you need to `cd` into a project, or create a file "
                             "`vagga.yaml` in it.\n");
    }
}

TEST(ExitCodes, UseEnvWithEquals) {
    auto r = vagga_in(kCorpus / "vagga-tests/alpine", {"-e", "A=B", "echo-cmd"});
    EXPECT_EQ(r.code, 126);
    EXPECT_EQ(r.err, "Error propagating environment: Environment variable name (for option "
                     "`-e`/`--use-env`) can't contain equals `=` character. To set key-value "
                     "pair use `-E`/`--environ` option\n");
}

TEST(ExitCodes, UnknownOptionInsideAProject) {
    auto r = vagga_in(kCorpus / "vagga-tests/alpine", {"--bogus"});
    EXPECT_EQ(r.code, 122);
    EXPECT_EQ(r.err,
              "Usage:\n  vagga [OPTIONS] [COMMAND [ARG ...]]\nvagga: Unknown option --bogus\n");
    auto s = vagga_in(kCorpus / "vagga-tests/alpine", {"-x"});
    EXPECT_EQ(s.code, 122);
    EXPECT_EQ(s.err,
              "Usage:\n  vagga [OPTIONS] [COMMAND [ARG ...]]\nvagga: Unknown short option \"x\"\n");
}

TEST(ExitCodes, ConfigErrorWhenRunningACommand) {
    auto r = vagga_in(kCorpus / "vagga-tests/cyclic", {"crash"});
    EXPECT_EQ(r.code, 126);
    EXPECT_NE(r.err.find("error[container-cycle]"), std::string::npos) << r.err;
}

TEST(ExitCodes, SettingsErrorIs126) {
    TempDir t;
    t.write("vagga.yaml", "containers:\n  c:\n");
    t.write(".vagga.settings.yaml", "storage-dir: /x\n");
    auto r = vagga_in(t.path(), {});
    EXPECT_EQ(r.code, 126);
    EXPECT_NE(r.err.find("error[settings-error]"), std::string::npos) << r.err;
    t.write(".vagga.settings.yaml", "version-check: false\n");
    EXPECT_EQ(vagga_in(t.path(), {}).code, 127);
    // VAGGA_SETTINGS from the environment is read too.
    auto e = vagga_in(t.path(), {}, {{"VAGGA_SETTINGS", "shared-cache: true"}});
    EXPECT_EQ(e.code, 126);
}

// runtime.md §1.3 (new-user trial #3): root in a project that belongs to
// somebody else is refused before anything is built or run.
TEST(ExitCodes, RootInSomebodyElsesProject) {
    if (::getuid() != 0)
        GTEST_SKIP() << "needs root: the refusal is for root only";
    TempDir t;
    t.write("vagga.yaml", "containers:\n  a:\n    setup: []\n");
    ASSERT_EQ(::chown(t.path().c_str(), 4242, 4242), 0);
    auto r = vagga_in(t.path(), {"_list"});
    EXPECT_EQ(r.code, 122);
    EXPECT_EQ(r.err, "You should not run vagga as root (see http://bit.ly/err_root)\n");
    EXPECT_EQ(r.out, "");
    // `check` only reads; --ignore-owner-check lets the rest through.
    EXPECT_EQ(vagga_in(t.path(), {"check"}).code, 0);
    EXPECT_EQ(vagga_in(t.path(), {"--ignore-owner-check", "_list"}).code, 0);
}

} // namespace
} // namespace vagga::testing

namespace vagga::testing {
namespace {

TEST(ExitCodes, VersionBeforeConfigIsRead) {
    auto r = vagga_in(kCorpus / "vagga-tests/badcmd", {"--version"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, "v0.8.1\n");
    EXPECT_EQ(r.err, "");
}

TEST(ExitCodes, ListNeedsAValidConfig) {
    auto r = vagga_in(kCorpus / "vagga-tests/badcmd", {"_list"});
    EXPECT_EQ(r.code, 126);
    EXPECT_EQ(r.out, "");
}

TEST(ExitCodes, UserCheckCommandWinsOverBuiltinButNotOverUnderscoreCheck) {
    TempDir t;
    t.write("vagga.yaml", "containers:\n  c:\n    bogus: 1\n"
                          "commands:\n  check: !Command {container: c, run: [x]}\n");
    // `_check` is always the builtin.
    auto b = vagga_in(t.path(), {"_check"});
    EXPECT_EQ(b.code, 126);
    EXPECT_EQ(b.err.rfind("vagga.yaml:3:5: error[unknown-key]", 0), 0u) << b.err;
    EXPECT_NE(b.err.find("1 error, 0 warnings\n"), std::string::npos) << b.err;
    // `check` is the project's own command: the config error stops it the
    // way it stops any command, without the builtin's summary line.
    auto u = vagga_in(t.path(), {"check"});
    EXPECT_EQ(u.code, 126);
    EXPECT_EQ(u.err.find("1 error, 0 warnings"), std::string::npos) << u.err;
}

TEST(ExitCodes, WarningsAreShownForOtherCommandsToo) {
    auto r = vagga_in(kCorpus / "vagga-tests/mixins_version", {"_list"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.err.rfind("vagga.yaml:2:3: warning[mixin-skipped]", 0), 0u) << r.err;
}

} // namespace
} // namespace vagga::testing
