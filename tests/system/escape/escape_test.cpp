// The escape battery of the isolation audit (shared/reports/
// isolation-audit.md): a config from a cloned repository tries to reach a
// file of the user outside the project. Each test names the audit problem
// it proves closed; on the code the audit measured, each of them fails.
// Run as the invoking user and, with VAGGA_TEST_AS_USER, as `vaggatest`.
#include "tests/system/buildcycle/project.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace vagga::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSecret = "host secret 42";

// A project, and beside it (outside it) a file of the user's.
class Escape : public ::testing::Test {
  protected:
    void SetUp() override {
        p.add_busybox_tarball();
        secret_ = p.dir() + "-secret";
        std::ofstream(secret_) << kSecret << "\n";
        fs::permissions(secret_, fs::perms::owner_read | fs::perms::owner_write);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove(secret_, ec);
        fs::remove(secret_ + "-pwned", ec);
        fs::remove_all(p.dir() + "-victim", ec);
    }
    // The secret's name seen from the project's parent folder.
    std::string secret_name() const { return fs::path(secret_).filename().string(); }
    void config(const std::string& containers, const std::string& commands = "") {
        p.write("vagga.yaml", "containers:\n  base:\n    setup:\n    - !Tar {url: ./root.tar.gz}\n"
                              "    - !EnsureDir /mnt\n" +
                                  containers + (commands.empty() ? "" : "commands:\n" + commands));
    }
    static void no_secret(const Output& r) {
        EXPECT_EQ(r.out.find(kSecret), std::string::npos) << r.out << r.err;
        EXPECT_EQ(r.err.find(kSecret), std::string::npos) << r.out << r.err;
    }
    Project p;
    std::string secret_;
};

// P1: pid 1 of a command kept the launcher's cwd (the project's folder on
// the host), so /proc/1/cwd/.. was the user's files, read and write.
TEST_F(Escape, P1CommandCannotReachHostThroughPid1) {
    config("", "  probe: !Command\n    container: base\n    run: |\n"
               "      cat /proc/1/cwd/../" +
                   secret_name() +
                   "\n"
                   "      cat /proc/1/root/" +
                   secret_ +
                   "\n"
                   "      touch /proc/1/cwd/../" +
                   secret_name() +
                   "-pwned\n"
                   "      echo probed\n");
    Output r = p.vagga({"probe"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("probed"), std::string::npos) << r.out << r.err;
    no_secret(r);
    EXPECT_FALSE(fs::exists(secret_ + "-pwned"));
}

// P1: pid 1 of a !Command in pid1mode exec, and of `_run`, the same.
TEST_F(Escape, P1RunCannotReachHostThroughPid1) {
    config("");
    Output r = p.vagga({"_run", "base", "sh", "-c",
                        "cat /proc/1/cwd/../" + secret_name() + "; cat /proc/1/root/" + secret_ +
                            "; echo probed"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("probed"), std::string::npos);
    no_secret(r);
}

// P1: a !Supervise child saw the host's / through /proc/1/root.
TEST_F(Escape, P1SuperviseChildCannotReachHostThroughPid1) {
    config("", "  sup: !Supervise\n    mode: wait-all-successful\n    children:\n"
               "      a: !Command\n        container: base\n        run: |\n"
               "          cat /proc/1/root/" +
                   secret_ +
                   "\n"
                   "          cat /proc/1/cwd/../" +
                   secret_name() +
                   "\n"
                   "          ls /proc/1/root/ && echo LISTED-HOST-ROOT\n"
                   "          echo probed\n");
    Output r = p.vagga({"sup"});
    EXPECT_NE(r.out.find("probed"), std::string::npos) << r.out << r.err;
    EXPECT_EQ(r.out.find("LISTED-HOST-ROOT"), std::string::npos) << r.out;
    no_secret(r);
}

// P1: pid 1 of a !Supervise gives up the host's view before it forks any
// child: from the moment it has a child, its root is the vagga root, which
// holds only the children's trees (/0, /1, ...). Seen from the host, which
// needs root (pid 1 is not dumpable).
TEST_F(Escape, P1SupervisePid1PivotsBeforeItForks) {
    if (::getuid() != 0)
        GTEST_SKIP() << "reading /proc/PID/root of a non-dumpable pid 1 needs root on the host";
    config("", "  sup: !Supervise\n    children:\n"
               "      a: !Command\n        container: base\n        run: sleep 30\n"
               "      b: !Command\n        container: base\n        run: sleep 30\n");
    ASSERT_EQ(p.vagga({"_build", "base"}).code, 0);
    pid_t launcher = p.start({"sup"});
    auto first_child = [](const std::string& pid) {
        std::ifstream children("/proc/" + pid + "/task/" + pid + "/children");
        std::string child;
        children >> child;
        return child;
    };
    std::string pid1;
    std::vector<std::string> names;
    for (int i = 0; i < 400 && names.empty(); ++i) {
        ::usleep(5 * 1000);
        pid1 = first_child(std::to_string(launcher));
        if (pid1.empty() || first_child(pid1).empty())
            continue;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator("/proc/" + pid1 + "/root", ec))
            names.push_back(e.path().filename().string());
        if (ec)
            names = {"(unreadable: " + ec.message() + ")"};
    }
    ::kill(launcher, SIGTERM);
    wait_exit(launcher, 10);
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"0", "1"})) << "pid 1 " << pid1;
}

