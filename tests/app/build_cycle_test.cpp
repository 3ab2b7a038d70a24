// The build cycle's rules (runtime.md §5), with fake files, processes,
// clock and console: no namespaces, no builder binary.
#include "app/build_cycle.h"
#include "tests/app/app_helpers.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

namespace vagga::test {
namespace {

using app::BuildMode;
using app::ErrorKind;

constexpr const char* kConfig = R"(
containers:
  base:
    setup:
    - !EnsureDir /data
  app:
    auto-clean: true
    setup:
    - !Container base
    - !EnsureDir /app
  keep:
    setup:
    - !EnsureDir /keep
)";

bool has(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

class BuildCycleTest : public ::testing::Test {
  protected:
    BuildCycleTest() : project(project_from(kConfig)) {
        versions.set("base", "bbbbbbbb");
        versions.set("app", "aaaaaaaa");
        versions.set("keep", "kkkkkkkk");
        // The builder makes the image's root in the build folder it is given.
        fake.processes.on_run = [this](const FakeProcesses::Run&) {
            for (const auto& e : fake.files.list("/p/.vagga/.roots"))
                if (e.filename().string().rfind(".tmp.", 0) == 0 && fake.files.is_dir(e))
                    fake.files.dir(e / "root");
            fake.clock.advance(std::chrono::seconds(2));
            return builder_result;
        };
    }

    app::Status build(const std::string& name, BuildMode mode = BuildMode::Normal) {
        app::Storage st{"/p", "/p/.vagga", false};
        app::BuildHost host{"/bin/vagga-build", nullptr, nullptr, nullptr, nullptr};
        app::BuildCycle cycle(project, st, fake.ports(), versions.versioner(), host);
        return cycle.build(name, mode);
    }
    size_t builds() const { return fake.processes.runs.size(); }

    project::Project project;
    FakeVersions versions;
    FakePorts fake;
    app::Processes::Finished builder_result;
};

TEST_F(BuildCycleTest, BuildsCommitsAndLinks) {
    EXPECT_FALSE(build("keep"));
    ASSERT_EQ(builds(), 1u);
    EXPECT_EQ(fake.processes.runs[0].argv,
              (std::vector<std::string>{"/bin/vagga-build", "--report-fd", "3", "-"}));
    // The plan names the build folder, not the final one.
    EXPECT_NE(fake.processes.runs[0].input.find("/p/.vagga/.roots/.tmp.keep/root"),
              std::string::npos);
    auto tree = fake.files.tree();
    EXPECT_TRUE(has(tree, "/p/.vagga/.roots/keep.kkkkkkkk/root/"));
    EXPECT_TRUE(has(tree, "/p/.vagga/.roots/keep.kkkkkkkk/last_use"));
    EXPECT_TRUE(has(tree, "/p/.vagga/keep -> .roots/keep.kkkkkkkk/root"));
    EXPECT_FALSE(has(tree, "/p/.vagga/.roots/.tmp.keep/"));
    EXPECT_EQ(fake.console.err_text, "Container keep (kkkkkkkk) built in 2.0 seconds.\n");
    // The lock is held around the build and let go after it.
    const auto& log = fake.files.log();
    auto lock = std::find(log.begin(), log.end(), "lock /p/.vagga/.roots/.tmp.keep.lock");
    auto unlock = std::find(log.begin(), log.end(), "unlock /p/.vagga/.roots/.tmp.keep.lock");
    auto commit = std::find(log.begin(), log.end(),
                            "rename /p/.vagga/.roots/.tmp.keep /p/.vagga/.roots/keep.kkkkkkkk");
    ASSERT_NE(lock, log.end());
    ASSERT_NE(commit, log.end());
    ASSERT_NE(unlock, log.end());
    EXPECT_LT(lock, commit);
    EXPECT_LT(commit, unlock);
}

// The kept root after the unchanged steps (runtime/build/snapshot.h):
// keyed by the version's hash after them, in the build's folder during the
// build and in `.roots/.steps.NAME` between builds.
TEST_F(BuildCycleTest, KeptRootGoesIntoTheBuildAndBackHome) {
    versions.by_name["app"].step_hashes = {"after-base", "after-app"};
    std::vector<std::string> inputs;
    std::vector<bool> was_moved_in;
    fake.processes.on_run = [&](const FakeProcesses::Run& run) {
        inputs.push_back(run.input);
        const app::Path build_dir = run.input.find(".tmp.app") != std::string::npos
                                        ? "/p/.vagga/.roots/.tmp.app"
                                        : "/p/.vagga/.roots/.tmp.base";
        fake.files.dir(build_dir / "root");
        was_moved_in.push_back(fake.files.exists(build_dir / "steps"));
        fake.files.dir(build_dir / "steps");
        fake.files.file(build_dir / "steps" / "key");
        return builder_result;
    };
    ASSERT_FALSE(build("app"));
    ASSERT_EQ(inputs.size(), 2u);
    // base has one step: nothing to keep before it.
    EXPECT_EQ(inputs[0].find("\"snapshot\""), std::string::npos);
    auto plan = nlohmann::json::parse(inputs[1]);
    ASSERT_TRUE(plan.contains("snapshot")) << inputs[1];
    EXPECT_EQ(plan["snapshot"]["dir"], "/p/.vagga/.roots/.tmp.app/steps");
    EXPECT_EQ(plan["snapshot"]["steps"], 1);
    EXPECT_EQ(plan["snapshot"]["reuse"], true);
    const std::string key = plan["snapshot"]["key"];
    EXPECT_EQ(key.size(), 128u);
    EXPECT_FALSE(was_moved_in[1]);
    auto tree = fake.files.tree();
    EXPECT_TRUE(has(tree, "/p/.vagga/.roots/.steps.app/key"));
    EXPECT_FALSE(has(tree, "/p/.vagga/.roots/app.aaaaaaaa/steps/"));

    // The next build of a changed last step: the same key, the kept root
    // moved into its folder; `--force` builds from nothing.
    versions.set("app", "a2a2a2a2");
    versions.by_name["app"].step_hashes = {"after-base", "after-app-2"};
    ASSERT_FALSE(build("app"));
    plan = nlohmann::json::parse(inputs.back());
    EXPECT_EQ(plan["snapshot"]["key"], key);
    EXPECT_TRUE(was_moved_in.back());
    ASSERT_FALSE(build("app", BuildMode::Force));
    plan = nlohmann::json::parse(inputs.back());
    EXPECT_EQ(plan["snapshot"]["reuse"], false);
    // A change before the last step changes the key.
    versions.set("app", "a3a3a3a3");
    versions.by_name["app"].step_hashes = {"after-base-3", "after-app-3"};
    ASSERT_FALSE(build("app"));
    plan = nlohmann::json::parse(inputs.back());
    EXPECT_NE(plan["snapshot"]["key"], key);
}

TEST_F(BuildCycleTest, UpToDateIsNotRebuiltButMarkedUsed) {
    ASSERT_FALSE(build("keep"));
    fake.clock.advance(std::chrono::hours(1));
    ASSERT_FALSE(build("keep"));
    EXPECT_EQ(builds(), 1u);
    EXPECT_EQ(fake.files.mtime("/p/.vagga/.roots/keep.kkkkkkkk/last_use"), fake.clock.now());
}

TEST_F(BuildCycleTest, ChangedVersionBuildsAgainAndRelinks) {
    ASSERT_FALSE(build("keep"));
    versions.set("keep", "k2k2k2k2");
    ASSERT_FALSE(build("keep"));
    EXPECT_EQ(builds(), 2u);
    auto tree = fake.files.tree();
    EXPECT_TRUE(has(tree, "/p/.vagga/keep -> .roots/keep.k2k2k2k2/root"));
    // Without auto-clean the old version stays for `_clean`.
    EXPECT_TRUE(has(tree, "/p/.vagga/.roots/keep.kkkkkkkk/root/"));
}

TEST_F(BuildCycleTest, AutoCleanRemovesTheVersionTheLinkNamed) {
    ASSERT_FALSE(build("app"));
    versions.set("app", "a2a2a2a2");
    ASSERT_FALSE(build("app"));
    auto tree = fake.files.tree();
    EXPECT_TRUE(has(tree, "/p/.vagga/app -> .roots/app.a2a2a2a2/root"));
    EXPECT_FALSE(has(tree, "/p/.vagga/.roots/app.aaaaaaaa/"));
    project.settings.disable_auto_clean = true;
    versions.set("app", "a3a3a3a3");
    ASSERT_FALSE(build("app"));
    EXPECT_TRUE(has(fake.files.tree(), "/p/.vagga/.roots/app.a2a2a2a2/"));
}

TEST_F(BuildCycleTest, DependenciesFirst) {
    ASSERT_FALSE(build("app"));
    ASSERT_EQ(builds(), 2u);
    EXPECT_NE(fake.processes.runs[0].input.find(".tmp.base/root"), std::string::npos);
    EXPECT_NE(fake.processes.runs[1].input.find(".tmp.app/root"), std::string::npos);
    EXPECT_TRUE(has(fake.files.tree(), "/p/.vagga/base -> .roots/base.bbbbbbbb/root"));
}

TEST_F(BuildCycleTest, ForceRebuildsTheContainerButNotItsDependencies) {
    ASSERT_FALSE(build("app"));
    ASSERT_FALSE(build("app", BuildMode::Force));
    ASSERT_EQ(builds(), 3u);
    EXPECT_NE(fake.processes.runs[2].input.find(".tmp.app/root"), std::string::npos);
    // The forced version replaced the old one in place.
    EXPECT_TRUE(has(fake.files.tree(), "/p/.vagga/.roots/app.aaaaaaaa/root/"));
}

TEST_F(BuildCycleTest, NoBuildRefusesAndTouchesNothing) {
    auto e = build("keep", BuildMode::NoBuild);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->kind, ErrorKind::NotBuilt);
    EXPECT_EQ(e->message, "Container keep (kkkkkkkk) is not built and --no-build is given");
    EXPECT_EQ(builds(), 0u);
    EXPECT_TRUE(fake.files.tree().empty());
}

TEST_F(BuildCycleTest, NoVersionCheckUsesWhatIsLinked) {
    ASSERT_FALSE(build("keep"));
    versions.set("keep", "k2k2k2k2");
    versions.asked.clear();
    ASSERT_FALSE(build("keep", BuildMode::NoVersionCheck));
    EXPECT_EQ(builds(), 1u);
    EXPECT_TRUE(versions.asked.empty());
}

TEST_F(BuildCycleTest, UnknownVersionIsTakenAfterTheBuild) {
    versions.by_name.erase("keep");
    fake.processes.on_run = [this](const FakeProcesses::Run&) {
        fake.files.dir("/p/.vagga/.roots/.tmp.keep/root");
        versions.set("keep", "afterafter");
        return app::Processes::Finished{};
    };
    ASSERT_FALSE(build("keep"));
    EXPECT_TRUE(has(fake.files.tree(), "/p/.vagga/keep -> .roots/keep.afteraft/root"));
}

TEST_F(BuildCycleTest, VersionedBuildDir) {
    project.settings.versioned_build_dir = true;
    ASSERT_FALSE(build("keep"));
    EXPECT_NE(fake.processes.runs[0].input.find(".tmp.keep.kkkkkkkk/root"), std::string::npos);
    EXPECT_TRUE(has(fake.files.log(), "lock /p/.vagga/.roots/.tmp.keep.kkkkkkkk.lock"));
    EXPECT_TRUE(has(fake.files.tree(), "/p/.vagga/keep -> .roots/keep.kkkkkkkk/root"));
}

TEST_F(BuildCycleTest, AFailedBuildsFolderGoesFirst) {
    fake.files.file("/p/.vagga/.roots/.tmp.keep/root/half-written");
    ASSERT_FALSE(build("keep"));
    EXPECT_TRUE(has(fake.files.log(), "rm -r /p/.vagga/.roots/.tmp.keep"));
    EXPECT_FALSE(has(fake.files.tree(), "/p/.vagga/.roots/keep.kkkkkkkk/root/half-written"));
}

TEST_F(BuildCycleTest, AFailedBuildIsNotCommitted) {
    builder_result.status = 1 << 8; // exit code 1
    auto e = build("keep");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->kind, ErrorKind::Failed);
    EXPECT_EQ(e->message, "Builder of container keep exited with code 1");
    auto tree = fake.files.tree();
    EXPECT_FALSE(has(tree, "/p/.vagga/.roots/keep.kkkkkkkk/"));
    EXPECT_FALSE(has(tree, "/p/.vagga/keep -> .roots/keep.kkkkkkkk/root"));
}

