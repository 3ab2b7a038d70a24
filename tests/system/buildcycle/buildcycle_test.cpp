// The build cycle through the real binaries: containers built from a local
// root-filesystem tarball, commands run in them, rebuilds exactly when a
// version hash changes, --no-build, the build lock, SIGKILL during a build.
// Run as the invoking user and, with VAGGA_TEST_AS_USER set, re-executed
// through setpriv as that unprivileged user.
#include "tests/system/buildcycle/project.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace vagga::test {
namespace {

const char* kConfig = R"(containers:
  base:
    setup:
    - !Tar {url: ./root.tar.gz}
    - !Text {/etc/greeting: "hello from the image\n"}
    - !Env {FOO: bar}
    - !Sh 'echo "built with $FOO" > /built; echo "to stderr" >&2'
    - !EnsureDir /data/sub
    - !Sh 'mkdir -p /junk && touch /junk/x'
    - !Remove /junk
    - !Copy {source: /work/src, path: /app}
  child:
    setup:
    - !Container base
    - !Sh 'echo child > /child'
  other:
    setup:
    - !Tar {url: ./root.tar.gz}
    - !Sh 'echo VERSION > /other'
commands:
  show: !Command
    container: child
    run: 'cat /etc/greeting /built /child; ls /app; test -d /data/sub; test ! -e /junk; echo ok'
)";

class BuildCycle : public ::testing::Test {
  protected:
    void SetUp() override {
        p.add_busybox_tarball();
        p.write("src/a.txt", "a\n");
        p.write("src/.git/ignored", "x\n");
        p.write("vagga.yaml", kConfig);
    }
    std::string short_hash(const std::string& name) {
        Output r = p.vagga({"_version_hash", "--short", name});
        EXPECT_EQ(r.code, 0) << r.err;
        return r.out.substr(0, 8);
    }
    Project p;
};

