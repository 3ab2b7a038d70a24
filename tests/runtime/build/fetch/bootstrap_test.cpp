// Debian bookworm (minbase) bootstrapped from the host's mirror inside a
// user namespace (65536 ids, a new mount and pid namespace, dev/proc/sys
// mounted in the root as the builder does), then a package installed and
// the finish run. Skipped when the mirror is unreachable or we are not root.
#include "runtime/build/distro.h"
#include "runtime/build/host_apt.h"
#include "tests/common/reachable.h"
#include "tests/runtime/build/fetch/test_util.h"

#include <fcntl.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace vagga {
namespace {

using namespace runtime::build;

constexpr uid_t kBase = 100000; // host ids of the namespace's 0..65535

// ctx.run for the test: chroot into the root, exec with the environment.
runtime::Status chroot_run(const StepContext& ctx, const plan::BuildCommand& cmd) {
    pid_t pid = ::fork();
    if (pid == 0) {
        int null = ::open("/dev/null", O_RDONLY);
        if (null < 0 || ::dup2(null, 0) < 0 || ::dup2(2, 1) < 0 ||
            ::chroot(ctx.root.c_str()) != 0 || ::chdir(cmd.work_dir.c_str()) != 0) {
            ::_exit(126);
        }
        ::clearenv();
        for (const auto& [k, v] : ctx.env) {
            ::setenv(k.c_str(), v.c_str(), 1);
        }
        for (const auto& [k, v] : cmd.env) {
            ::setenv(k.c_str(), v.c_str(), 1);
        }
        std::vector<char*> argv;
        for (const auto& a : cmd.argv) {
            argv.push_back(const_cast<char*>(a.c_str()));
        }
        argv.push_back(nullptr);
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    int st = 0;
    ::waitpid(pid, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        return runtime::make_error(0, cmd.argv[0], runtime::sys::describe_status(st));
    }
    return std::nullopt;
}

// Inside the namespaces: what the builder does around the distro steps.
int build_in_namespace(const std::string& container_dir, const std::string& mirror) {
    const std::string root = container_dir + "/root";
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount("/dev", (root + "/dev").c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0 ||
        ::mount("proc", (root + "/proc").c_str(), "proc", 0, nullptr) != 0 ||
        ::mount("/sys", (root + "/sys").c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) {
        std::perror("mount");
        return 2;
    }
    StepContext ctx = testing::make_context(root, container_dir + "/cache");
    ctx.env = {{"PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
               {"HOME", "/root"}};
    ctx.run = [&ctx](const plan::BuildCommand& cmd) { return chroot_run(ctx, cmd); };
    auto t0 = std::chrono::steady_clock::now();
    plan::BuildBootstrap op;
    op.release = "bookworm";
    op.mirror = mirror;
    if (auto e = bootstrap(ctx, op)) {
        std::cerr << "bootstrap: " << e->message() << "\n";
        return 3;
    }
    auto t1 = std::chrono::steady_clock::now();
    plan::BuildPackages pkgs;
    pkgs.packages = {"hello"};
    pkgs.build_deps = true;
    if (auto e = install_packages(ctx, pkgs)) {
        std::cerr << "install: " << e->message() << "\n";
        return 4;
    }
    if (auto e = finish_distro(ctx, container_dir)) {
        std::cerr << "finish: " << e->message() << "\n";
        return 5;
    }
    auto t2 = std::chrono::steady_clock::now();
    using secs = std::chrono::duration<double>;
    std::cerr << "bootstrap took " << secs(t1 - t0).count() << " s; install + finish took "
              << secs(t2 - t1).count() << " s\n";
    return 0;
}

void make_owned_dir(const std::string& p, mode_t mode = 0755) {
    ::mkdir(p.c_str(), mode);
    ::chmod(p.c_str(), mode);
    ASSERT_EQ(::chown(p.c_str(), kBase, kBase), 0) << p;
}

TEST(Bootstrap, DebianBookwormMinbase) {
    auto mirror = host_debian_mirror();
    if (!mirror) {
        GTEST_SKIP() << "the host's apt names no Debian mirror";
    }
    if (!test::reachable(*mirror + "/dists/bookworm/Release")) {
        GTEST_SKIP() << "the host's Debian mirror is not reachable";
    }
    if (::geteuid() != 0) {
        GTEST_SKIP() << "mapping 65536 ids without newuidmap needs root";
    }
    testing::TempDir tmp;
    ::chmod(tmp.path().c_str(), 0755);
    const std::string cdir = tmp.path() + "/c";
    const std::string root = cdir + "/root";
    make_owned_dir(cdir);
    make_owned_dir(root);
    for (const char* d : {"dev", "proc", "sys", "run", "work", "etc"}) {
        make_owned_dir(root + "/" + d);
    }
    make_owned_dir(root + "/tmp", 01777);
    testing::write_text(root + "/etc/resolv.conf", "nameserver 10.9.9.9\n");
    testing::write_text(root + "/etc/hosts", "127.0.0.1 localhost test-host\n");

    int sync1[2], sync2[2];
    ASSERT_EQ(::pipe2(sync1, O_CLOEXEC), 0);
    ASSERT_EQ(::pipe2(sync2, O_CLOEXEC), 0);
    pid_t child = ::fork();
    if (child == 0) {
        char b = 0;
        if (::unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID) != 0 ||
            ::write(sync1[1], "x", 1) != 1 || ::read(sync2[0], &b, 1) != 1 ||
            ::setgroups(0, nullptr) != 0 || ::setgid(0) != 0 || ::setuid(0) != 0) {
            ::_exit(1);
        }
        pid_t init = ::fork(); // pid 1 of the new pid namespace
        if (init == 0) {
            ::_exit(build_in_namespace(cdir, *mirror));
        }
        int st = 0;
        ::waitpid(init, &st, 0);
        ::_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 1);
    }
    char b = 0;
    ASSERT_EQ(::read(sync1[0], &b, 1), 1);
    const std::string map = "0 " + std::to_string(kBase) + " 65536\n";
    for (const char* f : {"uid_map", "gid_map"}) {
        testing::write_text("/proc/" + std::to_string(child) + "/" + f, map);
    }
    ASSERT_EQ(::write(sync2[1], "x", 1), 1);
    int st = 0;
    ASSERT_EQ(::waitpid(child, &st, 0), child);
    ASSERT_TRUE(WIFEXITED(st));
    ASSERT_EQ(WEXITSTATUS(st), 0) << "see the output above";

    struct stat s;
    EXPECT_EQ(::stat((root + "/usr/bin/dpkg").c_str(), &s), 0);
    EXPECT_EQ(::stat((root + "/usr/sbin/policy-rc.d").c_str(), &s), 0);
    EXPECT_EQ(s.st_mode & 07777, 0755u);
    EXPECT_EQ(s.st_uid, kBase); // uid 0 of the namespace
    EXPECT_EQ(testing::read_text(root + "/etc/resolv.conf"), "nameserver 10.9.9.9\n");
    EXPECT_EQ(testing::read_text(root + "/etc/hosts"), "127.0.0.1 localhost test-host\n");
    EXPECT_FALSE(runtime::sys::exists(root + ".bootstrap"));
    // hello was a build dependency: installed, then removed at finish.
    EXPECT_FALSE(runtime::sys::exists(root + "/usr/bin/hello"));
    std::string list = testing::read_text(cdir + "/debian-packages.txt");
    EXPECT_NE(list.find("ii  dpkg "), std::string::npos);
    EXPECT_EQ(list.find("ii  hello "), std::string::npos);
    bool cached = false;
    for (const auto& name : {std::string("/cache/apt-cache")}) {
        std::string ls = cdir + name;
        cached = runtime::sys::exists(ls);
    }
    EXPECT_TRUE(cached);
}

} // namespace
} // namespace vagga
