// `vagga _list` and its formats (runtime.md §1.8.6).
#include "cli_helpers.h"

namespace vagga::testing {
namespace {

const std::filesystem::path kMixins = kCorpus / "vagga-tests/mixins";

TEST(List, MixinsAsInMixinsBats) {
    auto r = vagga_in(kMixins, {"_list"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.err, "");
    // `m1` followed by 18 spaces: no description.
    EXPECT_EQ(r.out, "m1                  \n"
                     "m1x                 \n"
                     "m2                  \n"
                     "overrides           \n"
                     "top                 \n");
}

TEST(List, VerboseShowsSourceFiles) {
    auto r = vagga_in(kMixins, {"_list", "-v"});
    EXPECT_EQ(r.code, 0);
    std::string m = kMixins.string();
    EXPECT_EQ(r.out,
              "m1                  \n                    (from \"" + m + "/mixins1.yaml\")\n" +
                  "m1x                 \n                    (from \"" + m + "/mixins2.yaml\")\n" +
                  "m2                  \n                    (from \"" + m + "/mixins2.yaml\")\n" +
                  "overrides           \n                    (from \"" + m + "/vagga.yaml\")\n" +
                  "top                 \n                    (from \"" + m + "/vagga.yaml\")\n");
}

TEST(List, Zsh) {
    auto r = vagga_in(kMixins, {"_list", "--zsh"});
    EXPECT_EQ(r.out, "m1:\nm1x:\nm2:\noverrides:\ntop:\n");
}

TEST(List, Containers) {
    EXPECT_EQ(vagga_in(kMixins, {"_list", "--containers"}).out, "alpine\n");
    EXPECT_EQ(vagga_in(kMixins, {"_list", "--containers", "-v"}).out,
              "alpine\n                    (from \"" + kMixins.string() + "/vagga.yaml\")\n");
}

struct AliasProject : ::testing::Test {
    TempDir t;
    void SetUp() override {
        t.write("vagga.yaml", R"(commands:
  run: !Command
    container: c
    run: [x]
    description: "Run it\nsecond line"
    aliases: [r, go, build]
  build: !Command {container: c, run: [x], description: Build}
  a-very-long-command-name: !Command {container: c, run: [x], description: Long}
  _secret: !Command {container: c, run: [x]}
)");
    }
};

TEST_F(AliasProject, AliasesAreEntriesWithTheCommandsDescription) {
    auto r = vagga_in(t.path(), {"_list"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, "a-very-long-command-name\n                    Long\n"
                     "build               Build\n"
                     "go                  Run it\n                    second line\n"
                     "r                   Run it\n                    second line\n"
                     "run                 Run it\n                    second line\n");
}

TEST_F(AliasProject, NoAliases) {
    auto r = vagga_in(t.path(), {"_list", "--no-aliases", "--zsh"});
    EXPECT_EQ(r.out, "a-very-long-command-name:Long\nbuild:Build\nrun:Run it\n");
}

TEST_F(AliasProject, VerboseAliasNamesItsCommand) {
    auto r = vagga_in(t.path(), {"_list", "-v", "--zsh"});
    // --zsh wins over -v: one line per entry.
    EXPECT_EQ(r.out,
              "a-very-long-command-name:Long\nbuild:Build\ngo:Run it\nr:Run it\nrun:Run it\n");
    auto v = vagga_in(t.path(), {"_list", "-v"});
    std::string f = (t / "vagga.yaml").string();
    EXPECT_NE(v.out.find("go                  Run it\n                    second line\n"
                         "                    (from \"" +
                         f + "\":run)\n"),
              std::string::npos)
        << v.out;
}

TEST_F(AliasProject, AllShowsHiddenAndBuiltins) {
    auto r = vagga_in(t.path(), {"_list", "--all", "--zsh", "--no-aliases"});
    EXPECT_EQ(r.out, "_base_dir:Display a directory which contains vagga.yaml\n"
                     "_build:Build a container\n"
                     "_clean:Clean containers and build artifacts\n"
                     "_list:List of built-in commands\n"
                     "_relative_work_dir:Display a relative path from the current working "
                     "directory to the directory containing vagga.yaml\n"
                     "_run:Run arbitrary command, optionally building container\n"
                     "_secret:\n"
                     "_update_symlinks:Updates symlinks to vagga for commands having "
                     "`symlink-name` in this project\n"
                     "a-very-long-command-name:Long\nbuild:Build\nrun:Run it\n");
    auto h = vagga_in(t.path(), {"_list", "--hidden", "--zsh", "--no-aliases"});
    EXPECT_NE(h.out.find("_secret:\n"), std::string::npos);
}

TEST_F(AliasProject, UnknownListOptionIsAUsageError) {
    auto r = vagga_in(t.path(), {"_list", "--bogus"});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "");
}

} // namespace
} // namespace vagga::testing
