// Integration tests of the runtime: real namespaces, a busybox root. CTest
// runs this binary twice: as the invoking user (root in CI) and, with
// VAGGA_TEST_AS_USER set, re-executed through setpriv as that unprivileged
// user (see main() below and setup-user.sh).
#include "tests/runtime/harness.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>

namespace vagga::test {
namespace {

namespace fs = std::filesystem;

TEST(Runtime, StdoutAndExitCode) {
    auto r = run_plan(sh_plan("echo hello; exit 7"));
    EXPECT_EQ(r.code, 7) << r.err;
    EXPECT_EQ(r.out, "hello\n");
}

TEST(Runtime, ExitCodeZeroAndFalse) {
    EXPECT_EQ(run_plan(command_plan({"true"})).code, 0);
    EXPECT_EQ(run_plan(command_plan({"false"})).code, 1);
}

TEST(Runtime, LargeExitCodesPassThrough) {
    EXPECT_EQ(run_plan(sh_plan("exit 200")).code, 200);
    EXPECT_EQ(run_plan(sh_plan("exit 124")).code, 124);
}

TEST(Runtime, StdinIsPassedThrough) {
    TempDir dir;
    write_file(dir.path() + "/plan.json", sh_plan("cat; echo end").dump());
    std::string cmd = std::string("printf 'from stdin\\n' | ") + VAGGA_RUN_PLAN + " " + dir.path() +
                      "/plan.json > " + dir.path() + "/out";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    EXPECT_EQ(read_file(dir.path() + "/out"), "from stdin\nend\n");
}

TEST(Runtime, KilledBySignalGives128PlusSignal) {
    auto r = run_plan(sh_plan("kill -TERM $$; sleep 5"));
    EXPECT_EQ(r.code, 128 + SIGTERM) << r.err;
}

TEST(Runtime, ArgumentsArePassedVerbatim) {
    auto r = run_plan(command_plan(
        {"sh", "-c", "for a in \"$@\"; do echo \"[$a]\"; done", "--", "a b", "", "$HOME", "*"}));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "[a b]\n[]\n[$HOME]\n[*]\n");
}

TEST(Runtime, EnvironmentIsExactlyThePlans) {
    PlanOptions o;
    o.env = {{"PATH", "/bin"}, {"FOO", "bar baz"}, {"EMPTY", ""}};
    auto r = run_plan(command_plan({"env"}, o));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "PATH=/bin\nFOO=bar baz\nEMPTY=\n");
}

TEST(Runtime, CommandSearchedOnPlanPath) {
    PlanOptions o;
    o.env = {{"PATH", "/nonexistent:/bin"}};
    auto r = run_plan(command_plan({"echo", "found"}, o));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "found\n");
}

TEST(Runtime, MissingCommandIsReportedWith124) {
    auto r = run_plan(command_plan({"no-such-command"}));
    EXPECT_EQ(r.code, 124);
    EXPECT_NE(r.err.find("Command no-such-command not found in \"/bin\""), std::string::npos)
        << r.err;
}

TEST(Runtime, MissingRootIsReportedWith124) {
    PlanOptions o;
    o.root = "/nonexistent/root";
    auto r = run_plan(command_plan({"true"}, o));
    EXPECT_EQ(r.code, 124);
    EXPECT_NE(r.err.find("container root"), std::string::npos) << r.err;
}

TEST(Runtime, PlanWithoutRootIsRefusedByItsShape) {
    // Readable JSON, but no root: the reader refuses it (the driver's 122,
    // as for any malformed input), naming what is missing.
    json plan = {{"command", {{"container", {{"exec", {{"argv", {"true"}}}}}}}}};
    auto r = run_plan(plan);
    EXPECT_EQ(r.code, 122);
    EXPECT_NE(r.err.find("\"root\" is missing"), std::string::npos) << r.err;
}

