// Integration tests of the builder (runtime/build/): real user, mount and
// pid namespaces. Run as the invoking user and, with VAGGA_TEST_AS_USER
// set, re-executed through setpriv as that unprivileged user.
#include "tests/runtime/build/builder_harness.h"

#include "compiler/plan/build_plan_json.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace vagga::test {
namespace {
namespace fs = std::filesystem;

struct stat lstat_of(const std::string& p) {
    struct stat st {};
    EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
    return st;
}

TEST(Builder, ShellStepsSystemDirsTimingsAndOwner) {
    Build b;
    b.add_step("!Sh \"hello\"", {sh("echo hello-from-build >&2; echo content > /built.txt; "
                                    "cat /etc/resolv.conf /etc/hosts > /net.txt; "
                                    "echo tmpfile > /tmp/junk")});
    auto r = b.run();
    ASSERT_EQ(r.exit_code, 0) << (r.error ? r.error->message() : "") << "\n" << b.err;
    EXPECT_NE(b.err.find("[1/2] !Container busybox"), std::string::npos) << b.err;
    EXPECT_NE(b.err.find("[2/2] !Sh \"hello\""), std::string::npos) << b.err;
    EXPECT_NE(b.err.find("hello-from-build"), std::string::npos) << b.err;
    EXPECT_EQ(read_file(b.root() + "/built.txt"), "content\n");
    // The host's files were copied in during the build, truncated after it.
    EXPECT_EQ(read_file(b.root() + "/net.txt"), "nameserver 192.0.2.53\n192.0.2.1 buildhost\n");
    EXPECT_EQ(lstat_of(b.root() + "/etc/resolv.conf").st_size, 0);
    EXPECT_EQ(lstat_of(b.root() + "/etc/hosts").st_size, 0);
    // System dirs, tmp 1777 and emptied.
    for (const char* d : {"dev", "etc", "proc", "run", "sys", "tmp", "work"}) {
        auto st = lstat_of(b.root() + "/" + d);
        EXPECT_TRUE(S_ISDIR(st.st_mode)) << d;
        EXPECT_EQ(st.st_mode & 07777, std::string(d) == "tmp" ? 01777u : 0755u) << d;
    }
    EXPECT_TRUE(fs::is_empty(b.root() + "/tmp"));
    EXPECT_TRUE(fs::is_empty(b.root() + "/dev")); // the bind is gone
    // uid 0 inside is the invoking user outside.
    EXPECT_EQ(lstat_of(b.root() + "/built.txt").st_uid, getuid());
    EXPECT_EQ(lstat_of(b.root() + "/built.txt").st_gid, getgid());
    // Copied root: links and modes kept.
    EXPECT_TRUE(S_ISLNK(lstat_of(b.root() + "/bin/sh").st_mode));
    EXPECT_EQ(lstat_of(b.root() + "/bin/busybox").st_mode & 07777, 0755u);
    // timings.log and the id maps next to the root.
    std::string t = read_file(b.container_dir() + "/timings.log");
    for (const char* l : {"   Start ", "   Prepare\n", "   Step: !Container busybox\n",
                          "   Step: !Sh \"hello\"\n", "   Finish\n"}) {
        EXPECT_NE(t.find(l), std::string::npos) << l << " in\n" << t;
    }
    EXPECT_EQ(t.substr(0, 18), "  0.000   0.000   ") << t;
    EXPECT_FALSE(read_file(b.container_dir() + "/uid_map").empty());
    EXPECT_FALSE(read_file(b.container_dir() + "/gid_map").empty());
}

TEST(Builder, EnvAndWorkDir) {
    Build b;
    write_file(b.plan.project_root + "/proj.txt", "project file\n");
    plan::BuildEnv env;
    env.vars = {{"FOO", "bar"}, {"PATH", "/bin:/sbin"}};
    plan::BuildCommand c =
        sh("echo \"$FOO $PATH $ONE $(pwd)\" > /env.txt; cat proj.txt >> /env.txt");
    c.env = {{"ONE", "once"}};
    plan::BuildCommand later = sh("echo \"[$ONE]\" > /later.txt");
    b.add_step("!Env", {env});
    b.add_step("!Sh env", {c, later});
    auto r = b.run();
    ASSERT_EQ(r.exit_code, 0) << (r.error ? r.error->message() : "") << "\n" << b.err;
    EXPECT_EQ(read_file(b.root() + "/env.txt"), "bar /bin:/sbin once /work\nproject file\n");
    EXPECT_EQ(read_file(b.root() + "/later.txt"), "[]\n");
}

TEST(Builder, WriteFile) {
    Build b;
    plan::BuildWriteFile w;
    w.path = "/etc/motd";
    w.contents = "hi\n";
    w.mode = 0600;
    plan::BuildWriteFile deep;
    deep.path = "/a/b/c.txt";
    deep.contents = "deep";
    deep.make_parents = true;
    b.add_step("!Text", {w, deep});
    auto r = b.run();
    ASSERT_EQ(r.exit_code, 0) << (r.error ? r.error->message() : "") << "\n" << b.err;
    EXPECT_EQ(read_file(b.root() + "/etc/motd"), "hi\n");
    EXPECT_EQ(lstat_of(b.root() + "/etc/motd").st_mode & 07777, 0600u);
    EXPECT_EQ(read_file(b.root() + "/a/b/c.txt"), "deep");

    Build bad;
    plan::BuildWriteFile missing;
    missing.path = "/no/such/dir/f";
    bad.add_step("!Text missing", {missing});
    auto r2 = bad.run();
    EXPECT_EQ(r2.exit_code, 1);
    ASSERT_TRUE(r2.error);
    EXPECT_NE(r2.error->message().find("!Text missing"), std::string::npos) << r2.error->message();
}

TEST(Builder, WriteFileStaysInsideTheRoot) {
    Build b;
    TempDir outside;
    // An absolute link in the image resolves inside the image, not on the host.
    // The link points at a path that also exists inside the image.
    plan::BuildCommand ln =
        sh("mkdir -p " + outside.path() + " && ln -s " + outside.path() + " /escape");
    plan::BuildWriteFile w;
    w.path = "/escape/file";
    w.contents = "x";
    b.add_step("link", {ln, w, sh("cat " + outside.path() + "/file > /seen")});
    auto r = b.run();
    ASSERT_EQ(r.exit_code, 0) << (r.error ? r.error->message() : "") << "\n" << b.err;
    EXPECT_FALSE(fs::exists(outside.path() + "/file"));
    EXPECT_EQ(read_file(b.root() + "/seen"), "x");
}

TEST(Builder, EnsureDirRemoveEmptyDirAndDataDirs) {
    Build b;
    plan::BuildEnsureDir ens;
    ens.path = "/var/lib/app";
    plan::BuildRemove rm;
    rm.path = "/gone";
    plan::BuildEmptyDir empty;
    empty.path = "/cache";
    b.add_step("!EnsureDir", {ens});
    b.add_step("setup", {sh("mkdir -p /gone/sub /cache/x /var/tmp; echo 1 > /gone/sub/f; "
                            "echo 2 > /cache/x/f; echo 3 > /var/tmp/f; rm -r /var/lib/app")});
    b.add_step("!Remove", {rm});
    b.add_step("!EmptyDir", {empty});
    b.add_step("again", {sh("test ! -e /gone && mkdir /gone && echo 4 > /gone/f")});
    auto r = b.run();
    ASSERT_EQ(r.exit_code, 0) << (r.error ? r.error->message() : "") << "\n" << b.err;
    EXPECT_TRUE(fs::is_directory(b.root() + "/var/lib/app"));
    EXPECT_FALSE(fs::exists(fs::symlink_status(b.root() + "/gone")));
    EXPECT_TRUE(fs::is_directory(b.root() + "/cache"));
    EXPECT_TRUE(fs::is_empty(b.root() + "/cache"));
    EXPECT_TRUE(fs::is_empty(b.root() + "/var/tmp"));

    Build d;
    d.plan.data_dirs = {"/data/keep", "/etc/"};
    d.add_step("data", {sh("mkdir -p /data/keep/in /data/drop /other; echo k > /data/keep/in/f; "
                           "echo d > /data/x")});
    r = d.run();
    ASSERT_EQ(r.exit_code, 0) << (r.error ? r.error->message() : "") << "\n" << d.err;
    EXPECT_EQ(read_file(d.root() + "/data/keep/in/f"), "k\n");
    EXPECT_FALSE(fs::exists(d.root() + "/data/drop"));
    EXPECT_FALSE(fs::exists(d.root() + "/data/x"));
    EXPECT_FALSE(fs::exists(d.root() + "/other"));
    EXPECT_FALSE(fs::exists(d.root() + "/bin"));
    EXPECT_TRUE(fs::exists(d.root() + "/etc/passwd"));
}

TEST(Builder, EnsureDirOverAFileFails) {
    Build b;
    plan::BuildEnsureDir ens;
    ens.path = "/file/sub";
    b.add_step("make file", {sh("echo > /file")});
    b.add_step("!EnsureDir /file/sub", {ens});
    auto r = b.run();
    EXPECT_EQ(r.exit_code, 1);
    ASSERT_TRUE(r.error);
    EXPECT_NE(r.error->message().find("/file"), std::string::npos) << r.error->message();
}

TEST(Builder, CacheMountKeepsDataOutsideTheImage) {
    Build b;
    plan::BuildCacheMount cm;
    cm.path = "/var/cache/pkgs";
    cm.name = "pkgs";
    b.add_step("prefill", {sh("mkdir -p /var/cache/pkgs; echo old > /var/cache/pkgs/old")});
    b.add_step("!CacheDirs", {cm, sh("test ! -e /var/cache/pkgs/old; echo cached > "
                                     "/var/cache/pkgs/file")});
    auto r = b.run();
    ASSERT_EQ(r.exit_code, 0) << (r.error ? r.error->message() : "") << "\n" << b.err;
    EXPECT_EQ(read_file(b.plan.cache_dir + "/pkgs/file"), "cached\n");
    EXPECT_TRUE(fs::is_directory(b.root() + "/var/cache/pkgs"));
    EXPECT_TRUE(fs::is_empty(b.root() + "/var/cache/pkgs"));

    // A second build sees what the first left in the cache.
    Build b2;
    b2.plan.cache_dir = b.plan.cache_dir;
    b2.add_step("!CacheDirs", {cm, sh("cat /var/cache/pkgs/file > /seen")});
    r = b2.run();
    ASSERT_EQ(r.exit_code, 0) << (r.error ? r.error->message() : "") << "\n" << b2.err;
    EXPECT_EQ(read_file(b2.root() + "/seen"), "cached\n");
}

TEST(Builder, CopyWithFilterModesTimesOwners) {
    Build b;
    std::string src = b.plan.project_root + "/src";
    fs::create_directories(src + "/sub");
    write_file(src + "/a.txt", "a");
    write_file(src + "/run.sh", "#!/bin/sh\n");
    chmod((src + "/run.sh").c_str(), 0700);
    write_file(src + "/sub/b.txt", "b");
    write_file(src + "/sub/x.pyc", "compiled");
    fs::create_symlink("a.txt", src + "/link");
    plan::BuildCopy c;
    c.host_source = src;
    c.path = "/app";
    c.filter.ignore_regex = "\\.pyc$";
    plan::BuildCopy keep = c;
    keep.path = "/kept";
    keep.preserve_permissions = true;
    keep.preserve_times = true;
    plan::BuildCopy one;
    one.host_source = src + "/a.txt";
    one.path = "/single/file.txt";
    b.add_step("!Copy", {c, keep, one});
    auto r = b.run();
    ASSERT_EQ(r.exit_code, 0) << (r.error ? r.error->message() : "") << "\n" << b.err;
    std::string app = b.root() + "/app";
    EXPECT_EQ(read_file(app + "/sub/b.txt"), "b");
    EXPECT_FALSE(fs::exists(app + "/sub/x.pyc"));
    EXPECT_EQ(fs::read_symlink(app + "/link"), "a.txt");
    EXPECT_EQ(lstat_of(app).st_mode & 07777, 0775u);
    EXPECT_EQ(lstat_of(app + "/sub").st_mode & 07777, 0775u);
    EXPECT_EQ(lstat_of(app + "/a.txt").st_mode & 07777, 0664u);
    EXPECT_EQ(lstat_of(app + "/run.sh").st_mode & 07777, 0775u);
    EXPECT_EQ(lstat_of(app + "/a.txt").st_mtime, 1);
    EXPECT_EQ(lstat_of(app + "/sub").st_mtime, 1);
    EXPECT_EQ(lstat_of(app + "/a.txt").st_uid, getuid());
    EXPECT_EQ(lstat_of(b.root() + "/kept/run.sh").st_mode & 07777, 0700u);
    EXPECT_EQ(lstat_of(b.root() + "/kept/a.txt").st_mtime, lstat_of(src + "/a.txt").st_mtime);
    EXPECT_EQ(read_file(b.root() + "/single/file.txt"), "a");
}

TEST(Builder, CopyOwnerAndRunAsIds) {
    if (single_id()) {
        GTEST_SKIP() << "no subordinate ids for this user";
    }
    Build b;
    std::string src = b.plan.project_root + "/f";
    write_file(src, "x");
    plan::BuildCopy c;
    c.host_source = src;
    c.path = "/owned";
    c.owner_uid = 1;
    c.owner_gid = 2;
    plan::BuildCommand as = sh("id -u > /out/u; id -G > /out/ids; cat /out/u >> /out/ids");
    as.uid = 1;
    as.gid = 1;
    as.supplementary_gids = {501, 502};
    as.work_dir = "/";
    b.add_step("!Copy", {c, sh("stat -c '%u:%g' /owned > /owner")});
    b.add_step("!RunAs", {sh("mkdir /out && chmod 1777 /out"), as});
    auto r = b.run();
    ASSERT_EQ(r.exit_code, 0) << (r.error ? r.error->message() : "") << "\n" << b.err;
    EXPECT_EQ(read_file(b.root() + "/owner"), "1:2\n");
    EXPECT_NE(lstat_of(b.root() + "/owned").st_uid, getuid());
    EXPECT_NE(lstat_of(b.root() + "/out/u").st_uid, getuid());
    EXPECT_EQ(read_file(b.root() + "/out/ids"), "1 501 502\n1\n");
}

// BuildCommand::hide (yarn and the project's node_modules): the command
// sees an empty folder there and cannot change the project's; a missing one
// is made for it and removed after; a symlink there is refused.
TEST(Builder, HiddenProjectFoldersStayAsTheyWere) {
    Build b;
    fs::create_directories(b.plan.project_root + "/app/node_modules");
    write_file(b.plan.project_root + "/app/node_modules/keep", "mine\n");
    fs::create_directories(b.plan.project_root + "/other");
    plan::BuildCommand c = sh("ls -A node_modules > /seen; touch node_modules/new; "
                              "touch /work/other/node_modules/x");
    c.work_dir = "/work/app";
    c.hide = {"/work/app/node_modules", "/work/other/node_modules"};
    b.add_step("!YarnDependencies", {c});
    auto r = b.run();
    ASSERT_EQ(r.exit_code, 0) << (r.error ? r.error->message() : "") << "\n" << b.err;
    EXPECT_EQ(read_file(b.root() + "/seen"), "");
    EXPECT_EQ(read_file(b.plan.project_root + "/app/node_modules/keep"), "mine\n");
    EXPECT_FALSE(fs::exists(b.plan.project_root + "/app/node_modules/new"));
    EXPECT_FALSE(fs::exists(b.plan.project_root + "/other/node_modules"));

    Build link;
    fs::create_directories(link.plan.project_root + "/elsewhere");
    fs::create_symlink("elsewhere", link.plan.project_root + "/node_modules");
    plan::BuildCommand l = sh("true");
    l.hide = {"/work/node_modules"};
    link.add_step("!YarnDependencies", {l});
    r = link.run();
    EXPECT_NE(r.exit_code, 0);
    ASSERT_TRUE(r.error);
    EXPECT_NE(r.error->message().find("can't be a symlink. Please run `unlink"), std::string::npos)
        << r.error->message();
}

// What yarn left in the covered folder's .bin: every program link gets a
// twin in /usr/bin with the same target text (language-steps.md §3.5 step
// 5); folders and the names ScanDir skips are left out; the cover is gone.
TEST(Builder, HiddenFolderBinLinksGoToUsrBin) {
    Build b;
    plan::BuildCommand c =
        sh("mkdir -p /opt/tool node_modules/.bin node_modules/rel; touch /opt/tool/cli.js "
           "node_modules/rel/bin.js; cd node_modules/.bin; ln -s /opt/tool/cli.js tool; "
           "ln -s ../rel/bin.js rel; ln -s /opt dirlink; ln -s /opt/tool/cli.js backup~; "
           "ln -s /opt/tool/cli.js .dot; ln -s /opt/tool/cli.js '#x#'; mkdir sub");
    c.hide = {"/work/node_modules"};
    b.add_step("!YarnDependencies", {c});
    auto r = b.run();
    ASSERT_EQ(r.exit_code, 0) << (r.error ? r.error->message() : "") << "\n" << b.err;
    EXPECT_EQ(fs::read_symlink(b.root() + "/usr/bin/tool"), "/opt/tool/cli.js");
    EXPECT_EQ(fs::read_symlink(b.root() + "/usr/bin/rel"), "../rel/bin.js");
    for (const char* n : {"dirlink", "backup~", ".dot", "#x#", "sub"}) {
        EXPECT_FALSE(fs::exists(fs::symlink_status(b.root() + "/usr/bin/" + n))) << n;
    }
    EXPECT_FALSE(fs::exists(b.plan.project_root + "/node_modules"));
    EXPECT_FALSE(fs::exists(fs::path(b.root()).parent_path() / "hidden"));

    for (auto [script, message] :
         {std::pair<std::string, std::string>{"touch plain", "Readlink error"},
          {"ln -s /nowhere gone", "Can't scan bin dir"}}) {
        Build bad;
        plan::BuildCommand f = sh("mkdir -p node_modules/.bin; cd node_modules/.bin; " + script);
        f.hide = {"/work/node_modules"};
        bad.add_step("!YarnDependencies", {f});
        r = bad.run();
        EXPECT_NE(r.exit_code, 0) << script;
        ASSERT_TRUE(r.error) << script;
        EXPECT_NE(r.error->message().find(message), std::string::npos) << r.error->message();
        EXPECT_FALSE(fs::exists(bad.plan.project_root + "/node_modules")) << script;
    }
}

TEST(Builder, FailingCommandNamesTheCommandAndTheStep) {
    Build b;
    b.add_step("!Sh \"exit 3\"", {sh("exit 3")});
    b.add_step("never", {sh("touch /never")});
    auto r = b.run();
    EXPECT_EQ(r.exit_code, 1);
    ASSERT_TRUE(r.error);
    std::string m = r.error->message();
    EXPECT_NE(m.find("!Sh \"exit 3\""), std::string::npos) << m;
    EXPECT_NE(m.find("Error running /bin/sh -exc exit 3: exited with code 3"), std::string::npos)
        << m;
    EXPECT_FALSE(fs::exists(b.root() + "/never"));
}

TEST(Builder, CommandNotFoundInPath) {
    Build b;
    plan::BuildCommand c;
    c.argv = {"no-such-tool", "x"};
    b.add_step("!Cmd", {c});
    auto r = b.run();
    EXPECT_EQ(r.exit_code, 1);
    ASSERT_TRUE(r.error);
    EXPECT_NE(r.error->message().find("command \"no-such-tool\" not found in one of \"/bin\""),
              std::string::npos)
        << r.error->message();
}

TEST(Builder, CommandFoundInPath) {
    Build b;
    plan::BuildCommand c;
    c.argv = {"touch", "/found"};
    b.add_step("!Cmd", {c});
    auto r = b.run();
    ASSERT_EQ(r.exit_code, 0) << (r.error ? r.error->message() : "") << "\n" << b.err;
    EXPECT_TRUE(fs::exists(b.root() + "/found"));
}

TEST(Builder, IsolatedNetworkHasOnlyLoopback) {
    Build b;
    plan::BuildCommand c = sh("ls /sys/class/net > /nets");
    c.isolate_network = true;
    b.add_step("!RunAs isolated", {c});
    auto r = b.run();
    ASSERT_EQ(r.exit_code, 0) << (r.error ? r.error->message() : "") << "\n" << b.err;
    // /sys is the host's sysfs bound in, so the listing is the host's view;
    // the command ran, which is what needs the new network namespace.
    EXPECT_TRUE(fs::exists(b.root() + "/nets"));
}

TEST(Builder, RebuildReplacesTheOldRoot) {
    Build b;
    b.add_step("one", {sh("touch /first")});
    ASSERT_EQ(b.run().exit_code, 0) << b.err;
    b.plan.steps.pop_back();
    b.add_step("two", {sh("touch /second")});
    ASSERT_EQ(b.run().exit_code, 0) << b.err;
    EXPECT_FALSE(fs::exists(b.root() + "/first"));
    EXPECT_TRUE(fs::exists(b.root() + "/second"));
}

TEST(Builder, SigtermEndsTheBuild) {
    Build b;
    b.add_step("sleep", {sh("touch /started; exec sleep 30")});
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        auto r = b.run();
        _exit(r.exit_code);
    }
    // Wait until the command runs, then interrupt the builder's caller.
    for (int i = 0; i < 200 && !fs::exists(b.root() + "/started"); ++i) {
        usleep(20000);
    }
    EXPECT_TRUE(fs::exists(b.root() + "/started"));
    auto t0 = std::chrono::steady_clock::now();
    kill(pid, SIGTERM);
    int st = 0;
    ASSERT_EQ(waitpid(pid, &st, 0), pid);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(secs, 10.0);
    ASSERT_TRUE(WIFEXITED(st));
    EXPECT_EQ(WEXITSTATUS(st), 1);
}

