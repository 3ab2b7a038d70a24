// project: discovery (config.md §1.1), reading order and mixin precedence
// (§1.2, §3.3), broken / too new / cyclic mixins, post-load defaults (§3.5).
#include "compiler/project/project.h"

#include "helpers.h"
#include "tests/support/fake_file_system.h"

namespace vagga::testing {
namespace {

namespace fs = std::filesystem;
using Codes = std::vector<std::string>;

TEST(Discover, HiddenMainFileWinsWithinOneFolder) {
    TempDir t;
    t.write("vagga.yaml", "");
    t.write(".vagga/vagga.yaml", "");
    source::RealFileSystem rfs;
    auto d = project::discover(t.path(), rfs);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->root, t.path());
    EXPECT_EQ(d->main_file, t / ".vagga/vagga.yaml");
}

TEST(Discover, WalksUpFromASubfolder) {
    TempDir t;
    t.write("vagga.yaml", "");
    fs::create_directories(t / "a/b/c");
    source::RealFileSystem rfs;
    auto d = project::discover(t / "a/b/c", rfs);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->root, t.path());
    EXPECT_EQ(d->main_file, t / "vagga.yaml");
}

TEST(Discover, NearestFolderWins) {
    TempDir t;
    t.write("vagga.yaml", "");
    t.write("sub/vagga.yaml", "");
    fs::create_directories(t / "sub/deeper");
    source::RealFileSystem rfs;
    auto d = project::discover(t / "sub/deeper", rfs);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->root, t / "sub");
}

TEST(Discover, LocalMixinsOnlyProject) {
    for (const char* local : {"vagga.local.yaml", ".vagga.local.yaml", ".vagga/local.yaml"}) {
        TempDir t;
        t.write(local, "");
        source::RealFileSystem rfs;
        auto d = project::discover(t.path(), rfs);
        ASSERT_TRUE(d) << local;
        EXPECT_EQ(d->root, t.path());
        EXPECT_TRUE(d->main_file.empty()) << local;
    }
}

TEST(Discover, MainFileBeatsLocalMixinInTheSameFolderAndParentsMainFile) {
    TempDir t;
    t.write("vagga.yaml", "");
    t.write("sub/vagga.local.yaml", "");
    source::RealFileSystem rfs;
    auto d = project::discover(t / "sub", rfs);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->root, t / "sub"); // a local mixin marks a project too
    EXPECT_TRUE(d->main_file.empty());
}

TEST(Discover, TypoWarningAndDanglingSymlink) {
    TempDir t;
    t.write("vagga.yml", "");
    fs::create_symlink(t / "nowhere", t / "vagga.yaml");
    t.write("sub/x", "");
    source::RealFileSystem rfs;
    auto d = project::discover(t.path(), rfs);
    // The dangling vagga.yaml does not count; nothing else is found above
    // the temp dir (unless the machine has a vagga.yaml in /tmp or /).
    if (d) {
        EXPECT_NE(d->root, t.path());
    }
    source::OverlayFileSystem ofs(rfs);
    ofs.set(t / "sub/vagga.yaml", "");
    auto e = project::discover(t / "sub", ofs);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->root, t / "sub");
    auto w = project::discover(t.path(), ofs);
    if (w) {
        ASSERT_EQ(w->warnings.size(), 1u);
        EXPECT_EQ(w->warnings[0], "found `" + (t / "vagga.yml").string() +
                                      "`: probably a typo, the file must be called `vagga.yaml`");
    }
}

TEST(Discover, DirectoryNamedVaggaYamlCounts) {
    TempDir t;
    fs::create_directories(t / "vagga.yaml");
    source::RealFileSystem rfs;
    auto d = project::discover(t.path(), rfs);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->main_file, t / "vagga.yaml");
}

TEST(Discover, NothingFound) {
    test::FakeFileSystem nfs; // nothing in it
    EXPECT_FALSE(project::discover("/a/b/c", nfs));
}

// A project in a temp dir, loaded with project::load.
struct Loaded {
    project::Frontend fe;
    project::Project p;
    explicit Loaded(const fs::path& start) {
        auto d = project::discover(start, *fe.fs);
        EXPECT_TRUE(d);
        if (d)
            p = project::load(fe, *d, {false, std::nullopt, std::nullopt});
    }
    Codes codes() const { return summary(fe.sources, fe.diags); }
    std::string desc(const std::string& cmd) const {
        auto it = p.config.commands.find(ir::Str(cmd));
        if (it == p.config.commands.end())
            return "<none>";
        const auto& c = ir::get<ir::command::Command>(it->second.value);
        return c.description ? c.description->text : "<no description>";
    }
};

std::string cmds(const std::string& from, std::initializer_list<const char*> names,
                 const std::string& mixins = "") {
    std::string out = mixins.empty() ? "" : "mixins: " + mixins + "\n";
    out += "commands:\n";
    for (const char* n : names)
        out += std::string("  ") + n + ": !Command {container: c, run: [x], description: " + from +
               "}\n";
    return out;
}

