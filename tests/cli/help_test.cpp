// `--help` on every builtin, `vagga _help` and `vagga --help`
// (runtime.md §1.8, §1.8.10; new-user trial #7).
#include "cli/builtin_docs.h"
#include "cli_helpers.h"

namespace vagga::testing {
namespace {

const std::filesystem::path kCompletion = kCorpus / "vagga-tests/completion";

TEST(Help, EveryBuiltinAnswersHelpInOneStyle) {
    for (const auto& b : cli::builtin_docs()) {
        if (b.name == "_compgen") // its words are the shell's, `--help` among them
            continue;
        std::string name(b.name);
        for (const char* flag : {"--help", "-h"}) {
            auto r = vagga_in(kCompletion, {name, flag});
            EXPECT_EQ(r.code, 0) << name << " " << flag << ": " << r.err;
            EXPECT_EQ(r.err, "") << name;
            EXPECT_TRUE(r.out.starts_with("Usage:\n  vagga " + name)) << r.out;
            EXPECT_NE(r.out.find("\nOptional arguments:\n  -h,--help"), std::string::npos) << r.out;
        }
        // `_help NAME` prints the same text.
        EXPECT_EQ(vagga_in(kCompletion, {"_help", name}).out,
                  vagga_in(kCompletion, {name, "--help"}).out)
            << name;
    }
}

TEST(Help, WorksOutsideAProject) {
    TempDir t;
    auto r = vagga_in(t.path(), {"_build", "--help"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, "Usage:\n  vagga _build [OPTIONS] CONTAINER\n\n"
                     "Build a container if its version is not built yet.\n\n"
                     "Optional arguments:\n"
                     "  -h,--help             Show this help message and exit\n"
                     "  --force               Build again even if this version is built\n"
                     "  --no-image-download   Never unpack a prebuilt image\n");
}

TEST(Help, LongOptionNamesWrapToTheNextLine) {
    auto r = vagga_in(kCompletion, {"_clean", "--help"});
    EXPECT_NE(r.out.find("  --old,--old-containers\n                        Remove versions"),
              std::string::npos)
        << r.out;
}

TEST(Help, ACommandsArgumentsAreNotOurs) {
    const auto* run = cli::find_builtin_doc("_run");
    ASSERT_NE(run, nullptr);
    EXPECT_TRUE(cli::wants_help(*run, {"-W", "--help"}));
    EXPECT_TRUE(cli::wants_help(*run, {"ubuntu", "-h"}));
    EXPECT_FALSE(cli::wants_help(*run, {"ubuntu", "ls", "--help"}));
    EXPECT_FALSE(cli::wants_help(*run, {"--", "--help"}));
    const auto* plan = cli::find_builtin_doc("_plan");
    EXPECT_FALSE(cli::wants_help(*plan, {"yes", "--help"}));
}

TEST(Help, UsageErrorsShowTheSameUsage) {
    auto r = vagga_in(kCompletion, {"_pack_image", "--bogus"});
    EXPECT_EQ(r.code, 122);
    EXPECT_EQ(r.err, "Usage:\n  vagga _pack_image [OPTIONS] CONTAINER\n"
                     "vagga _pack_image: Unknown option --bogus\n");
    r = vagga_in(kCompletion, {"_list", "--bogus"});
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(r.err.starts_with("Usage:\n  vagga _list [OPTIONS]\nvagga _list: ")) << r.err;
}

TEST(Help, ExportUsageErrors) {
    const std::string usage = "Usage:\n  vagga _export [OPTIONS] oci CONTAINER -o PATH | bundle "
                              "COMMAND[:CHILD] -o DIR | kube COMMAND | compose [COMMAND ...]\n";
    auto r = vagga_in(kCompletion, {"_export"});
    EXPECT_EQ(r.code, 122);
    EXPECT_EQ(r.err, usage + "vagga _export: Name what to export: oci, bundle, kube or compose\n");
    r = vagga_in(kCompletion, {"_export", "zip"});
    EXPECT_EQ(r.code, 122);
    EXPECT_EQ(r.err, usage + "vagga _export: Unknown format zip (oci, bundle, kube or compose)\n");
    r = vagga_in(kCompletion, {"_export", "oci", "--compression", "lz4", "x"});
    EXPECT_EQ(r.code, 122);
    EXPECT_EQ(r.err, usage + "vagga _export: --compression is gzip, zstd or none, not lz4\n");
    r = vagga_in(kCompletion, {"_export", "oci", "c1"});
    EXPECT_EQ(r.code, 122);
    EXPECT_EQ(r.err, usage + "vagga _export: Name the output with -o DIR or -o FILE.tar\n");
    r = vagga_in(kCompletion, {"_export", "kube", "nope"});
    EXPECT_EQ(r.code, 121);
    EXPECT_EQ(r.err, "Unknown command nope\n");
}

TEST(Help, HelpOfACommand) {
    auto r = vagga_in(kCompletion, {"_help", "yes"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, "Run yes\n\nUsage:\n  vagga yes <OPTIONS>\n");
}

TEST(Help, HelpOfACommandWithOptionsIsItsDocopt) {
    TempDir t;
    t.write("vagga.yaml", R"(commands:
  greet: !Command
    container: c
    run: [echo]
    options: |
      Usage: vagga greet [--loud] <name>

      Options:
        --loud  Shout
containers:
  c: {setup: [!Alpine v3.18]}
)");
    auto r = vagga_in(t.path(), {"_help", "greet"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Usage: vagga greet [--loud] <name>"), std::string::npos) << r.out;
}

TEST(Help, UnknownCommandAndNoCommand) {
    auto r = vagga_in(kCompletion, {"_help", "nope"});
    EXPECT_EQ(r.code, 121);
    EXPECT_EQ(r.err, "Command nope not found.\n");
    r = vagga_in(kCompletion, {"_help"});
    EXPECT_EQ(r.code, 127);
    EXPECT_NE(r.err.find("dont_care"), std::string::npos) << r.err;
}

TEST(Help, LauncherHelpListsTheBuiltins) {
    TempDir t;
    auto r = vagga_in(t.path(), {"--help"});
    EXPECT_EQ(r.code, 0);
    EXPECT_TRUE(r.out.starts_with("Usage:\n  vagga [OPTIONS] [COMMAND [ARG ...]]\n")) << r.out;
    for (const auto& b : cli::builtin_docs()) {
        if (b.name == "_compgen")
            continue;
        EXPECT_NE(r.out.find("  " + std::string(b.name) + " "), std::string::npos) << b.name;
    }
    EXPECT_NE(r.out.find("  -E,--env,--environ NAME=VALUE\n"), std::string::npos) << r.out;
}

TEST(Help, ManPageCoversEveryBuiltin) {
    TempDir t;
    auto r = vagga_in(t.path(), {"_help", "--man"});
    EXPECT_EQ(r.code, 0);
    EXPECT_TRUE(r.out.starts_with(".TH VAGGA 1 ")) << r.out;
    for (const auto& b : cli::builtin_docs()) {
        if (b.name == "_compgen")
            continue;
        EXPECT_NE(r.out.find(".SS " + std::string(b.name)), std::string::npos) << b.name;
    }
    // roff: every option dash escaped.
    EXPECT_NE(r.out.find(".B \\-\\-no\\-build"), std::string::npos);
}

} // namespace
} // namespace vagga::testing