TEST(Runtime, BadPlanIsRejectedWith121) {
    // The shape is right, the values are not: validate() stops it before
    // any namespace exists.
    json plan = command_plan({"true"});
    container_of(plan)["exec"]["argv"] = json::array();
    auto r = run_plan(plan);
    EXPECT_EQ(r.code, 121);
    EXPECT_NE(r.err.find("command line is empty"), std::string::npos) << r.err;
}

TEST(Runtime, WorkDirAndCommandIsPid2) {
    TempDir work;
    PlanOptions o;
    o.work = work.path();
    auto r = run_plan(sh_plan("pwd; echo $$", o));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "/work\n2\n");
}

TEST(Runtime, RunsAsRootInsideWithIdMaps) {
    // The command is root in its namespace, with the subordinate range
    // mapped too. It runs one level below the container's namespace, in the
    // one that locks the mount tree, where every id maps to itself
    // (external_user.h); what it creates in /work belongs to the invoking
    // user on the host.
    TempDir work;
    PlanOptions o;
    o.work = work.path();
    auto r = run_plan(sh_plan("id -u; id -g; cat /proc/self/uid_map; touch /work/mine", o));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.substr(0, 4), "0\n0\n");
    std::string squeezed;
    for (char c : r.out) {
        if (c != ' ' || (!squeezed.empty() && squeezed.back() != ' ' && squeezed.back() != '\n')) {
            squeezed.push_back(c);
        }
    }
    EXPECT_EQ(squeezed.substr(4, 6), "0 0 1\n") << r.out;
    EXPECT_NE(squeezed.find("\n1 1 "), std::string::npos)
        << "expected a subordinate range: " << r.out;
    struct stat st {};
    ASSERT_EQ(::stat((work.path() + "/mine").c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, getuid());
}

TEST(Runtime, SubordinateIdsCanOwnFiles) {
    auto r = run_plan(sh_plan("touch /tmp/f && chown 1000:1000 /tmp/f && stat -c '%u:%g' /tmp/f"));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "1000:1000\n");
}

TEST(Runtime, SingleIdFallbackWorksWithoutSubuid) {
    TempDir work;
    PlanOptions o;
    o.work = work.path();
    auto r = run_plan(sh_plan("id -u; wc -l < /proc/self/uid_map; echo x > /work/f", o), 30,
                      {"--subuid", "/nonexistent", "--subgid", "/nonexistent"});
    if (is_root()) {
        // Root needs no /etc/subuid: it maps its own ids.
        EXPECT_EQ(r.code, 0) << r.err;
        return;
    }
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "0\n1\n");
    EXPECT_NE(r.err.find("/etc/subuid"), std::string::npos) << r.err;
    struct stat st;
    ASSERT_EQ(stat((work.path() + "/f").c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, getuid());
}

TEST(Runtime, TooSmallSubuidRangeFallsBackWithAWarning) {
    TempDir dir;
    // By numeric uid: works whatever the user is called.
    std::string line = std::to_string(getuid()) + ":200000:10\n";
    write_file(dir.path() + "/subuid", line);
    write_file(dir.path() + "/subgid", std::to_string(getgid()) + ":200000:10\n");
    auto r = run_plan(sh_plan("wc -l < /proc/self/uid_map"), 30,
                      {"--subuid", dir.path() + "/subuid", "--subgid", dir.path() + "/subgid"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "1\n");
    EXPECT_NE(r.err.find("Number of allowed subuids is too small"), std::string::npos) << r.err;
}

TEST(Runtime, SingleIdFallbackWithoutNewuidmap) {
    auto r =
        run_plan(sh_plan("wc -l < /proc/self/uid_map"), 30, {"--newuidmap", "", "--newgidmap", ""});
    EXPECT_EQ(r.code, 0) << r.err;
    if (!is_root()) {
        EXPECT_EQ(r.out, "1\n");
        EXPECT_NE(r.err.find("uidmap"), std::string::npos) << r.err;
    }
}

TEST(Runtime, ExternalUserId) {
    // user-id 1, external-user-id 0: `id` shows uid 1 (bin), but files in
    // /work belong to the real user (runtime.md §2.3).
    TempDir work;
    PlanOptions o;
    o.work = work.path();
    json plan = sh_plan("id -u; id -g; echo x > /work/f", o);
    container_of(plan)["user"] = json{{"uid", 1}, {"gid", 0}, {"external_uid", 0}};
    auto r = run_plan(plan);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "1\n0\n");
    struct stat st;
    ASSERT_EQ(stat((work.path() + "/f").c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, getuid());
}

TEST(Runtime, UserIdWithoutExternalOwnsFilesAsSubordinateId) {
    TempDir work;
    chmod(work.path().c_str(), 0777);
    PlanOptions o;
    o.work = work.path();
    json plan = sh_plan("id -u; echo x > /work/g", o);
    container_of(plan)["user"] = json{{"uid", 1}, {"gid", 1}};
    auto r = run_plan(plan);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "1\n");
    struct stat st;
    ASSERT_EQ(stat((work.path() + "/g").c_str(), &st), 0);
    EXPECT_NE(st.st_uid, getuid()); // a subordinate id, not ours
}