TEST_F(BuildCycle, BuildsAndRunsInTheBuiltContainer) {
    Output r = p.vagga({"show"});
    ASSERT_EQ(r.code, 0) << r.err;
    // Command output on stdout, build output only on stderr.
    EXPECT_EQ(r.out, "hello from the image\nbuilt with bar\nchild\na.txt\nok\n");
    EXPECT_NE(r.err.find("to stderr"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Container base ("), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Container child ("), std::string::npos) << r.err;
    // Both versions named by their hashes; the links point at them.
    EXPECT_EQ(p.linked_version("base"), short_hash("base"));
    EXPECT_EQ(p.linked_version("child"), short_hash("child"));
    EXPECT_TRUE(p.exists(".vagga/.roots/child." + short_hash("child") + "/last_use"));
    EXPECT_FALSE(p.exists(".vagga/.roots/.tmp.child"));
    // The image: system dirs, tmp 1777, resolv.conf/hosts truncated, owner.
    std::string root = p.dir() + "/.vagga/base/";
    struct stat st {};
    ASSERT_EQ(stat((root + "tmp").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 01777u);
    ASSERT_EQ(stat((root + "built").c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, getuid()) << "uid 0 in the container is the invoking user";
    for (const char* d : {"dev", "proc", "run", "sys", "work"})
        EXPECT_TRUE(p.exists(std::string(".vagga/base/") + d)) << d;
    EXPECT_EQ(p.read(".vagga/base/etc/resolv.conf"), "");
    EXPECT_FALSE(p.exists(".vagga/base/app/.git"));
}

TEST_F(BuildCycle, UpToDateContainersAreNotRebuilt) {
    ASSERT_EQ(p.vagga({"_build", "child"}).code, 0);
    Output again = p.vagga({"_build", "child"});
    EXPECT_EQ(again.code, 0) << again.err;
    EXPECT_EQ(again.err.find("built in"), std::string::npos) << again.err;
    Output run = p.vagga({"show"});
    EXPECT_EQ(run.code, 0) << run.err;
    EXPECT_EQ(run.err, "");
}

TEST_F(BuildCycle, RebuildsExactlyTheContainersWhoseHashChanged) {
    ASSERT_EQ(p.vagga({"_build", "child"}).code, 0);
    ASSERT_EQ(p.vagga({"_build", "other"}).code, 0);
    std::string base = p.linked_version("base");
    std::string child = p.linked_version("child");
    std::string other = p.linked_version("other");
    // Only `other` changes.
    std::string changed = kConfig;
    changed.replace(changed.find("VERSION"), 7, "VERSION2");
    p.write("vagga.yaml", changed);
    Output r = p.vagga({"_build", "other"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(p.linked_version("other"), other);
    EXPECT_EQ(p.read(".vagga/other/other"), "VERSION2\n");
    r = p.vagga({"_build", "child"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err.find("built in"), std::string::npos) << r.err;
    EXPECT_EQ(p.linked_version("base"), base);
    EXPECT_EQ(p.linked_version("child"), child);
    // A file !Copy takes changes base and, through !Container, child.
    p.write("src/a.txt", "changed\n");
    r = p.vagga({"_build", "child"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(p.linked_version("base"), base);
    EXPECT_NE(p.linked_version("child"), child);
    EXPECT_EQ(p.read(".vagga/child/app/a.txt"), "changed\n");
    // The old versions stay (no auto-clean) until _clean --old.
    EXPECT_EQ(p.versions("base").size(), 2u);
}

TEST_F(BuildCycle, NoBuildFailsWhenABuildIsNeeded) {
    Output r = p.vagga({"--no-build", "show"});
    EXPECT_EQ(r.code, 29) << r.err;
    EXPECT_FALSE(p.exists(".vagga/child"));
    ASSERT_EQ(p.vagga({"_build", "child"}).code, 0);
    r = p.vagga({"--no-build", "show"});
    EXPECT_EQ(r.code, 0) << r.err;
}

TEST_F(BuildCycle, FailingStepLeavesNoContainer) {
    p.write("vagga.yaml", "containers:\n  bad:\n    setup:\n    - !Tar {url: ./root.tar.gz}\n"
                          "    - !Sh 'echo partial > /partial; exit 3'\n");
    Output r = p.vagga({"_build", "bad"});
    EXPECT_EQ(r.code, 121) << r.err;
    EXPECT_NE(r.err.find("exited with code 3"), std::string::npos) << r.err;
    // The failed step is rendered like any diagnostic, at its config line.
    EXPECT_NE(r.err.find("vagga.yaml:5:11: error[build-failed]: step !Sh \"echo partial > "
                         "/partial; exit 3\" failed: Error running /bin/sh -exc echo partial "
                         "> /partial; exit 3: exited with code 3\n"
                         " 5 |     - !Sh 'echo partial > /partial; exit 3'\n"
                         "   |           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ this step failed\n"),
              std::string::npos)
        << r.err;
    EXPECT_TRUE(p.versions("bad").empty());
    EXPECT_FALSE(p.exists(".vagga/bad"));
}

TEST_F(BuildCycle, SigkillDuringABuildLeavesNothingHalfBuilt) {
    p.write("vagga.yaml", "containers:\n  slow:\n    setup:\n    - !Tar {url: ./root.tar.gz}\n"
                          "    - !Sh 'if [ -e /work/hang ]; then touch /work/started; "
                          "sleep 1000; fi; echo done > /done'\n");
    p.write("hang", "");
    pid_t pid = p.start({"_build", "slow"});
    for (int i = 0; i < 600 && !p.exists("started"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_TRUE(p.exists("started"));
    kill(pid, SIGKILL);
    EXPECT_EQ(wait_exit(pid, 10), 128 + SIGKILL);
    // Everything it started dies with it: no `sleep 1000` survives.
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
        gone = processes_with("sleep 1000").empty();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_TRUE(gone);
    EXPECT_TRUE(p.versions("slow").empty());
    EXPECT_FALSE(p.exists(".vagga/slow"));
    // The same version builds next time (the half-built tmp dir is replaced).
    std::remove((p.dir() + "/hang").c_str());
    Output r = p.vagga({"_build", "slow"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(p.read(".vagga/slow/done"), "done\n");
}

TEST_F(BuildCycle, CtrlCDuringABuildStopsItWith130) {
    p.write("vagga.yaml", "containers:\n  slow:\n    setup:\n    - !Tar {url: ./root.tar.gz}\n"
                          "    - !Sh 'touch /work/started; sleep 1001'\n");
    pid_t pid = p.start({"_build", "slow"});
    for (int i = 0; i < 600 && !p.exists("started"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_TRUE(p.exists("started"));
    // What the terminal does on Ctrl-C: SIGINT to the whole foreground group.
    kill(-pid, SIGINT);
    EXPECT_EQ(wait_exit(pid, 20), 130);
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
        gone = processes_with("sleep 1001").empty();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_TRUE(gone);
    EXPECT_TRUE(p.versions("slow").empty());
    EXPECT_FALSE(p.exists(".vagga/slow"));
}

const char* kSlowOnce = "containers:\n  c:\n    setup:\n    - !Tar {url: ./root.tar.gz}\n"
                        "    - !Sh 'echo $$ >> /work/builds.log; sleep 2'\n";

TEST_F(BuildCycle, ConcurrentBuildsWithLockWaitBuildOnce) {
    p.write("vagga.yaml", kSlowOnce);
    std::vector<std::string> env{"VAGGA_SETTINGS=build-lock-wait: true"};
    pid_t a = p.start({"_build", "c"}, env);
    pid_t b = p.start({"_build", "c"}, env);
    EXPECT_EQ(wait_exit(a, 120), 0);
    EXPECT_EQ(wait_exit(b, 120), 0);
    std::string log = p.read("builds.log");
    EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1) << log;
    EXPECT_EQ(p.versions("c").size(), 1u);
}

TEST_F(BuildCycle, VersionedBuildDirNamesTheTemporaryDirectoryByHash) {
    p.write("vagga.yaml", kSlowOnce);
    std::string hash = short_hash("c");
    pid_t a = p.start({"_build", "c"}, {"VAGGA_SETTINGS=versioned-build-dir: true"});
    for (int i = 0; i < 600 && !p.exists("builds.log"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_TRUE(p.exists(".vagga/.roots/.tmp.c." + hash + "/root"));
    EXPECT_TRUE(p.exists(".vagga/.roots/.tmp.c." + hash + ".lock"));
    EXPECT_FALSE(p.exists(".vagga/.roots/.tmp.c"));
    EXPECT_EQ(wait_exit(a, 120), 0);
    EXPECT_FALSE(p.exists(".vagga/.roots/.tmp.c." + hash));
    EXPECT_EQ(p.linked_version("c"), hash);
}

TEST_F(BuildCycle, ConcurrentBuildWithoutLockWaitIsRefused) {
    p.write("vagga.yaml", kSlowOnce);
    pid_t a = p.start({"_build", "c"});
    for (int i = 0; i < 600 && !p.exists("builds.log"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    Output second = p.vagga({"_build", "c"});
    EXPECT_EQ(second.code, 121);
    EXPECT_NE(second.err.find("Probably other process is doing build"), std::string::npos)
        << second.err;
    EXPECT_EQ(wait_exit(a, 120), 0);
}

TEST_F(BuildCycle, CleanRemovesOldVersionsAndEverything) {
    ASSERT_EQ(p.vagga({"_build", "other"}).code, 0);
    std::string first = p.linked_version("other");
    std::string changed = kConfig;
    changed.replace(changed.find("VERSION"), 7, "VERSION2");
    p.write("vagga.yaml", changed);
    ASSERT_EQ(p.vagga({"_build", "other"}).code, 0);
    ASSERT_EQ(p.versions("other").size(), 2u);
    Output r = p.vagga({"_clean", "--old"});
    EXPECT_EQ(r.code, 0) << r.err;
    ASSERT_EQ(p.versions("other").size(), 1u);
    EXPECT_EQ(p.versions("other")[0], "other." + p.linked_version("other"));
    r = p.vagga({"_clean", "--everything"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_FALSE(p.exists(".vagga"));
}

TEST_F(BuildCycle, AutoCleanKeepsOnlyTheCurrentVersion) {
    std::string cfg = "containers:\n  a:\n    auto-clean: true\n    setup:\n"
                      "    - !Tar {url: ./root.tar.gz}\n    - !Sh 'echo V1 > /v'\n";
    p.write("vagga.yaml", cfg);
    ASSERT_EQ(p.vagga({"_build", "a"}).code, 0);
    cfg.replace(cfg.find("V1"), 2, "V2");
    p.write("vagga.yaml", cfg);
    Output r = p.vagga({"_build", "a"});
    ASSERT_EQ(r.code, 0) << r.err;
    ASSERT_EQ(p.versions("a").size(), 1u);
    EXPECT_EQ(p.versions("a")[0], "a." + p.linked_version("a"));
    EXPECT_EQ(p.read(".vagga/a/v"), "V2\n");
}

TEST_F(BuildCycle, CleanUnusedAtLeastGoesByLastUse) {
    ASSERT_EQ(p.vagga({"_build", "other"}).code, 0);
    Output r = p.vagga({"_clean", "--unused", "--at-least", "1h"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(p.versions("other").size(), 1u) << "used just now";
    // Not used for two hours: removed.
    std::string last = p.dir() + "/.vagga/.roots/" + p.versions("other")[0] + "/last_use";
    std::filesystem::last_write_time(last, std::filesystem::file_time_type::clock::now() -
                                               std::chrono::hours(2));
    r = p.vagga({"_clean", "--unused", "--at-least", "1h"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(p.versions("other").empty());
    EXPECT_EQ(p.vagga({"_clean", "--unused", "--at-least", "ten"}).code, 1);
}

TEST_F(BuildCycle, TransientHardLinkCopyLeavesTheImageAlone) {
    p.write("vagga.yaml", R"(containers:
  c:
    setup:
    - !Tar {url: ./root.tar.gz}
    - !Sh 'd=/deep; for i in $(seq 400); do d=$d/d; done; mkdir -p $d; echo bottom > $d/f'
commands:
  scribble: !Command
    container: c
    write-mode: transient-hard-link-copy
    run: 'echo new > /new; cat /new; cat $(find /deep -name f)'
)");
    Output r = p.vagga({"scribble"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "new\nbottom\n");
    EXPECT_FALSE(p.exists(".vagga/c/new")) << "the image is unchanged";
    // The copy is gone once the command ended.
    std::error_code ec;
    EXPECT_TRUE(std::filesystem::is_empty(p.dir() + "/.vagga/.transient", ec) || ec) << ec;
    // `_run -W` writes into a transient copy as well.
    r = p.vagga({"_run", "-W", "c", "sh", "-c", "touch /w && ls /w"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "/w\n");
    EXPECT_FALSE(p.exists(".vagga/c/w"));
}

TEST_F(BuildCycle, RunAsWithExternalUserId) {
    p.write("vagga.yaml", R"(containers:
  c:
    setup:
    - !Tar {url: ./root.tar.gz}
    - !Sh 'mkdir -m 777 /ext'
    - !RunAs
      external-user-id: 1
      script: 'id -u > /ext/uid; touch /ext/f'
)");
    Output r = p.vagga({"_build", "c"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(p.read(".vagga/c/ext/uid"), "0\n") << "uid 0 inside the nested namespace";
    struct stat st {};
    ASSERT_EQ(stat((p.dir() + "/.vagga/c/ext/f").c_str(), &st), 0);
    EXPECT_NE(st.st_uid, getuid()) << "written as uid 1 of the container, not as the user";
}

TEST_F(BuildCycle, ImageCacheUrlIsUsedWhenThereAndBuiltOtherwise) {
    p.write("vagga.yaml", R"(containers:
  c:
    image-cache-url: ./images/${container_name}-${short_hash}.tar.gz
    setup:
    - !Tar {url: ./root.tar.gz}
    - !Sh 'echo from-steps > /marker'
)");
    std::string hash = short_hash("c");
    // No image yet: said so, then built from the steps.
    Output r = p.vagga({"_build", "c"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("Error when unpacking image"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Will clean and build it locally..."), std::string::npos) << r.err;
    EXPECT_EQ(p.read(".vagga/c/marker"), "from-steps\n");
    // An image for this version: unpacked, no step runs.
    std::string img = p.dir() + "/imgroot";
    std::filesystem::create_directories(img);
    std::filesystem::create_directories(p.dir() + "/images");
    ASSERT_EQ(std::system(("tar -xzf " + p.dir() + "/root.tar.gz -C " + img +
                           " && echo from-image > " + img + "/marker && tar -czf " + p.dir() +
                           "/images/c-" + hash + ".tar.gz -C " + img + " .")
                              .c_str()),
              0);
    ASSERT_EQ(p.vagga({"_clean", "--everything"}).code, 0);
    r = p.vagga({"_build", "c"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("Unpacking image ./images/c-" + hash + ".tar.gz"), std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("+ echo"), std::string::npos) << "no step ran: " << r.err;
    EXPECT_EQ(p.read(".vagga/c/marker"), "from-image\n");
    EXPECT_EQ(p.linked_version("c"), hash);
    // --force builds from the steps, never from the image.
    r = p.vagga({"_build", "--force", "c"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(p.read(".vagga/c/marker"), "from-steps\n");
}

TEST_F(BuildCycle, PackedImagesRoundTripThroughImageCacheUrl) {
    p.write("vagga.yaml", R"(containers:
  c:
    image-cache-url: ./images/${container_name}-${short_hash}.tar.gz
    setup:
    - !Tar {url: ./root.tar.gz}
    - !Sh 'echo packed > /marker; mkdir /owned && touch /owned/f'
)");
    std::string hash = short_hash("c");
    Output a = p.vagga({"_pack_image", "-f", "one.tar", "c"});
    ASSERT_EQ(a.code, 0) << a.err;
    Output b = p.vagga({"_pack_image", "c"});
    ASSERT_EQ(b.code, 0) << b.err;
    EXPECT_EQ(b.out, p.read("one.tar")) << "the same image gives the same bytes";
    // Owners as they are inside the container, whoever packs it.
    Output list = p.vagga({"_run", "c", "tar", "-tvf", "/work/one.tar", "./owned/f"});
    EXPECT_NE(list.out.find("0/0"), std::string::npos) << list.out << list.err;
    // A packed image is what image-cache-url finds next time.
    std::filesystem::create_directories(p.dir() + "/images");
    ASSERT_EQ(p.vagga({"_pack_image", "-z", "-f", "images/c-" + hash + ".tar.gz", "c"}).code, 0);
    ASSERT_EQ(p.vagga({"_clean", "--everything"}).code, 0);
    Output r = p.vagga({"_build", "c"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("Unpacking image"), std::string::npos) << r.err;
    EXPECT_EQ(p.read(".vagga/c/marker"), "packed\n");
    // _push_image hands the .tar.xz to the script, then removes it.
    std::vector<std::string> env{"VAGGA_SETTINGS=push-image-script: 'cp \"$image_path\" "
                                 "pushed-$container_name-$short_hash'"};
    r = p.vagga({"_push_image", "c"}, 120, env);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(p.exists("pushed-c-" + hash));
    EXPECT_FALSE(p.exists(".vagga/c/../image.tar.xz"));
    EXPECT_EQ(p.vagga({"_push_image", "c"}).code, 121) << "no push-image-script";
}

TEST_F(BuildCycle, StorageDirKeepsImagesOutsideTheProject) {
    std::string storage = p.dir() + "/.home/storage";
    std::filesystem::create_directories(storage);
    std::vector<std::string> env{"VAGGA_SETTINGS=storage-dir: " + storage};
    Output r = p.vagga({"_build", "other"}, 120, env);
    ASSERT_EQ(r.code, 0) << r.err;
    std::string name = std::filesystem::path(p.dir()).filename().string();
    std::error_code ec;
    EXPECT_EQ(std::filesystem::read_symlink(p.dir() + "/.vagga/.lnk", ec).string(),
              storage + "/" + name);
    std::string target = std::filesystem::read_symlink(p.dir() + "/.vagga/other", ec).string();
    EXPECT_EQ(target.rfind(".lnk/.roots/other.", 0), 0u) << target;
    EXPECT_EQ(p.read(".vagga/other/other"), "VERSION\n");
    EXPECT_TRUE(std::filesystem::is_directory(storage + "/" + name + "/.roots"));
    // Up to date through the link.
    r = p.vagga({"_build", "other"}, 120, env);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err.find("built in"), std::string::npos) << r.err;
    EXPECT_EQ(p.vagga({"_clean", "--everything"}, 60, env).code, 0);
}

TEST_F(BuildCycle, CleanGlobalGoesThroughEveryProjectInStorageDir) {
    std::string storage = p.dir() + "/.home/storage";
    std::filesystem::create_directories(storage);
    std::vector<std::string> env{"VAGGA_SETTINGS=storage-dir: " + storage};
    ASSERT_EQ(p.vagga({"_build", "other"}, 120, env).code, 0);
    std::string name = std::filesystem::path(p.dir()).filename().string();
    std::string roots = storage + "/" + name + "/.roots/";
    std::string version = "other." + short_hash("other");
    ASSERT_TRUE(p.exists(".home/storage/" + name + "/.roots/" + version));
    EXPECT_EQ(p.vagga({"_clean", "--global", "--old"}, 60, env).code, 2);
    EXPECT_EQ(p.vagga({"_clean", "--global", "--unused"}, 60, env).code, 2);
    EXPECT_EQ(p.vagga({"_clean", "--global", "--unused", "--at-least", "1h"}).code, 2)
        << "no storage-dir";
    Output r = p.vagga({"_clean", "--global", "--unused", "--at-least", "1h"}, 60, env);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(p.exists(".home/storage/" + name + "/.roots/" + version)) << "used just now";
    std::filesystem::last_write_time(roots + version + "/last_use",
                                     std::filesystem::file_time_type::clock::now() -
                                         std::chrono::hours(2));
    r = p.vagga({"_clean", "--global", "--unused", "--at-least", "1h"}, 60, env);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_FALSE(p.exists(".home/storage/" + name + "/.roots/" + version));
    r = p.vagga({"_clean", "--global", "--everything"}, 60, env);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(std::filesystem::is_empty(storage));
}

// A container whose /out the !Build tests take.
const char* kMaker = R"(containers:
  maker:
    setup:
    - !Tar {url: ./root.tar.gz}
    - !Sh 'mkdir -p /out && echo artifact > /out/thing'
)";

TEST_F(BuildCycle, BuildTarInstallAndDownloadSteps) {
    p.write("pkg/hello-1.0/install.sh", "echo installed > /usr-hello\n");
    ASSERT_EQ(
        std::system(
            ("tar -C " + p.dir() + "/pkg -czf " + p.dir() + "/hello.tar.gz hello-1.0").c_str()),
        0);
    p.write("data.txt", "downloaded\n");
    p.write("vagga.yaml", std::string(kMaker) + R"(  app:
    setup:
    - !Tar {url: ./root.tar.gz}
    - !Build {container: maker, source: /out, path: /opt/out}
    - !TarInstall {url: ./hello.tar.gz, script: 'sh install.sh'}
    - !Download {url: ./data.txt, path: /data.txt, mode: 0o600}
commands:
  show: !Command
    container: app
    run: 'cat /opt/out/thing /usr-hello /data.txt; stat -c %a /data.txt'
)");
    Output r = p.vagga({"show"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "artifact\ninstalled\ndownloaded\n600\n");
    EXPECT_FALSE(p.linked_version("maker").empty()) << "the !Build source is built first";
}

// !Git and !GitInstall from a repository in the project: the tree of the
// asked revision without .git, the bare clone kept in the cache (and
// fetched, not cloned, next time), the install script run in the checkout.
TEST_F(BuildCycle, GitAndGitInstallCheckOutAndBuild) {
    const std::string git = "git -C " + p.dir() + "/upstream -c user.name=t -c user.email=t@t ";
    p.write("upstream/hello.txt", "one\n");
    p.write("upstream/sub/install.sh", "cp ../hello.txt /installed\n");
    ASSERT_EQ(std::system(("git init -q " + p.dir() + "/upstream && " + git + "add -A && " + git +
                           "commit -qm one && " + git + "tag v1 && " + git +
                           "branch -q old && echo two > " + p.dir() + "/upstream/hello.txt && " +
                           git + "commit -qam two")
                              .c_str()),
              0);
    p.write("vagga.yaml", R"(containers:
  g:
    setup:
    - !Tar {url: ./root.tar.gz}
    - !Git {url: /work/upstream, path: /head}
    - !Git {url: /work/upstream, revision: v1, path: /v1}
    - !Git {url: /work/upstream, branch: old, path: /opt/old}
    - !GitInstall {url: /work/upstream, revision: v1, subdir: sub, script: sh install.sh}
commands:
  show: !Command
    container: g
    run: 'cat /head/hello.txt /v1/hello.txt /opt/old/hello.txt /installed; ls -a /head; ls /tmp'
)");
    Output r = p.vagga({"show"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "two\none\none\none\n.\n..\nhello.txt\nsub\n") << r.out;
    EXPECT_TRUE(p.exists(".vagga/.cache/git/%2Fwork%2Fupstream/HEAD")) << "a bare clone";
    EXPECT_FALSE(p.exists(".vagga/.cache/git/.tmp.%2Fwork%2Fupstream"));
    // A bad revision is a located build error.
    p.write("vagga.yaml", R"(containers:
  g:
    setup:
    - !Tar {url: ./root.tar.gz}
    - !Git {url: /work/upstream, revision: nope, path: /x}
)");
    Output bad = p.vagga({"_build", "g"});
    EXPECT_NE(bad.code, 0);
    EXPECT_NE(bad.err.find("vagga.yaml:5:"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("Error running git archive nope of /work/upstream"), std::string::npos)
        << bad.err;
}

// !GitDescribe with output-file: the image holds the description the
// version encodes (no newline), and a new commit rebuilds the container.
TEST_F(BuildCycle, GitDescribeWritesItsOutputFile) {
    p.write("vagga.yaml", R"(containers:
  v:
    setup:
    - !Tar {url: ./root.tar.gz}
    - !EnsureDir /meta
    - !GitDescribe {output-file: /meta/version}
commands:
  show: !Command {container: v, run: 'cat /meta/version; echo .'}
)");
    p.write(".gitignore", ".vagga\n.home\n");
    const std::string git = "git -C " + p.dir() + " -c user.name=t -c user.email=t@t ";
    ASSERT_EQ(std::system((git + "init -q && " + git + "add -A && " + git + "commit -qm one && " +
                           git + "tag -a v1.0 -m v1.0")
                              .c_str()),
              0);
    Output r = p.vagga({"show"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "v1.0.\n");
    std::string first = p.linked_version("v");
    p.write("more.txt", "x\n");
    ASSERT_EQ(std::system((git + "add more.txt && " + git + "commit -qm two").c_str()), 0);
    r = p.vagga({"show"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("v1.0-1-g", 0), 0u) << r.out;
    EXPECT_NE(p.linked_version("v"), first) << "a new commit is a new version";
}

// `temporary-mount`: the other container's directory is mounted read-only
// while the later steps run, and is gone from the image afterwards.
TEST_F(BuildCycle, BuildTemporaryMountIsThereOnlyDuringTheBuild) {
    p.write("vagga.yaml", std::string(kMaker) + R"(  app:
    setup:
    - !Tar {url: ./root.tar.gz}
    - !Build {container: maker, source: /out, temporary-mount: /mnt/maker}
    - !Sh 'cp /mnt/maker/thing /copied; if touch /mnt/maker/new 2>/dev/null; then echo writable > /copied; fi'
commands:
  show: !Command
    container: app
    run: 'cat /copied; ls -A /mnt/maker | wc -l'
)");
    Output r = p.vagga({"show"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "artifact\n0\n") << "read-only during the build, empty after it";
    EXPECT_EQ(p.read(".vagga/maker/out/thing"), "artifact\n") << "the source is untouched";
}

// The image is the same whoever builds it: a user's restrictive umask does
// not reach the build steps (it made /etc files 0600 and !EnsureDir 0700).
TEST_F(BuildCycle, TheBuildersUmaskIsNotTheUsers) {
    mode_t old = ::umask(077);
    Output r = p.vagga({"_build", "base"});
    ::umask(old);
    ASSERT_EQ(r.code, 0) << r.err;
    struct stat st {};
    std::string root = p.dir() + "/.vagga/base";
    ASSERT_EQ(stat((root + "/built").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0644u) << "a file written by !Sh";
    ASSERT_EQ(stat((root + "/data/sub").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0755u) << "!EnsureDir";
    ASSERT_EQ(stat((root + "/data").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0755u) << "the parent !EnsureDir made";
}

// !Persistent with init-command (new-user trial #1): while the volume does
// not exist, its init-command runs first as a prerequisite, against
// `.volumes/.tmp.NAME`, renamed into place when it succeeds; then the
// command runs. A failing init leaves no volume, and runs again next time.
TEST_F(BuildCycle, InitCommandSeedsPersistentVolume) {
    p.write("vagga.yaml", R"(containers:
  db:
    setup:
    - !Tar {url: ./root.tar.gz}
    - !EnsureDir /data
commands:
  _init: !Command
    container: db
    volumes:
      /data: !Persistent {name: seeded, init-command: _init}
    run: 'echo init ran; echo seeded > /data/x; test ! -e /work/fail'
  use: !Command
    container: db
    volumes:
      /data: !Persistent {name: seeded, init-command: _init}
    run: cat /data/x
)");
    p.write("fail", "");
    Output failed = p.vagga({"use"});
    EXPECT_NE(failed.code, 0);
    EXPECT_NE(failed.out.find("init ran"), std::string::npos) << failed.out << failed.err;
    EXPECT_FALSE(p.exists(".vagga/.volumes/seeded"));
    std::filesystem::remove(p.dir() + "/fail");
    Output r = p.vagga({"use"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "init ran\nseeded\n");
    EXPECT_EQ(p.read(".vagga/.volumes/seeded/x"), "seeded\n");
    EXPECT_FALSE(p.exists(".vagga/.volumes/.tmp.seeded"));
    // Made once: the init-command is no longer a prerequisite.
    Output again = p.vagga({"use"});
    ASSERT_EQ(again.code, 0) << again.err;
    EXPECT_EQ(again.out, "seeded\n");
}

// `_clean --unused-volumes` keeps what a command or a supervise child
// mounts (new-user trial #2: it removed them), and removes the rest.
TEST_F(BuildCycle, CleanUnusedVolumesKeepsVolumesOfCommandsAndChildren) {
    p.write("vagga.yaml", R"(containers:
  base:
    setup: [!Tar {url: ./root.tar.gz}, !EnsureDir /a, !EnsureDir /b]
commands:
  one: !Command
    container: base
    volumes: {/a: !Persistent by-command}
    run: 'true'
  sup: !Supervise
    children:
      c: !Command
        container: base
        volumes: {/b: !Persistent by-child}
        run: 'true'
)");
    for (const char* v : {"by-command", "by-child", "stale"})
        std::filesystem::create_directories(p.dir() + "/.vagga/.volumes/" + v);
    Output r = p.vagga({"_clean", "--unused-volumes"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(p.exists(".vagga/.volumes/by-command"));
    EXPECT_TRUE(p.exists(".vagga/.volumes/by-child"));
    EXPECT_FALSE(p.exists(".vagga/.volumes/stale"));
}

// A command's own volume that names another container builds that
// container first (isolation audit P15).
TEST_F(BuildCycle, CommandVolumeContainerIsBuiltFirst) {
    p.write("vagga.yaml", R"(containers:
  base:
    setup: [!Tar {url: ./root.tar.gz}, !EnsureDir /srv]
  src:
    setup: [!Tar {url: ./root.tar.gz}, !Sh 'mkdir -p /srv && echo from-src > /srv/f']
commands:
  snap: !Command
    container: base
    volumes: {/srv: !Snapshot {container: src}}
    run: cat /srv/f
)");
    Output r = p.vagga({"snap"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "from-src\n");
}

} // namespace
} // namespace vagga::test