TEST(Mixins, PrecedenceOfConfigMd33) {
    TempDir t;
    t.write("vagga.yaml", "containers:\n  c:\n" + cmds("main", {"all"}, "[m1.yaml, m2.yaml]"));
    t.write(".vagga/local.yaml", cmds("L3", {"all", "l3", "l3l2", "l3l1"}));
    t.write(".vagga.local.yaml", cmds("L2", {"all", "l3l2", "l2", "l2l1", "l2m"}));
    t.write("vagga.local.yaml",
            cmds("L1", {"all", "l3l1", "l2l1", "l1", "l1m2", "l1n"}, "[l1nested.yaml]"));
    t.write("l1nested.yaml", cmds("L1N", {"l1n", "l1nm"}));
    t.write("m1.yaml", cmds("m1", {"m1m2", "n2m1", "m1only"}));
    t.write("m2.yaml", cmds("m2", {"m1m2", "l1m2", "l2m", "m2n2", "l1nm"}, "[n2.yaml]"));
    t.write("n2.yaml", cmds("n2", {"m2n2", "n2m1", "n2only"}));
    Loaded l(t.path());
    ASSERT_EQ(l.codes(), Codes{});
    EXPECT_EQ(l.desc("all"), "main");
    EXPECT_EQ(l.desc("l3"), "L3");
    EXPECT_EQ(l.desc("l3l2"), "L3");
    EXPECT_EQ(l.desc("l3l1"), "L3");
    EXPECT_EQ(l.desc("l2l1"), "L2");
    EXPECT_EQ(l.desc("l2m"), "L2");
    EXPECT_EQ(l.desc("l1m2"), "L1");
    EXPECT_EQ(l.desc("l1n"), "L1");   // a mixin beats its own nested mixins
    EXPECT_EQ(l.desc("l1nm"), "L1N"); // a local mixin's nested mixin beats `mixins:`
    EXPECT_EQ(l.desc("m1m2"), "m2");  // later entries win
    EXPECT_EQ(l.desc("m2n2"), "m2");
    EXPECT_EQ(l.desc("n2m1"), "n2"); // nested of a later entry beats an earlier entry
    EXPECT_EQ(l.desc("m1only"), "m1");
    EXPECT_EQ(l.desc("n2only"), "n2");
    EXPECT_TRUE(l.p.config.mixins.empty());
}

TEST(Mixins, HiddenMainFileResolvesMixinsFromDotVagga) {
    TempDir t;
    t.write(".vagga/vagga.yaml", "mixins: [m.yaml]\n");
    t.write(".vagga/m.yaml", cmds("dotvagga", {"x"}));
    t.write("m.yaml", cmds("root", {"x"}));
    t.write("vagga.local.yaml", cmds("local", {"y"}));
    Loaded l(t.path());
    ASSERT_EQ(l.codes(), Codes{});
    EXPECT_EQ(l.desc("x"), "dotvagga");
    EXPECT_EQ(l.desc("y"), "local");
}

TEST(Mixins, LocalMixinsOnlyProjectLoads) {
    TempDir t;
    t.write(".vagga.local.yaml", "containers:\n  c:\n" + cmds("local", {"x"}));
    Loaded l(t.path());
    ASSERT_EQ(l.codes(), Codes{});
    EXPECT_TRUE(l.p.main_file.empty());
    EXPECT_EQ(l.desc("x"), "local");
    EXPECT_EQ(l.p.config.containers.size(), 1u);
}

TEST(Mixins, BrokenMixinIsSkippedWithAWarning) {
    TempDir t;
    t.write("vagga.yaml", "mixins:\n- good.yaml\n- broken.yaml\n- missing.yaml\n- ../up.yaml\n");
    t.write("good.yaml", cmds("good", {"g"}));
    t.write("broken.yaml", cmds("broken", {"b"}) + "bogus: 1\n");
    Loaded l(t.path());
    EXPECT_EQ(l.codes(), (Codes{"warning:mixin-skipped@5:3", "warning:mixin-skipped@4:3",
                                "warning:mixin-skipped@3:3"}));
    EXPECT_FALSE(l.fe.diags.has_errors());
    EXPECT_EQ(l.desc("g"), "good");
    EXPECT_EQ(l.desc("b"), "<none>");
}

TEST(Mixins, TooNewMixinShowsOnlyItsVersionError) {
    TempDir t;
    t.write("vagga.yaml", "mixins: [new.yaml]\n" + cmds("main", {"m"}));
    t.write("new.yaml", "minimum-vagga: 9999.0.0\ncontainers:\n  c:\n    setup:\n"
                        "    - !UnknownBuildStep\n    bogus: 1\n");
    Loaded l(t.path());
    ASSERT_EQ(l.codes(), Codes{"warning:mixin-skipped@1:10"});
    const auto& w = l.fe.diags.list()[0];
    ASSERT_EQ(w.notes.size(), 1u);
    EXPECT_EQ(w.notes[0].message,
              "this config needs vagga 9999.0.0 or newer; this is vagga v0.8.1");
    EXPECT_EQ(l.p.config.containers.size(), 0u);
    EXPECT_EQ(l.desc("m"), "main");
}