TEST(Runtime, FilesInWorkBelongToInvokingUser) {
    TempDir work;
    PlanOptions o;
    o.work = work.path();
    auto r = run_plan(sh_plan("echo data > /work/out; mkdir /work/d", o));
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(read_file(work.path() + "/out"), "data\n");
    struct stat st;
    ASSERT_EQ(stat((work.path() + "/out").c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, getuid());
    EXPECT_EQ(st.st_gid, getgid());
    ASSERT_EQ(stat((work.path() + "/d").c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, getuid());
}

TEST(Runtime, RootIsReadOnlyByDefault) {
    auto r = run_plan(sh_plan("touch /newfile"));
    EXPECT_NE(r.code, 0);
    EXPECT_NE(r.err.find("Read-only file system"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(busybox_root() + "/newfile"));
}

TEST(Runtime, WritableRoot) {
    TempDir dir;
    std::string root = dir.path() + "/root";
    fs::copy(busybox_root(), root, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    PlanOptions o;
    o.root = root;
    o.writable = true;
    auto r = run_plan(sh_plan("echo hi > /newfile", o));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(read_file(root + "/newfile"), "hi\n");
}

TEST(Runtime, ReadOnlyRootKeepsLockedMountFlags) {
    // A root on a nosuid,nodev mount: in a user namespace those flags are
    // locked, and a read-only remount that drops them fails with EPERM (the
    // original's bug). setup-user.sh provides the mount for the
    // unprivileged run; as root the test makes its own.
    const std::string shared = "/tmp/vagga-rt-nosuid";
    struct statvfs sv;
    std::unique_ptr<TempDir> own;
    std::string mnt;
    if (statvfs(shared.c_str(), &sv) == 0 && (sv.f_flag & ST_NOSUID) != 0 &&
        access(shared.c_str(), W_OK) == 0) {
        own = std::make_unique<TempDir>(shared);
        mnt = own->path();
    } else if (is_root()) {
        own = std::make_unique<TempDir>();
        mnt = own->path() + "/mnt";
        fs::create_directories(mnt);
        std::string cmd = "mount -t tmpfs -o nosuid,nodev,noatime tmpfs " + mnt;
        ASSERT_EQ(std::system(cmd.c_str()), 0);
    } else {
        GTEST_SKIP() << "no nosuid mount at " << shared << " (run setup-user.sh as root)";
    }
    std::string root = mnt + "/root";
    fs::copy(busybox_root(), root, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    PlanOptions o;
    o.root = root;
    auto r = run_plan(sh_plan("echo ok; touch /x 2>/dev/null || echo ro", o));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "ok\nro\n");
    if (is_root() && mnt != shared && mnt.rfind(shared, 0) != 0) {
        std::string um = "umount -l " + mnt;
        EXPECT_EQ(std::system(um.c_str()), 0);
    }
}

TEST(Runtime, ReadOnlyRootKeepsStrictatime) {
    // Neither noatime nor relatime: the remount must ask for strictatime,
    // or the kernel's relatime default changes a locked flag (EPERM).
    if (!is_root()) {
        GTEST_SKIP() << "needs root to prepare a strictatime mount";
    }
    TempDir dir;
    std::string mnt = dir.path() + "/mnt";
    fs::create_directories(mnt);
    std::string cmd = "mount -t tmpfs -o nosuid,strictatime tmpfs " + mnt;
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    std::string root = mnt + "/root";
    fs::copy(busybox_root(), root, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    PlanOptions o;
    o.root = root;
    auto r = run_plan(sh_plan("touch /x 2>/dev/null || echo ro", o));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "ro\n");
    std::string um = "umount -l " + mnt;
    EXPECT_EQ(std::system(um.c_str()), 0);
}

TEST(Runtime, TmpfsVolumeWithSizeModeSubdirsFiles) {
    PlanOptions o;
    o.volumes = json::array({{{"op", "tmpfs"},
                              {"target", "/vol"},
                              {"size", 4 << 20},
                              {"mode", 01777},
                              {"subdirs", {{{"path", "x"}}, {{"path", "y"}, {"mode", 0700}}}},
                              {"files",
                               {{{"path", "hello.txt"}, {"contents", "Hello\n"}},
                                {{"path", "empty"}, {"contents", nullptr}},
                                {{"path", "x/deep"}, {"contents", "deep"}, {"mode", 0600}}}}}});
    auto r = run_plan(sh_plan("stat -c '%a %n' /vol /vol/x /vol/y /vol/hello.txt /vol/empty "
                              "/vol/x/deep; cat /vol/hello.txt; wc -c < /vol/empty; "
                              "df -k /vol | tail -1 | tr -s ' ' | cut -d' ' -f2",
                              o));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "1777 /vol\n755 /vol/x\n700 /vol/y\n644 /vol/hello.txt\n644 /vol/empty\n"
                     "600 /vol/x/deep\nHello\n0\n4096\n");
}

TEST(Runtime, DefaultTmpIsSticky) {
    auto r = run_plan(sh_plan("stat -c %a /tmp; echo x > /tmp/y && cat /tmp/y"));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "1777\nx\n");
}

TEST(Runtime, BindReadWrite) {
    TempDir data;
    write_file(data.path() + "/in", "from host\n");
    PlanOptions o;
    o.volumes = json::array(
        {{{"op", "bind"}, {"source", data.path()}, {"target", "/data"}, {"read_only", false}}});
    auto r = run_plan(sh_plan("cat /data/in; echo back > /data/out", o));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "from host\n");
    EXPECT_EQ(read_file(data.path() + "/out"), "back\n");
}

TEST(Runtime, BindReadOnly) {
    TempDir data;
    write_file(data.path() + "/in", "from host\n");
    PlanOptions o;
    o.volumes = json::array(
        {{{"op", "bind"}, {"source", data.path()}, {"target", "/data"}, {"read_only", true}}});
    auto r = run_plan(sh_plan("cat /data/in; echo no > /data/out", o));
    EXPECT_NE(r.code, 0);
    EXPECT_EQ(r.out, "from host\n");
    EXPECT_NE(r.err.find("Read-only file system"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(data.path() + "/out"));
}

TEST(Runtime, BindOfAFileCreatesNothingOnAReadOnlyRootWhenTargetExists) {
    TempDir data;
    write_file(data.path() + "/conf", "conf\n");
    PlanOptions o;
    o.volumes = json::array({{{"op", "bind"},
                              {"source", data.path() + "/conf"},
                              {"target", "/etc/hosts"},
                              {"read_only", true}}});
    auto r = run_plan(sh_plan("cat /etc/hosts", o));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "conf\n");
}

TEST(Runtime, EmptyVolume) {
    PlanOptions o;
    o.volumes = json::array(
        {{{"op", "tmpfs"}, {"target", "/empty"}, {"size", 1}, {"mode", 0}, {"read_only", true}}});
    auto r = run_plan(sh_plan("ls -A /empty | wc -l; stat -c %a /empty; touch /empty/x", o));
    EXPECT_NE(r.code, 0);
    EXPECT_EQ(r.out, "0\n0\n");
}

TEST(Runtime, SnapshotCopiesAndNeverWritesTheImage) {
    PlanOptions o;
    o.volumes = json::array({{{"op", "snapshot"}, {"target", "/snap"}, {"size", 1 << 20}}});
    auto r = run_plan(sh_plan("cat /snap/original; echo changed > /snap/original; "
                              "cat /snap/original",
                              o));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "image text\nchanged\n");
    EXPECT_EQ(read_file(busybox_root() + "/snap/original"), "image text\n");
}

