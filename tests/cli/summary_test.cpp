// `vagga` with no command: the command summary (runtime.md §1.4).
#include "cli_helpers.h"

namespace vagga::testing {
namespace {

TEST(Summary, AlpineDescriptionsAsInAlpineBats) {
    auto r = vagga_in(kCorpus / "vagga-tests/alpine", {});
    EXPECT_EQ(r.code, 127);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "Available commands:\n"
                     "    echo-cmd\n"
                     "    v3.15-calc\n"
                     "    v37-calc\n"
                     "                        (aliases: new-calc, just-calc)\n"
                     "    vagga-alpine\n"
                     "\n"
                     "Old alpine commands:\n"
                     "    v32-calc\n"
                     "    v33-calc\n"
                     "    v33-tar\n"
                     "    v34-calc\n");
}

TEST(Summary, WorksFromASubfolder) {
    auto r = vagga_in(kCorpus / "vagga-tests/alpine", {});
    TempDir t;
    t.write("vagga.yaml", "commands:\n  a: !Command {container: c, run: [x]}\n");
    std::filesystem::create_directories(t / "sub/dir");
    auto s = vagga_in(t / "sub/dir", {});
    EXPECT_EQ(s.code, 127);
    EXPECT_EQ(s.err, "Available commands:\n    a\n");
}

TEST(Summary, PaddingLongNamesMultilineHiddenAndGroups) {
    TempDir t;
    t.write("vagga.yaml", R"(commands:
  _hidden: !Command {container: c, run: [x], description: hidden, group: First}
  build: !Command {container: c, run: [x], description: Build it}
  exactly-nineteen-ch: !Command {container: c, run: [x], description: d19}
  twenty-characters-ab: !Command {container: c, run: [x], description: d20}
  multi: !Command
    container: c
    run: [x]
    description: "line one\nline two"
  z: !Command {container: c, run: [x], group: First, aliases: [zz]}
)");
    auto r = vagga_in(t.path(), {});
    EXPECT_EQ(r.code, 127);
    // `_hidden` is left out, but its group comes first (the sorted walk meets it first).
    EXPECT_EQ(r.err, "First:\n"
                     "    z\n"
                     "                        (aliases: zz)\n"
                     "\n"
                     "Available commands:\n"
                     "    build               Build it\n"
                     "    exactly-nineteen-ch d19\n"
                     "    multi               line one\n"
                     "                        line two\n"
                     "    twenty-characters-ab\n"
                     "                        d20\n");
}

TEST(Summary, ConfigErrorsStopIt) {
    auto r = vagga_in(kCorpus / "vagga-tests/badcmd", {});
    EXPECT_EQ(r.code, 126);
    EXPECT_NE(r.err.find("error[missing-field]"), std::string::npos) << r.err;
}

} // namespace
} // namespace vagga::testing