TEST_F(BuildCycleTest, AnInterruptedBuildKeepsTheShellsCode) {
    builder_result.status = 2; // killed by SIGINT
    auto e = build("keep");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->kind, ErrorKind::Interrupted);
    EXPECT_EQ(e->code, 130);
}

TEST_F(BuildCycleTest, AFailedStepIsShownAtItsLine) {
    builder_result.status = 1 << 8;
    runtime::Error step = runtime::make_error(2, "open", "/x");
    step.span = project.config.containers.at(ir::Str("keep")).span;
    builder_result.report = runtime::encode_error(step);
    ASSERT_TRUE(build("keep"));
    ASSERT_EQ(fake.console.diagnostics_seen.size(), 1u);
    EXPECT_EQ(fake.console.diagnostics_seen[0].rfind("build-failed: open /x", 0), 0u)
        << fake.console.diagnostics_seen[0];
}

TEST_F(BuildCycleTest, AHeldLockFailsWithoutBuildLockWait) {
    fake.files.hold("/p/.vagga/.roots/.tmp.keep.lock");
    auto e = build("keep");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->message, "Can't lock container build (/p/.vagga/.roots/.tmp.keep.lock). "
                          "Probably other process is doing build. Aborting...");
    EXPECT_EQ(builds(), 0u);
}