TEST(Runtime, HostFileFollowsSymlinkInsideTheRoot) {
    // /etc/resolv-link.conf -> /state/resolv.conf, /state a tmpfs: the host's
    // resolv.conf must appear there (and nothing may be created on the host).
    PlanOptions o;
    o.volumes = json::array(
        {{{"op", "tmpfs"}, {"target", "/state"}},
         {{"op", "host_file"}, {"kind", "resolv_conf"}, {"target", "/etc/resolv-link.conf"}},
         {{"op", "host_file"}, {"kind", "hosts"}, {"target", "/etc/hosts"}}});
    auto r = run_plan(sh_plan("cat /state/resolv.conf; echo ---; cat /etc/hosts", o));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, read_file("/etc/resolv.conf") + "---\n" + read_file("/etc/hosts"));
    EXPECT_FALSE(fs::exists("/state/resolv.conf"));
}

TEST(Runtime, PersistentLikeVolume) {
    // !Persistent lowers to: mkdir on the host (owner ids inside the
    // namespace) + bind. A container-side mkdir with an owner as well.
    TempDir base;
    std::string vol = base.path() + "/.volumes/db";
    PlanOptions o;
    o.volumes = json::array(
        {{{"op", "mkdir"}, {"base", "host"}, {"path", vol}, {"mode", 0700}, {"uid", 0}, {"gid", 0}},
         {{"op", "bind"}, {"source", vol}, {"target", "/data"}},
         {{"op", "tmpfs"}, {"target", "/vol"}},
         {{"op", "mkdir"},
          {"base", "container"},
          {"path", "/vol/a/b"},
          {"mode", 0750},
          {"uid", 7},
          {"gid", 8}}});
    auto r = run_plan(sh_plan("echo kept > /data/file; stat -c '%a %u:%g' /data /vol/a/b", o));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "700 0:0\n750 7:8\n");
    EXPECT_EQ(read_file(vol + "/file"), "kept\n");
    struct stat st;
    ASSERT_EQ(stat(vol.c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, getuid());
}

