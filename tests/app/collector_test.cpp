// The collector's rules (`vagga _clean`, runtime.md §1.8.4), with fake
// files, processes, clock and console.
#include "app/collector.h"
#include "tests/app/app_helpers.h"

#include <gtest/gtest.h>

namespace vagga::test {
namespace {

using std::chrono::hours;

constexpr const char* kConfig = R"(
containers:
  app:
    setup:
    - !EnsureDir /data
    volumes:
      /db: !Persistent db
  tool:
    setup:
    - !EnsureDir /tool
commands:
  run: !Command
    container: tool
    volumes:
      /cache: !Persistent { name: cache }
    run: [/bin/true]
)";

class CollectorTest : public ::testing::Test {
  protected:
    CollectorTest() : project(project_from(kConfig)) {
        versions.set("app", "aaaaaaaa");
        versions.set("tool", "tttttttt");
    }
    app::Collector collector(bool dry = false) {
        return app::Collector(project, storage, fake.ports(), versions.versioner(), dry);
    }
    // A version folder with its root, last used `age` ago.
    void version(const std::string& dir, hours age = hours(0)) {
        fake.files.dir("/p/.vagga/.roots/" + dir + "/root");
        fake.files.file("/p/.vagga/.roots/" + dir + "/last_use", fake.clock.now() - age);
    }
    bool present(const std::string& rel) {
        return fake.files.kind("/p/.vagga/" + rel) != app::Files::Kind::Missing;
    }