TEST(Builder, SingleIdMapBuildsAndRejectsOtherIds) {
    if (is_root()) {
        GTEST_SKIP() << "root writes any map itself";
    }
    Build b;
    b.host.newuidmap.clear(); // no helpers: only our own id maps to 0
    b.host.newgidmap.clear();
    b.add_step("ok", {sh("touch /mine")});
    auto r = b.run();
    ASSERT_EQ(r.exit_code, 0) << (r.error ? r.error->message() : "") << "\n" << b.err;
    EXPECT_EQ(lstat_of(b.root() + "/mine").st_uid, getuid());

    Build other;
    other.host.newuidmap.clear();
    other.host.newgidmap.clear();
    plan::BuildCommand as = sh("true");
    as.uid = 1;
    other.add_step("!RunAs uid 1", {as});
    r = other.run();
    EXPECT_EQ(r.exit_code, 1);
    ASSERT_TRUE(r.error);
    EXPECT_NE(r.error->message().find("only id 0 is mapped"), std::string::npos)
        << r.error->message();
}

// vagga-build reads the plan as JSON and prints the error with the step.
TEST(Builder, VaggaBuildExecutable) {
    Build b;
    b.add_step("!Sh \"ok\"", {sh("echo from-json > /json.txt")});
    std::string plan_file = b.dir.path() + "/plan.json";
    write_file(plan_file, plan::to_json(b.plan).dump());
    std::string out = b.dir.path() + "/out.txt";
    std::string cmd = std::string(VAGGA_BUILD) + " " + plan_file + " >" + out + " 2>&1";
    int st = std::system(cmd.c_str());
    ASSERT_TRUE(WIFEXITED(st));
    EXPECT_EQ(WEXITSTATUS(st), 0) << read_file(out);
    EXPECT_EQ(read_file(b.root() + "/json.txt"), "from-json\n");

    b.add_step("!Sh \"exit 5\"", {sh("exit 5")});
    write_file(plan_file, plan::to_json(b.plan).dump());
    st = std::system(cmd.c_str());
    ASSERT_TRUE(WIFEXITED(st));
    EXPECT_EQ(WEXITSTATUS(st), 1);
    std::string text = read_file(out);
    EXPECT_NE(text.find("vagga: error: step !Sh \"exit 5\" failed: Error running /bin/sh -exc "
                        "exit 5: exited with code 5"),
              std::string::npos)
        << text;
}

} // namespace
} // namespace vagga::test