TEST(Runtime, PersistentInitCommand) {
    TempDir base;
    std::string vols = base.path() + "/.volumes";
    auto init_plan = [&](const std::string& script) {
        PlanOptions o;
        o.volumes = json::array({{{"op", "init_volume"},
                                  {"volumes_dir", vols},
                                  {"name", "db"},
                                  {"target", "/data"},
                                  {"owner_uid", 0},
                                  {"owner_gid", 0}}});
        return sh_plan(script, o);
    };
    // A failing init leaves no volume behind.
    auto r = run_plan(init_plan("echo half > /data/f; chown 1:1 /data/f; exit 3"));
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_FALSE(fs::exists(vols + "/db"));
    // A successful one is renamed into place (wiping the failed attempt,
    // whose files belong to a subordinate id).
    r = run_plan(init_plan("ls /data | wc -l; echo full > /data/f"));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "0\n");
    EXPECT_EQ(read_file(vols + "/db/f"), "full\n");
    EXPECT_FALSE(fs::exists(vols + "/.tmp.db"));
    // Later runs bind the existing volume.
    r = run_plan(init_plan("cat /data/f"));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "full\n");
}

TEST(Runtime, WriteFileAndSymlink) {
    PlanOptions o;
    o.volumes = json::array(
        {{{"op", "tmpfs"}, {"target", "/vol"}},
         {{"op", "write_file"}, {"path", "/vol/a/b.txt"}, {"contents", "xyz"}, {"mode", 0640}},
         {{"op", "symlink"}, {"path", "/vol/link"}, {"link_target", "a/b.txt"}}});
    auto r =
        run_plan(sh_plan("cat /vol/link; echo; stat -c %a /vol/a/b.txt; readlink /vol/link", o));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "xyz\n640\na/b.txt\n");
}