    project::Project project;
    app::Storage storage{"/p", "/p/.vagga", false};
    FakeVersions versions;
    FakePorts fake;
};

TEST_F(CollectorTest, TmpRemovesOnlyBuildFolders) {
    version("app.aaaaaaaa");
    fake.files.dir("/p/.vagga/.roots/.tmp.app/root");
    fake.files.dir("/p/.vagga/.roots/.tmp.tool.tttttttt");
    EXPECT_TRUE(collector().tmp());
    EXPECT_FALSE(present(".roots/.tmp.app"));
    EXPECT_FALSE(present(".roots/.tmp.tool.tttttttt"));
    EXPECT_TRUE(present(".roots/app.aaaaaaaa/root"));
}

TEST_F(CollectorTest, OldKeepsWhatTheLinksName) {
    version("app.aaaaaaaa");
    version("app.00000000");
    version("tool.tttttttt");
    fake.files.link("/p/.vagga/app", ".roots/app.aaaaaaaa/root");
    fake.files.dir("/p/.vagga/.roots/.tmp.app");
    EXPECT_TRUE(collector().old());
    EXPECT_TRUE(present(".roots/app.aaaaaaaa"));
    EXPECT_FALSE(present(".roots/app.00000000"));
    EXPECT_FALSE(present(".roots/tool.tttttttt"));
    EXPECT_TRUE(present(".roots/.tmp.app")); // a build in progress is --tmp's
}

TEST_F(CollectorTest, UnusedKeepsTheCurrentVersions) {
    version("app.aaaaaaaa");
    version("app.00000000");
    version("tool.tttttttt");
    EXPECT_TRUE(collector().unused());
    EXPECT_TRUE(present(".roots/app.aaaaaaaa"));
    EXPECT_TRUE(present(".roots/tool.tttttttt"));
    EXPECT_FALSE(present(".roots/app.00000000"));
}

TEST_F(CollectorTest, UnusedForGoesByLastUse) {
    version("app.aaaaaaaa", hours(1));
    version("app.00000000", hours(24 * 11));
    fake.files.dir("/p/.vagga/.roots/tool.tttttttt/root"); // never used: no last_use
    EXPECT_TRUE(collector().unused_for(std::chrono::hours(24 * 10)));
    EXPECT_TRUE(present(".roots/app.aaaaaaaa"));
    EXPECT_FALSE(present(".roots/app.00000000"));
    EXPECT_FALSE(present(".roots/tool.tttttttt"));
}

TEST_F(CollectorTest, TransientKeepsCopiesOfLiveProcesses) {
    fake.files.dir("/p/.vagga/.transient/app.aaaaaaaa.4242");
    fake.files.dir("/p/.vagga/.transient/app.aaaaaaaa.4343");
    fake.files.dir("/p/.vagga/.transient/junk");
    fake.processes.alive_pids = {4242};
    EXPECT_TRUE(collector().transient());
    EXPECT_TRUE(present(".transient/app.aaaaaaaa.4242"));
    EXPECT_FALSE(present(".transient/app.aaaaaaaa.4343"));
    EXPECT_FALSE(present(".transient/junk"));
}

TEST_F(CollectorTest, UnusedVolumesKeepsVolumesAnyContainerOrCommandNames) {
    fake.files.dir("/p/.vagga/.volumes/db");
    fake.files.dir("/p/.vagga/.volumes/cache");
    fake.files.dir("/p/.vagga/.volumes/.tmp.cache");
    fake.files.dir("/p/.vagga/.volumes/gone");
    fake.files.link("/p/.vagga/.volumes/elsewhere", "/home/user");
    EXPECT_TRUE(collector().volumes(true));
    EXPECT_TRUE(present(".volumes/db"));
    EXPECT_TRUE(present(".volumes/cache"));
    EXPECT_TRUE(present(".volumes/.tmp.cache"));
    EXPECT_FALSE(present(".volumes/gone"));
    EXPECT_TRUE(present(".volumes/elsewhere")); // not ours to remove
    EXPECT_TRUE(collector().volumes(false));
    EXPECT_FALSE(present(".volumes/db"));
    EXPECT_TRUE(present(".volumes/elsewhere"));
}

TEST_F(CollectorTest, ABuildsLockIsRespected) {
    fake.files.dir("/p/.vagga/.roots/.tmp.app");
    fake.files.file("/p/.vagga/.roots/.tmp.app.lock");
    fake.files.hold("/p/.vagga/.roots/.tmp.app.lock");
    EXPECT_TRUE(collector().tmp());
    EXPECT_TRUE(present(".roots/.tmp.app"));
    EXPECT_EQ(fake.console.err_text,
              "Skipping \"/p/.vagga/.roots/.tmp.app\": a build holds its lock\n");
}

TEST_F(CollectorTest, AFreeLockGoesWithWhatItGuarded) {
    fake.files.dir("/p/.vagga/.roots/.tmp.app");
    fake.files.file("/p/.vagga/.roots/.tmp.app.lock");
    EXPECT_TRUE(collector().tmp());
    EXPECT_FALSE(present(".roots/.tmp.app"));
    EXPECT_FALSE(present(".roots/.tmp.app.lock"));
}

TEST_F(CollectorTest, DryRunOnlyPrints) {
    version("app.00000000");
    auto before = fake.files.tree();
    EXPECT_TRUE(collector(true).unused());
    EXPECT_EQ(fake.files.tree(), before);
    EXPECT_EQ(fake.console.out_text, "Would remove \"/p/.vagga/.roots/app.00000000\"\n");
}

TEST_F(CollectorTest, AFailureIsReportedAndTheRestGoesOn) {
    version("app.00000000");
    version("app.11111111");
    fake.files.fail_removing("/p/.vagga/.roots/app.00000000");
    EXPECT_FALSE(collector().unused());
    EXPECT_TRUE(present(".roots/app.00000000"));
    EXPECT_FALSE(present(".roots/app.11111111"));
    EXPECT_EQ(
        fake.console.err_text.rfind("Error cleaning up: remove /p/.vagga/.roots/app.00000000", 0),
        0u)
        << fake.console.err_text;
}

TEST_F(CollectorTest, EverythingRemovesTheLinkedStorageToo) {
    storage = {"/p", "/store/p", true};
    fake.files.dir("/store/p/.roots/app.aaaaaaaa/root");
    fake.files.link("/p/.vagga/.lnk", "/store/p");
    EXPECT_TRUE(collector().everything());
    EXPECT_FALSE(fake.files.exists("/store/p"));
    EXPECT_FALSE(fake.files.exists("/p/.vagga"));
    EXPECT_TRUE(fake.files.is_dir("/store"));
}

TEST_F(CollectorTest, GlobalUnusedForVisitsEveryProjectInStorageDir) {
    project.settings.storage_dir = "/store";
    project.settings.cache_dir = "/store/.cache";
    fake.files.dir("/store/one/.roots/app.11111111/root");
    fake.files.dir("/store/two/.roots/app.22222222/root");
    fake.files.file("/store/two/.roots/app.22222222/last_use", fake.clock.now());
    fake.files.dir("/store/.cache/pip");
    EXPECT_TRUE(app::collect_global(project, fake.ports(), hours(1), false));
    EXPECT_FALSE(fake.files.exists("/store/one/.roots/app.11111111"));
    EXPECT_TRUE(fake.files.exists("/store/two/.roots/app.22222222"));
    EXPECT_TRUE(fake.files.exists("/store/.cache/pip"));
    EXPECT_TRUE(app::collect_global(project, fake.ports(), std::nullopt, false));
    EXPECT_EQ(fake.files.list("/store"), std::vector<app::Path>{"/store/.cache"});
    EXPECT_FALSE(fake.files.exists("/store/.cache/pip"));
}

} // namespace
} // namespace vagga::test