TEST(Mixins, CycleIsDetected) {
    TempDir t;
    t.write("vagga.yaml", "mixins: [a.yaml]\n");
    t.write("a.yaml", cmds("a", {"a"}, "[b.yaml]"));
    t.write("b.yaml", cmds("b", {"b"}, "[a.yaml]"));
    Loaded l(t.path());
    ASSERT_EQ(l.codes(), Codes{"mixin-cycle@1:10"});
    EXPECT_EQ(l.desc("a"), "a");
    EXPECT_EQ(l.desc("b"), "b");
}

TEST(Mixins, MainFileListingItselfIsACycle) {
    TempDir t;
    t.write("vagga.yaml", "mixins: [vagga.yaml]\n");
    Loaded l(t.path());
    ASSERT_EQ(l.codes(), Codes{"mixin-cycle@1:10"});
}

TEST(Mixins, SelfListingMixinIsACycle) {
    TempDir t;
    t.write("vagga.yaml", "mixins: [a.yaml]\n");
    t.write("a.yaml", "mixins: [a.yaml]\n");
    Loaded l(t.path());
    ASSERT_EQ(l.codes(), Codes{"mixin-cycle@1:10"});
}

TEST(Defaults, UidsAndGids) {
    TempDir t;
    t.write("vagga.yaml", "containers:\n  a:\n  b:\n    uids: [100-200]\n"
                          "commands:\n  cap: !CapsuleCommand {run: [x]}\n");
    t.write("vagga.local.yaml", "containers:\n  fromlocal:\n");
    Loaded l(t.path());
    ASSERT_EQ(l.codes(), Codes{});
    const auto& a = l.p.config.containers.at(ir::Str("a"));
    ASSERT_EQ(a.uids.size(), 1u);
    EXPECT_EQ(a.uids[0].start, 0u);
    EXPECT_EQ(a.uids[0].end, 65535u);
    EXPECT_EQ(a.gids.at(0).end, 65535u);
    const auto& b = l.p.config.containers.at(ir::Str("b"));
    EXPECT_EQ(b.uids.at(0).start, 100u);
    EXPECT_EQ(b.uids.at(0).end, 200u);
    EXPECT_EQ(b.gids.at(0).end, 65535u);
    EXPECT_EQ(l.p.config.containers.at(ir::Str("fromlocal")).uids.at(0).end, 65535u);
    const auto& cap =
        ir::get<ir::command::CapsuleCommand>(l.p.config.commands.at(ir::Str("cap")).value);
    EXPECT_EQ(cap.uids.at(0).end, 65535u);
    EXPECT_EQ(cap.gids.at(0).end, 65535u);
}

TEST(Load, MinimumVaggaErrorComesFirst) {
    TempDir t;
    t.write("vagga.yaml", "containers:\n  c:\n    bogus: 1\nminimum-vagga: v0.9.0\n");
    Loaded l(t.path());
    ASSERT_EQ(l.codes(), (Codes{"minimum-version@4:16", "unknown-key@3:5"}));
    EXPECT_EQ(l.fe.diags.list()[0].message,
              "this config needs vagga v0.9.0 or newer; this is vagga v0.8.1");
}

TEST(Load, OverlayBuffersWinOverDisk) {
    TempDir t;
    t.write("vagga.yaml", "bogus: 1\n");
    project::Frontend fe;
    source::OverlayFileSystem ofs(fe.real_fs);
    ofs.set(t / "vagga.yaml", "containers:\n  fromeditor:\n");
    fe.fs = &ofs;
    auto d = project::discover(t.path(), ofs);
    ASSERT_TRUE(d);
    auto p = project::load(fe, *d, {false, std::nullopt, std::nullopt});
    EXPECT_TRUE(fe.diags.empty());
    EXPECT_EQ(p.config.containers.count(ir::Str("fromeditor")), 1u);
}

TEST(Load, ConfigFileAsSubConfig) {
    TempDir t;
    t.write("sub/docker.yaml", "mixins: [m.yaml]\ncontainers:\n  a:\n");
    t.write("sub/m.yaml", "containers:\n  b:\n");
    t.write("sub/vagga.local.yaml", "containers:\n  l:\n");
    project::Frontend fe;
    auto c = project::load_config_file(fe, t / "sub", t / "sub/docker.yaml");
    EXPECT_TRUE(fe.diags.empty());
    EXPECT_EQ(c.containers.size(), 3u);
}

} // namespace
} // namespace vagga::testing