TEST(Runtime, MinimalDev) {
    auto r = run_plan(sh_plan("echo x > /dev/null && head -c 5 /dev/zero | wc -c && "
                              "head -c 3 /dev/urandom | wc -c && ls /dev | tr '\\n' ' '"));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out,
              "5\n3\nfd full null ptmx pts random shm stderr stdin stdout tty urandom zero ");
}

TEST(Runtime, SysIsReadOnly) {
    auto r = run_plan(sh_plan("test -d /sys/kernel && echo present; "
                              "echo 1 > /sys/kernel/x 2>/dev/null || echo refused"));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "present\nrefused\n");
}

TEST(Runtime, ProcShowsOnlyTheContainer) {
    auto r = run_plan(sh_plan("ls /proc | grep -c '^[0-9]'"));
    EXPECT_EQ(r.code, 0) << r.err;
    // pid 1, the shell, ls, grep (a pipeline may still be starting: <= 4)
    EXPECT_LE(std::atoi(r.out.c_str()), 4) << r.out;
}

TEST(Runtime, NoHostFdLeaks) {
    // The launcher inherits an fd without close-on-exec; the command must not.
    int fd = open("/etc/hostname", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    }
    ASSERT_GE(fd, 0);
    int high = fcntl(fd, F_DUPFD_CLOEXEC, 50);
    close(fd);
    Running run(sh_plan("ls /proc/self/fd | tr '\\n' ' '; echo; echo done"), high);
    EXPECT_TRUE(run.wait_for_output("done", 20));
    EXPECT_EQ(run.wait(20), 0);
    close(high);
    // 0, 1, 2 and the directory ls itself reads.
    EXPECT_EQ(run.out(), "0 1 2 3 \ndone\n");
}

TEST(Runtime, PassTcpSocketAsFd3) {
    // The launcher listens; the command finds the socket at fd 3, and a
    // client can connect while it runs (the backlog accepts).
    const int port = 20000 + static_cast<int>(getpid() % 20000);
    json plan = sh_plan("readlink /proc/self/fd/3 | cut -c1-8; ls /proc/self/fd | tr '\\n' ' '; "
                        "echo; echo ready; exec sleep 31010");
    container_of(plan)["sockets"].push_back(json{{"address", "127.0.0.1:" + std::to_string(port)}});
    Running run(plan);
    ASSERT_TRUE(run.wait_for_output("ready", 20)) << run.out();
    EXPECT_EQ(run.out(), "socket:[\n0 1 2 3 4 \nready\n");
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(s, 0);
    struct sockaddr_in a;
    std::memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(s, reinterpret_cast<struct sockaddr*>(&a), sizeof a), 0) << strerror(errno);
    close(s);
    kill(run.pid(), SIGINT);
    EXPECT_EQ(run.wait(20), 130);
}

TEST(Runtime, PassTcpSocketBadAddressFailsEarly) {
    json plan = sh_plan("echo never");
    container_of(plan)["sockets"].push_back(json{{"address", "example.com:80"}});
    auto r = run_plan(plan);
    EXPECT_EQ(r.code, 121);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("use an IP address"), std::string::npos) << r.err;
}

TEST(Runtime, SigintStopsTheCommandAndExits130) {
    Running run(sh_plan("echo started; exec sleep 31001"));
    ASSERT_TRUE(run.wait_for_output("started", 20));
    ASSERT_TRUE(eventually(10, [] { return !processes_with("sleep 31001").empty(); }));
    kill(run.pid(), SIGINT);
    EXPECT_EQ(run.wait(20), 130);
    EXPECT_TRUE(eventually(10, [] { return processes_with("sleep 31001").empty(); }));
}