TEST_F(BuildCycleTest, AHeldLockIsWaitedForWithBuildLockWait) {
    project.settings.build_lock_wait = true;
    fake.files.hold("/p/.vagga/.roots/.tmp.keep.lock");
    fake.files.on_wait = [this] { fake.clock.advance(std::chrono::seconds(7)); };
    ASSERT_FALSE(build("keep"));
    EXPECT_EQ(builds(), 1u);
    EXPECT_EQ(fake.console.err_text, "Other process is doing a build (.tmp.keep). Waiting...\n"
                                     "Lock was held 7 seconds. Proceeding...\n"
                                     "Container keep (kkkkkkkk) built in 2.0 seconds.\n");
}

TEST_F(BuildCycleTest, WhatAnotherProcessBuiltWhileWeWaitedIsUsed) {
    project.settings.build_lock_wait = true;
    fake.files.hold("/p/.vagga/.roots/.tmp.keep.lock");
    fake.files.on_wait = [this] { fake.files.dir("/p/.vagga/.roots/keep.kkkkkkkk/root"); };
    ASSERT_FALSE(build("keep"));
    EXPECT_EQ(builds(), 0u);
    EXPECT_TRUE(has(fake.files.tree(), "/p/.vagga/keep -> .roots/keep.kkkkkkkk/root"));
}

TEST_F(BuildCycleTest, VersioningErrorsAndUnknownContainers) {
    hash::Result bad;
    bad.kind = hash::Result::Kind::Error;
    bad.step = "Copy";
    bad.message = "no such file";
    versions.by_name["keep"] = bad;
    auto e = build("keep");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->message, "Error versioning command Copy: no such file");
    e = build("nope");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->message, "Container \"nope\" not found");
    EXPECT_EQ(builds(), 0u);
}

} // namespace
} // namespace vagga::test