// P2: a build step read and wrote the host's / through the builder's
// /proc/1/root (the builder is pid 1 of the build).
TEST_F(Escape, P2BuildStepCannotReachHostThroughBuilder) {
    config("  steal:\n    setup:\n    - !Container base\n    - !Sh |\n"
           "        cat /proc/1/root" +
           secret_ +
           " > /stolen || true\n"
           "        cat /proc/1/cwd/../" +
           secret_name() +
           " >> /stolen || true\n"
           "        echo pwned > /proc/1/root" +
           p.dir() +
           "-victim || true\n"
           "        readlink /proc/1/root > /builder-root || true\n");
    Output r = p.vagga({"_build", "steal"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(p.read(".vagga/steal/stolen").find(kSecret), std::string::npos);
    EXPECT_EQ(p.read(".vagga/steal/builder-root"), "");
    EXPECT_FALSE(fs::exists(p.dir() + "-victim"));
    no_secret(r);
}

// P2: the builder itself (pid 1 of the build, which runs host tools such
// as mmdebstrap) kept the host's root. It pivots into a build root that
// holds the project, its own container folder, the cache and the host's
// system folders, read-only: the user's other files are not in it. Seen
// from the host, which needs root (the builder is not dumpable).
TEST_F(Escape, P2BuilderPivotsIntoItsBuildRoot) {
    if (::getuid() != 0)
        GTEST_SKIP() << "reading /proc/PID/root of a non-dumpable builder needs root on the host";
    config("  slow:\n    setup:\n    - !Container base\n    - !Sh sleep 30\n");
    ASSERT_EQ(p.vagga({"_build", "base"}).code, 0);
    pid_t launcher = p.start({"_build", "slow"});
    auto children = [](const std::string& pid) {
        std::ifstream in("/proc/" + pid + "/task/" + pid + "/children");
        std::vector<std::string> out;
        for (std::string c; in >> c;)
            out.push_back(c);
        return out;
    };
    auto comm = [](const std::string& pid) {
        std::ifstream in("/proc/" + pid + "/comm");
        std::string c;
        std::getline(in, c);
        return c;
    };
    // vagga -> vagga-build -> the builder (a clone: same name) -> the step.
    std::string builder;
    for (int i = 0; i < 600 && builder.empty(); ++i) {
        ::usleep(20 * 1000);
        for (const auto& b : children(std::to_string(launcher)))
            for (const auto& c : children(b))
                if (comm(b) == "vagga-build" && comm(c) == "vagga-build" && !children(c).empty())
                    builder = c;
    }
    ASSERT_FALSE(builder.empty()) << "no builder with a running step";
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/proc/" + builder + "/root", ec))
        names.push_back(e.path().filename().string());
    bool secret_reachable = fs::exists("/proc/" + builder + "/root" + secret_);
    ::kill(launcher, SIGTERM);
    wait_exit(launcher, 10);
    ASSERT_FALSE(ec) << ec.message();
    std::sort(names.begin(), names.end());
    const std::vector<std::string> allowed{"bin",  "dev",  "etc", "lib", "lib32", "lib64", "libx32",
                                           "proc", "sbin", "sys", "tmp", "usr",   "vagga", "work"};
    for (const auto& n : names)
        EXPECT_TRUE(std::binary_search(allowed.begin(), allowed.end(), n)) << n;
    EXPECT_TRUE(std::binary_search(names.begin(), names.end(), "work"));
    EXPECT_FALSE(secret_reachable) << secret_;
}

// P2: a step runs in the image with pivot_root in a mount namespace of
// its own, not chroot (which a second chroot with CAP_SYS_CHROOT leaves):
// the image is the step's root mount, and no host mount is left in its
// namespace.
TEST_F(Escape, P2BuildStepRunsInPivotedRoot) {
    config("  steal:\n    setup:\n    - !Container base\n    - !Sh |\n"
           "        grep -c '^[0-9]* [0-9]* [0-9]*:[0-9]* [^ ]* / ' /proc/self/mountinfo > "
           "/root-mounts "
           "|| true\n"
           "        ls /../../.. > /listed\n");
    Output r = p.vagga({"_build", "steal"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(p.read(".vagga/steal/root-mounts"), "1\n");
    std::string listed = p.read(".vagga/steal/listed");
    EXPECT_NE(listed.find("bin"), std::string::npos) << listed;
}

// P3: a volume's source left the project through `..` or a symlink, and
// the host folder was mounted read-write.
TEST_F(Escape, P3BindSourcesStayInTheProject) {
    const std::string victim = p.dir() + "-victim";
    fs::create_directories(victim);
    fs::create_directories(p.dir() + "/esc");
    fs::create_directory_symlink(victim, p.dir() + "/esc/dirlink");
    config("", "  bind-link: !Command\n    container: base\n"
               "    volumes: {/mnt: !BindRW /work/esc/dirlink}\n"
               "    run: touch /mnt/pwned-bindlink\n"
               "  bind-dotdot: !Command\n    container: base\n"
               "    volumes: {/mnt: !BindRW /work/../..}\n"
               "    run: cat /mnt/" +
                   secret_name() +
                   "\n"
                   "  cache-dotdot: !Command\n    container: base\n"
                   "    volumes: {/mnt: !CacheDir ../../..}\n"
                   "    run: cat /mnt/" +
                   secret_name() + "\n");
    Output link = p.vagga({"bind-link"});
    EXPECT_EQ(link.code, 124);
    EXPECT_NE(link.err.find("vagga.yaml:9:29: error[run-failed]: open " + p.dir() +
                            "/esc/dirlink: Invalid cross-device link"),
              std::string::npos)
        << link.err;
    EXPECT_NE(link.err.find("leads out of the folder"), std::string::npos) << link.err;
    EXPECT_FALSE(fs::exists(victim + "/pwned-bindlink"));
    for (const char* cmd : {"bind-dotdot", "cache-dotdot"}) {
        Output r = p.vagga({cmd});
        EXPECT_EQ(r.code, 124) << cmd;
        EXPECT_NE(r.err.find("error[run-failed]"), std::string::npos) << r.err;
        no_secret(r);
    }
    // `vagga check` reports both before anything runs.
    Output c = p.vagga({"check"});
    EXPECT_EQ(c.code, 126);
    EXPECT_NE(c.err.find("bind source `/work/../..` must not contain `..`"), std::string::npos)
        << c.err;
    EXPECT_NE(c.err.find("!CacheDir name `../../..` must be a single folder name"),
              std::string::npos)
        << c.err;
}

// P3: a cache folder that is a symlink (shipped in the storage) is not
// followed when the volume is made.
TEST_F(Escape, P3CacheFolderSymlinkIsNotFollowed) {
    const std::string victim = p.dir() + "-victim";
    fs::create_directories(victim);
    fs::create_directories(p.dir() + "/.vagga/.cache");
    fs::create_directory_symlink(victim, p.dir() + "/.vagga/.cache/c");
    config("", "  cache: !Command\n    container: base\n"
               "    volumes: {/mnt: !CacheDir c}\n    run: touch /mnt/pwned\n");
    Output r = p.vagga({"cache"});
    EXPECT_NE(r.code, 0);
    EXPECT_FALSE(fs::exists(victim + "/pwned"));
}

// P4: build inputs were read from anywhere: `!Copy` through `..`, `//`, a
// project symlink or an absolute symlink made in the image; `!Download`
// and `!Tar` through `../` and a symlink; `!Build` through `..`.
TEST_F(Escape, P4BuildInputsStayBeneathTheirRoot) {
    fs::create_directories(p.dir() + "/esc");
    fs::create_directory_symlink(fs::path(p.dir()).parent_path(), p.dir() + "/esc/dirlink");
    fs::create_symlink(secret_, p.dir() + "/esc/filelink");
    const std::string up = "/../" + secret_name();
    struct Case {
        const char* name;
        std::string steps;
    };
    const Case cases[] = {
        {"copy-dotdot", "!Copy {source: /work" + up + ", path: /stolen}"},
        {"copy-doubleslash", "!Copy {source: /" + secret_ + ", path: /stolen}"},
        {"copy-dirlink", "!Copy {source: /work/esc/dirlink/" + secret_name() + ", path: /stolen}"},
        {"copy-filelink", "!Copy {source: /work/esc/filelink, path: /stolen}"},
        {"copy-image-link", "!Sh \"ln -s " + fs::path(p.dir()).parent_path().string() +
                                " /hostlink\"\n    - !Copy "
                                "{source: /hostlink/" +
                                secret_name() + ", path: /stolen}"},
        {"download-dotdot", "!Download {url: ." + up + ", path: /stolen}"},
        {"download-link", "!Download {url: ./esc/filelink, path: /stolen}"},
        {"build-dotdot",
         "!Build {container: base, source: /../../../../../.." + secret_ + ", path: /stolen}"},
    };
    std::string containers;
    for (const auto& c : cases)
        containers += std::string("  ") + c.name + ":\n    setup:\n    - !Container base\n    - " +
                      c.steps + "\n";
    config(containers);
    for (const auto& c : cases) {
        Output r = p.vagga({"_build", c.name});
        EXPECT_NE(r.code, 0) << c.name << ": built\n" << r.err;
        EXPECT_FALSE(p.exists(std::string(".vagga/") + c.name + "/stolen")) << c.name;
        no_secret(r);
    }
}

// P4: `!Snapshot` of another container whose path is an absolute symlink
// to a host folder copied the host folder.
TEST_F(Escape, P4SnapshotStaysInTheOtherContainer) {
    const std::string victim = p.dir() + "-victim";
    fs::create_directories(victim);
    std::ofstream(victim + "/f") << "host file copied by snapshot\n";
    config("  snap-src:\n    setup:\n    - !Container base\n    - !Sh \"mkdir -p /srv && ln -s " +
               victim +
               " /srv/data\"\n"
               "  snap-dst:\n    setup:\n    - !Container base\n    - !EnsureDir /srv/data\n",
           "  snap: !Command\n    container: snap-dst\n"
           "    volumes: {/srv/data: !Snapshot {container: snap-src}}\n"
           "    run: cat /srv/data/f; true\n");
    ASSERT_EQ(p.vagga({"_build", "snap-src"}).code, 0);
    Output r = p.vagga({"snap"});
    EXPECT_EQ(r.out.find("host file copied"), std::string::npos) << r.out << r.err;
}

// What already held in the audit (E1-E3): paths inside the image with
// `..` stay in the image, for !Text, !EnsureDir and a !Copy destination.
TEST_F(Escape, HeldImagePathsWithDotDotStayInTheImage) {
    const std::string victim = p.dir() + "-victim";
    fs::create_directories(victim);
    p.write("src/f", "from the project\n");
    const std::string up = "/../../../../../../.." + victim;
    // In the image the files land under its /tmp, which the build empties
    // at its end: the last step looks before that.
    std::string steps = "    - !EnsureDir " + up + "/dir\n";
    steps += "    - !Text {" + up + "/text: x}\n";
    steps += "    - !Copy {source: /work/src, path: " + up + "/copied}\n";
    steps += "    - !Sh \"test -f " + victim + "/text && test -f " + victim +
             "/copied/f && echo inside > /held\"\n";
    config("  held:\n    setup:\n    - !Container base\n" + steps);
    Output r = p.vagga({"_build", "held"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(fs::is_empty(victim));
    EXPECT_EQ(p.read(".vagga/held/held"), "inside\n");
}

// P5: a fd the user's shell left open (here fd 7 on the secret) reached
// pid 1 and the builder, where the command and the steps could read it.
TEST_F(Escape, P5InheritedFdsReachNeitherContainerNorBuild) {
    config("  fds:\n    setup:\n    - !Container base\n    - !Sh |\n"
           "        cat /proc/1/fd/7 > /from-builder 2>/dev/null || true\n"
           "        ls /proc/self/fd > /step-fds\n",
           "  probe: !Command\n    container: base\n    run: |\n"
           "      cat /proc/1/fd/7; cat /proc/self/fd/7; ls /proc/self/fd; echo probed\n");
    int fd = ::open(secret_.c_str(), O_RDONLY); // not close-on-exec, like a shell's `exec 7<`
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::dup2(fd, 7), 7);
    ::close(fd);
    Output b = p.vagga({"_build", "fds"});
    Output r = p.vagga({"probe"});
    ::close(7);
    ASSERT_EQ(b.code, 0) << b.err;
    EXPECT_EQ(p.read(".vagga/fds/from-builder"), "");
    EXPECT_EQ(p.read(".vagga/fds/step-fds"), "0\n1\n2\n3\n"); // 3: ls's own directory
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("probed"), std::string::npos);
    no_secret(r);
    no_secret(b);
}

// P6: a repository that ships `.vagga` (or a folder in it) as a symlink
// made builds write, and `_clean` delete, wherever it pointed.
TEST_F(Escape, P6SymlinkedStorageIsRefused) {
    config("");
    const std::string victim = p.dir() + "-victim";
    fs::create_directories(victim + "/docs");
    std::ofstream(victim + "/docs/file") << "precious\n";
    fs::create_directory_symlink(victim, p.dir() + "/.vagga");
    Output r = p.vagga({"_build", "base"});
    EXPECT_EQ(r.code, 121);
    EXPECT_NE(r.err.find("dir can't be a symlink. Please run `unlink"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(victim + "/.roots"));

    fs::remove(p.dir() + "/.vagga");
    fs::create_directories(p.dir() + "/.vagga");
    fs::create_directory_symlink(victim, p.dir() + "/.vagga/.volumes");
    Output c = p.vagga({"_clean", "--unused-volumes"});
    EXPECT_NE(c.code, 0);
    EXPECT_NE(c.err.find("can't be a symlink"), std::string::npos) << c.err;
    EXPECT_TRUE(fs::exists(victim + "/docs/file"));
    Output run = p.vagga({"_run", "base", "true"});
    EXPECT_EQ(run.code, 121);
    EXPECT_NE(run.err.find("can't be a symlink"), std::string::npos) << run.err;
}

// P6: `.vagga/NAME` comes with the project too: a link that does not point
// at one of our own versions is not a container root.
TEST_F(Escape, P6ContainerLinkOutsideTheStorageIsNotARoot) {
    config("");
    ASSERT_EQ(p.vagga({"_build", "base"}).code, 0);
    const std::string victim = p.dir() + "-victim";
    fs::copy(p.dir() + "/.vagga/base/", victim,
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    std::ofstream(victim + "/marker") << "not our image\n";
    fs::remove(p.dir() + "/.vagga/base");
    fs::create_directory_symlink(victim, p.dir() + "/.vagga/base");
    // --no-version-check takes the linked root as it is.
    Output r = p.vagga({"--no-version-check", "_run", "base", "sh", "-c", "cat /marker; true"});
    EXPECT_EQ(r.out.find("not our image"), std::string::npos) << r.out << r.err;
}

// P7: the command (uid 0 with every capability in the container's user
// namespace) remounted the read-only root writable, and the write landed
// in the shared image; it could unmount volumes too. The tree is locked
// now; the command keeps its capabilities for its own mounts.
TEST_F(Escape, P7MountTreeIsLocked) {
    config("");
    Output r = p.vagga({"_run", "base", "sh", "-c",
                        "mount -o remount,bind,rw / && echo REMOUNTED; touch /etc/after-remount; "
                        "umount -l /work && echo UNMOUNTED; "
                        "mkdir -p /tmp/mt && mount -t tmpfs x /tmp/mt && echo OWN-MOUNT-OK"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "OWN-MOUNT-OK\n") << r.err;
    EXPECT_FALSE(p.exists(".vagga/base/etc/after-remount"));
}

// P8: a suite that a host tool would read as an option never gets to it.
TEST_F(Escape, P8ReleaseNameIsNotAnOption) {
    config("  deb:\n    setup:\n    - !Debian \"--setup-hook=touch " + p.dir() + "-victim\"\n");
    Output c = p.vagga({"check"});
    EXPECT_EQ(c.code, 126);
    EXPECT_NE(c.err.find("error[bad-value]"), std::string::npos) << c.err;
    Output r = p.vagga({"_build", "deb"});
    EXPECT_NE(r.code, 0);
    EXPECT_FALSE(fs::exists(p.dir() + "-victim"));
}

// P9: TIOCSTI pushed input into the user's terminal, run by the shell
// after vagga exits; the seccomp filter refuses it before the tty driver.
TEST_F(Escape, P9TerminalInjectionIsRefused) {
    config("");
    fs::copy_file(TIOCSTI_PROBE, p.dir() + "/tiocsti_probe");
    Output r = p.vagga({"_run", "base", "/work/tiocsti_probe"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "TIOCSTI Operation not permitted\nTIOCLINUX Operation not permitted\n");
    // Build steps too.
    p.write("vagga.yaml", p.read("vagga.yaml") + "  probe:\n    setup:\n    - !Container base\n"
                                                 "    - !Sh /work/tiocsti_probe > /answer\n");
    Output b = p.vagga({"_build", "probe"});
    ASSERT_EQ(b.code, 0) << b.err;
    EXPECT_EQ(p.read(".vagga/probe/answer"),
              "TIOCSTI Operation not permitted\nTIOCLINUX Operation not permitted\n");
}

} // namespace
} // namespace vagga::test