TEST(Runtime, SigtermIsForwarded) {
    Running run(sh_plan("echo started; exec sleep 31002"));
    ASSERT_TRUE(run.wait_for_output("started", 20));
    ASSERT_TRUE(eventually(10, [] { return !processes_with("sleep 31002").empty(); }));
    kill(run.pid(), SIGTERM);
    EXPECT_EQ(run.wait(20), 128 + SIGTERM);
}

TEST(Runtime, SigkillOfLauncherLeavesNothingRunning) {
    Running run(sh_plan("sleep 31003 & sleep 31004 & echo started; exec sleep 31005"));
    ASSERT_TRUE(run.wait_for_output("started", 20));
    ASSERT_TRUE(eventually(10, [] {
        return processes_with("sleep 31003").size() == 1 &&
               processes_with("sleep 31004").size() == 1 &&
               processes_with("sleep 31005").size() == 1;
    }));
    kill(run.pid(), SIGKILL);
    EXPECT_EQ(run.wait(20), 128 + SIGKILL);
    EXPECT_TRUE(eventually(10, [] { return processes_with("sleep 3100").empty(); }))
        << "still running: " << processes_with("sleep 3100").size();
}

TEST(Runtime, BackgroundProcessesDieWithTheCommand) {
    auto r = run_plan(sh_plan("sleep 31006 & echo started"));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(eventually(10, [] { return processes_with("sleep 31006").empty(); }));
}

TEST(Runtime, OrphansAreReaped) {
    // The inner shell exits at once; its `sleep` is reparented to our pid 1,
    // which must reap it: no zombie ("Z") may remain.
    auto r = run_plan(sh_plan("sh -c 'sleep 0.2 &'; sleep 1; "
                              "cat /proc/[0-9]*/stat | cut -d' ' -f3 | sort | tr -d '\\n'"));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.find('Z'), std::string::npos) << r.out;
}

TEST(Runtime, WaitAllChildrenWaitsForBackgroundJobs) {
    TempDir work;
    PlanOptions o;
    o.work = work.path();
    json plan = sh_plan("(sleep 0.5; echo late > /work/late) & echo early", o);
    plan["command"]["pid1"] = json{{"mode", "wait-all-children"}};
    auto r = run_plan(plan);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(read_file(work.path() + "/late"), "late\n");
}

TEST(Runtime, Pid1ExecModeRunsTheCommandAsPid1) {
    json plan = sh_plan("echo $$");
    plan["command"]["pid1"] = json{{"mode", "exec"}};
    auto r = run_plan(plan);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "1\n");
}

TEST(Runtime, IsolatedNetworkHasOnlyLoopback) {
    json plan = sh_plan("cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' '");
    plan["namespaces"] = json{{"net", true}};
    auto r = run_plan(plan);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "lo\n");
}

// ---- !Supervise ----

json child(const std::string& name, const std::string& script) {
    json p = sh_plan(script);
    return json{{"name", name}, {"container", container_of(p)}};
}

json supervise_plan(const std::string& mode, int kill_after, const json& children) {
    return json{
        {"ids", json::object()},
        {"supervise",
         {{"mode", mode}, {"kill_unresponsive_after", kill_after}, {"children", children}}}};
}

