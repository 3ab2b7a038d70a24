// `vagga _compgen WORDS -- CUR` (runtime.md §1.8.10), on the original's
// completion test project: user commands, builtins, options, containers
// and supervise children.
#include "cli_helpers.h"

namespace vagga::testing {
namespace {

const std::filesystem::path kCompletion = kCorpus / "vagga-tests/completion";

std::string compgen(const std::vector<std::string>& words,
                    const std::filesystem::path& where = kCompletion) {
    std::vector<std::string> args{"_compgen"};
    args.insert(args.end(), words.begin(), words.end());
    auto r = vagga_in(where, args);
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.err, "");
    return r.out;
}

const char* kGlobals = "-V\n--version\n-E\n--env\n--environ\n-e\n--use-env\n"
                       "--ignore-owner-check\n--no-image-download\n--no-build\n"
                       "--no-version-check\n--no-net\n--no-network\n--isolate-network\n"
                       "--no-prerequisites\n--containers-only\n-m\n--run-multi\n";

TEST(Compgen, UserCommandsAtTheTop) {
    EXPECT_EQ(compgen({}), "dont_care\nno\nyes\n");
    EXPECT_EQ(compgen({"--"}), "dont_care\nno\nyes\n");
    EXPECT_EQ(compgen({"--", "d"}), "dont_care\n");
    EXPECT_EQ(compgen({"--", "does"}), "");
    // An option's value and an unknown word are skipped.
    EXPECT_EQ(compgen({"-E", "test=123", "--", "d"}), "dont_care\n");
    EXPECT_EQ(compgen({"whatever", "--", "n"}), "no\n");
}

TEST(Compgen, GlobalOptionsWhenTheWordStartsWithADash) {
    EXPECT_EQ(compgen({"--", "-"}), kGlobals);
    EXPECT_EQ(compgen({"--", "--e"}), "--env\n--environ\n");
    // Single options are not offered twice; -E and -e repeat.
    std::string after_v = compgen({"--version", "-E", "a=b", "--", "-"});
    EXPECT_EQ(after_v.find("--version"), std::string::npos) << after_v;
    EXPECT_TRUE(after_v.starts_with("-E\n--env\n--environ\n-e\n")) << after_v;
    EXPECT_EQ(compgen({"--no-net", "--", "--no-n"}), "");
    // The value of -E is the user's: nothing to offer.
    EXPECT_EQ(compgen({"-E", "--", ""}), "");
}

TEST(Compgen, BuiltinsWhenTheWordStartsWithAnUnderscore) {
    EXPECT_EQ(compgen({"--", "_"}), "_build\n_clean\n_list\n_pack_image\n_push_image\n_run\n"
                                    "_version_hash\n_base_dir\n_relative_work_dir\n_check\n"
                                    "_plan\n_export\n_schema\n_help\n");
    EXPECT_EQ(compgen({"--", "_r"}), "_run\n_relative_work_dir\n");
    EXPECT_EQ(compgen({"--", "_ran"}), "");
}

TEST(Compgen, ContainersAfterABuiltinThatTakesOne) {
    EXPECT_EQ(compgen({"_build", "--"}), "data\nubuntu\n");
    EXPECT_EQ(compgen({"_build", "--", "-"}), "--force\n--no-image-download\n");
    EXPECT_EQ(compgen({"_build", "--force", "--", "-"}), "--no-image-download\n");
    EXPECT_EQ(compgen({"_build", "--force", "--"}), "data\nubuntu\n");
    // After the container, the words are not ours.
    EXPECT_EQ(compgen({"_build", "ubuntu", "--"}), "");
    EXPECT_EQ(compgen({"_version_hash", "--", "-"}),
              "-s\n--short\n--fd3\n--debug-versioning\n--dump-version-data\n");
}

TEST(Compgen, RunLeavesOutDataContainers) {
    EXPECT_EQ(compgen({"_run", "--"}), "ubuntu\n");
    EXPECT_EQ(compgen({"_run", "--", "u"}), "ubuntu\n");
    EXPECT_EQ(compgen({"_run", "--", "ud"}), "");
    EXPECT_EQ(compgen({"--use-env", "HOME", "_run", "--writable", "--", "u"}), "ubuntu\n");
    EXPECT_EQ(compgen({"_run", "--", "-"}), "-W\n--writeable\n--writable\n--no-image-download\n"
                                            "--no-build\n--no-version-check\n");
    EXPECT_EQ(compgen({"_run", "-W", "--", "-"}),
              "--no-image-download\n--no-build\n--no-version-check\n");
    // The value of --file is a file: left to the shell.
    EXPECT_EQ(compgen({"_pack_image", "-f", "--", ""}), "");
    EXPECT_EQ(compgen({"_pack_image", "-f", "out.tar", "--", ""}), "data\nubuntu\n");
}

TEST(Compgen, SuperviseOptionsAndChildren) {
    EXPECT_EQ(compgen({"dont_care", "--"}),
              "--only\n--exclude\n--no-image-download\n--no-build\n--no-version-check\n");
    EXPECT_EQ(compgen({"dont_care", "--only", "--"}), "no\nyes\n");
    EXPECT_EQ(compgen({"dont_care", "--only", "yes", "--"}), "no\n");
    EXPECT_EQ(compgen({"dont_care", "--only", "yes", "no", "--"}), "");
    EXPECT_EQ(compgen({"dont_care", "--only", "yes", "--", "-"}),
              "--exclude\n--no-image-download\n--no-build\n--no-version-check\n");
    EXPECT_EQ(compgen({"dont_care", "--no-build", "--"}),
              "--only\n--exclude\n--no-image-download\n--no-version-check\n");
    // A plain command's arguments are its own.
    EXPECT_EQ(compgen({"yes", "--"}), "");
}

TEST(Compgen, ChildTagsAreOfferedOnce) {
    TempDir t;
    t.write("vagga.yaml", R"(containers:
  c: {setup: [!Alpine v3.18]}
commands:
  all: !Supervise
    children:
      web: !Command {container: c, run: [a], tags: [front, http]}
      api: !Command {container: c, run: [b], tags: [http]}
)");
    EXPECT_EQ(compgen({"all", "--exclude", "--"}, t.path()), "api\nhttp\nweb\nfront\n");
    EXPECT_EQ(compgen({"all", "--exclude", "http", "--"}, t.path()), "api\nweb\nfront\n");
}

TEST(Compgen, OutsideAProjectOrWithABrokenConfig) {
    TempDir none;
    EXPECT_EQ(compgen({"--", "_b"}, none.path()), "_build\n_base_dir\n");
    EXPECT_EQ(compgen({"_run", "--"}, none.path()), "");
    TempDir broken;
    broken.write("vagga.yaml", "containers: [\n");
    EXPECT_EQ(compgen({"--", "--vers"}, broken.path()), "--version\n");
}

} // namespace
} // namespace vagga::testing
