// The distribution steps that need neither namespaces nor a real mirror:
// Ubuntu from an image served by the test, repositories, keys and the apt
// finish, with a ctx.run that records the commands instead of running them.
#include "runtime/build/distro.h"
#include "tests/runtime/build/fetch/test_util.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

namespace vagga {
namespace {

using runtime::build::StepContext;

struct Distro : ::testing::Test {
    testing::TempDir dir;
    std::string root = dir.path() + "/root";
    StepContext ctx = testing::make_context(root, dir.path() + "/cache");
    std::vector<std::string> commands;

    void SetUp() override {
        ::mkdir(root.c_str(), 0755);
        for (const char* d : {"/etc", "/tmp", "/dev", "/proc"}) {
            ::mkdir((root + d).c_str(), 0755);
        }
        testing::write_text(root + "/etc/resolv.conf", "nameserver 10.1.1.1\n");
        testing::write_text(root + "/etc/hosts", "host file\n");
        ctx.run = [this](const plan::BuildCommand& cmd) -> runtime::Status {
            std::string line;
            for (const auto& a : cmd.argv) {
                line += (line.empty() ? "" : " ") + a;
            }
            commands.push_back(line);
            if (cmd.argv[0] == "/bin/sh") { // the captured output
                testing::write_text(root + "/tmp/.vagga-capture", "ii  dpkg 1.21\n");
            }
            return std::nullopt;
        };
    }
    mode_t mode_of(const std::string& p) {
        struct stat st;
        return ::lstat((root + p).c_str(), &st) == 0 ? st.st_mode : 0;
    }
};

TEST_F(Distro, UbuntuFromImage) {
    std::string image = dir.path() + "/image.tar.gz";
    testing::write_archive(image, "tar.gz",
                           {{"./etc/", 'd', "", 0755},
                            {"./etc/resolv.conf", 'l', "../run/systemd/resolve/stub-resolv.conf"},
                            {"./etc/hosts", 'f', "image hosts\n"},
                            {"./etc/os-release", 'f', "NAME=Ubuntu\n"},
                            {"./usr/bin/chfn", 'f', "real chfn", 04755},
                            {"./dev/null", 'f', "not a device"},
                            {"./proc/x", 'f', "skipped"},
                            {"./run/lock/", 'd', "", 01777}});
    testing::HttpServer server(
        std::map<std::string, std::string>{{"/core.tar.gz", testing::read_text(image)}});
    plan::BuildBootstrap op;
    op.distro = plan::Distro::Ubuntu;
    op.release = "jammy";
    op.mirror = "http://archive.invalid/ubuntu/";
    op.image_url = server.url("/core.tar.gz");
    ASSERT_EQ(runtime::build::bootstrap(ctx, op), std::nullopt);
    EXPECT_TRUE(ctx.have_distro);
    EXPECT_EQ(ctx.distro, plan::Distro::Ubuntu);
    EXPECT_EQ(testing::read_text(root + "/etc/resolv.conf"), "nameserver 10.1.1.1\n");
    EXPECT_EQ(testing::read_text(root + "/etc/hosts"), "host file\n");
    EXPECT_EQ(testing::read_text(root + "/etc/os-release"), "NAME=Ubuntu\n");
    EXPECT_FALSE(runtime::sys::exists(root + "/dev/null"));
    EXPECT_FALSE(runtime::sys::exists(root + "/proc/x"));
    EXPECT_FALSE(runtime::sys::exists(root + "/run"));
    EXPECT_TRUE(S_ISLNK(mode_of("/usr/bin/chfn")));
    EXPECT_EQ(mode_of("/usr/sbin/policy-rc.d") & 07777, 0755u);
    EXPECT_EQ(testing::read_text(root + "/usr/sbin/policy-rc.d"), "#!/bin/sh\nexit 101\n");
    EXPECT_NE(testing::read_text(root + "/etc/apt/apt.conf.d/00vagga")
                  .find("Install-Recommends \"false\""),
              std::string::npos);
    EXPECT_EQ(testing::read_text(root + "/etc/apt/sources.list"),
              "deb http://archive.invalid/ubuntu/ jammy main restricted\n"
              "deb http://archive.invalid/ubuntu/ jammy-updates main restricted\n"
              "deb http://archive.invalid/ubuntu/ jammy-security main restricted\n");
    bool frontend = false;
    for (const auto& [k, v] : ctx.env) {
        frontend = frontend || (k == "DEBIAN_FRONTEND" && v == "noninteractive");
    }
    EXPECT_TRUE(frontend);
}

// The original's image location moves releases Canonical no longer
// supports to core/unsupported/: a missing image falls back there.
TEST_F(Distro, UbuntuImageFallsBackWhenTheFirstIsMissing) {
    std::string image = dir.path() + "/image.tar.gz";
    testing::write_archive(image, "tar.gz",
                           {{"./etc/", 'd', "", 0755}, {"./etc/os-release", 'f', "old\n"}});
    testing::HttpServer server(std::map<std::string, std::string>{
        {"/unsupported/core.tar.gz", testing::read_text(image)}});
    plan::BuildBootstrap op;
    op.distro = plan::Distro::Ubuntu;
    op.release = "trusty";
    op.mirror = "http://archive.invalid/ubuntu/";
    op.image_url = server.url("/core.tar.gz");
    op.image_fallback_url = server.url("/unsupported/core.tar.gz");
    ASSERT_EQ(runtime::build::bootstrap(ctx, op), std::nullopt);
    EXPECT_EQ(testing::read_text(root + "/etc/os-release"), "old\n");
    // Neither there: the first location's error.
    op.image_fallback_url = server.url("/nowhere.tar.gz");
    auto e = runtime::build::bootstrap(ctx, op);
    ASSERT_NE(e, std::nullopt);
    EXPECT_NE(e->message().find("/core.tar.gz"), std::string::npos) << e->message();
}

TEST_F(Distro, ReposAndKeys) {
    ctx.apt_lists_fresh = true;
    plan::BuildRepo repo;
    repo.line = "deb http://ppa.invalid/x jammy main";
    repo.file = "x.list";
    ASSERT_EQ(runtime::build::add_repo(ctx, repo), std::nullopt);
    repo.line = "deb http://ppa.invalid/y jammy main";
    ASSERT_EQ(runtime::build::add_repo(ctx, repo), std::nullopt);
    EXPECT_FALSE(ctx.apt_lists_fresh);
    EXPECT_EQ(testing::read_text(root + "/etc/apt/sources.list.d/x.list"),
              "deb http://ppa.invalid/x jammy main\ndeb http://ppa.invalid/y jammy main\n");
    plan::BuildRepo apk;
    apk.distro = plan::Distro::Alpine;
    apk.line = "http://alpine.invalid/edge/testing";
    ASSERT_EQ(runtime::build::add_repo(ctx, apk), std::nullopt);
    EXPECT_EQ(testing::read_text(root + "/etc/apk/repositories"),
              "http://alpine.invalid/edge/testing\n");

    plan::BuildAptTrust trust;
    trust.server = "keys.invalid";
    trust.keys = {"ABCD", "EF01"};
    ASSERT_EQ(runtime::build::apt_trust(ctx, trust), std::nullopt);
    ASSERT_EQ(commands.size(), 1u);
    EXPECT_EQ(commands[0], "apt-key adv --keyserver keys.invalid --recv-keys ABCD EF01");
}

TEST_F(Distro, AptFinish) {
    ctx.have_distro = true;
    ctx.build_deps = {"gcc", "make"};
    ::system(
        ("mkdir -p " + root + "/var/lib/apt/lists/partial " + root + "/var/cache/apt").c_str());
    testing::write_text(root + "/var/lib/apt/lists/x_Packages", "p");
    testing::write_text(root + "/var/lib/apt/lists/lock", "");
    testing::write_text(root + "/var/cache/apt/pkgcache.bin", "b");
    ASSERT_EQ(runtime::build::finish_distro(ctx, dir.path()), std::nullopt);
    ASSERT_EQ(commands.size(), 3u);
    EXPECT_EQ(commands[0], "apt-mark auto gcc make");
    EXPECT_EQ(commands[1], "apt-get autoremove -y -q --purge");
    EXPECT_EQ(commands[2], "/bin/sh -c COLUMNS=200 dpkg -l >/tmp/.vagga-capture");
    EXPECT_EQ(testing::read_text(dir.path() + "/debian-packages.txt"), "ii  dpkg 1.21\n");
    EXPECT_FALSE(runtime::sys::exists(root + "/tmp/.vagga-capture"));
    EXPECT_FALSE(runtime::sys::exists(root + "/var/lib/apt/lists/x_Packages"));
    EXPECT_FALSE(runtime::sys::exists(root + "/var/lib/apt/lists/partial"));
    EXPECT_TRUE(runtime::sys::exists(root + "/var/lib/apt/lists/lock"));
    EXPECT_FALSE(runtime::sys::exists(root + "/var/cache/apt/pkgcache.bin"));
}

TEST_F(Distro, NoDistroNoFinish) {
    ASSERT_EQ(runtime::build::finish_distro(ctx, dir.path()), std::nullopt);
    EXPECT_TRUE(commands.empty());
}

} // namespace
} // namespace vagga