TEST(Supervise, StopOnFailureStopsEveryChild) {
    auto plan =
        supervise_plan("stop-on-failure", 2,
                       json::array({child("dying", "sleep 0.5; exit 5"),
                                    child("hanging", "echo hanging; sleep 31101; echo ':('")}));
    auto r = run_plan(plan, 30);
    EXPECT_EQ(r.code, 5) << r.err;
    EXPECT_NE(r.out.find("---------- Process dying:"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("exited with code 5. Shutting down -----------"), std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.find(":("), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("still alive"), std::string::npos) << r.out;
    EXPECT_LT(r.seconds, 10);
    EXPECT_TRUE(eventually(10, [] { return processes_with("sleep 31101").empty(); }));
}

TEST(Supervise, StopOnFailureEvenOnSuccess) {
    auto plan = supervise_plan("stop-on-failure", 2,
                               json::array({child("a", "exit 0"), child("b", "exec sleep 31102")}));
    auto r = run_plan(plan, 30);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("---------- Process a:"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("exited with code 0. Shutting down"), std::string::npos) << r.out;
}

TEST(Supervise, UnresponsiveChildIsKilledAfterTheDeadline) {
    auto plan =
        supervise_plan("stop-on-failure", 1,
                       json::array({child("dying", "sleep 0.5; exit 3"),
                                    child("stubborn", "trap '' TERM; echo ready; sleep 31103")}));
    auto r = run_plan(plan, 30);
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_NE(r.out.find("---------- Processes [\"stubborn\"] are still alive. Killing ... "
                         "-----------"),
              std::string::npos)
        << r.out;
    EXPECT_GE(r.seconds, 1.0);
    EXPECT_LT(r.seconds, 10);
    EXPECT_TRUE(eventually(10, [] { return processes_with("sleep 31103").empty(); }));
}

TEST(Supervise, WaitAllSuccessful) {
    auto plan = supervise_plan(
        "wait-all-successful", 2,
        json::array({child("one", "echo line one"), child("two", "sleep 0.3; echo line two")}));
    auto r = run_plan(plan, 30);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("line one\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("line two\n"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("Shutting down"), std::string::npos) << r.out;
}

TEST(Supervise, WaitAllSuccessfulStopsOnFailure) {
    auto plan = supervise_plan(
        "wait-all-successful", 2,
        json::array({child("bad", "sleep 0.3; exit 4"), child("long", "exec sleep 31104")}));
    auto r = run_plan(plan, 30);
    EXPECT_EQ(r.code, 4) << r.err;
    EXPECT_NE(r.out.find("---------- Process bad:"), std::string::npos) << r.out;
}

TEST(Supervise, ChildrenHaveTheirOwnMountNamespaces) {
    auto plan =
        supervise_plan("wait-all-successful", 2,
                       json::array({child("a", "echo a > /tmp/mine; sleep 0.3; cat /tmp/mine"),
                                    child("b", "echo b > /tmp/mine; sleep 0.3; cat /tmp/mine")}));
    auto r = run_plan(plan, 30);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("a\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("b\n"), std::string::npos) << r.out;
}

TEST(Supervise, SigintStopsChildrenWith130) {
    Running run(supervise_plan("stop-on-failure", 2,
                               json::array({child("x", "echo started-x; exec sleep 31105"),
                                            child("y", "echo started-y; exec sleep 31106")})));
    ASSERT_TRUE(run.wait_for_output("started-x", 20));
    ASSERT_TRUE(run.wait_for_output("started-y", 20));
    ASSERT_TRUE(eventually(10, [] { return !processes_with("sleep 31106").empty(); }));
    kill(run.pid(), SIGINT);
    EXPECT_EQ(run.wait(20), 130);
    EXPECT_TRUE(eventually(10, [] { return processes_with("sleep 3110").empty(); }));
}

TEST(Supervise, ChildThatCannotStartGives127) {
    json bad = child("bad", "true");
    bad["container"]["root"]["source"] = "/nonexistent/root";
    auto plan =
        supervise_plan("stop-on-failure", 1, json::array({child("good", "exec sleep 31107"), bad}));
    auto r = run_plan(plan, 30);
    EXPECT_EQ(r.code, 127) << r.err;
    EXPECT_NE(r.out.find("---------- Process bad could not be run: "), std::string::npos) << r.out;
    EXPECT_TRUE(eventually(10, [] { return processes_with("sleep 31107").empty(); }));
}

TEST(Supervise, NoChildrenGives127) {
    auto r = run_plan(supervise_plan("stop-on-failure", 2, json::array()));
    EXPECT_EQ(r.code, 127);
    EXPECT_NE(r.err.find("no children"), std::string::npos) << r.err;
}

} // namespace
} // namespace vagga::test
