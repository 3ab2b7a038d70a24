// unpack(): archives made by the test, extracted into a temporary root.
#include "runtime/build/fetch.h"
#include "tests/runtime/build/fetch/test_util.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

namespace vagga {
namespace {

using runtime::build::unpack;
using testing::Entry;

struct Unpack : ::testing::Test {
    testing::TempDir dir;
    std::string root = dir.path() + "/root";
    runtime::build::StepContext ctx = testing::make_context(root, dir.path() + "/cache");
    void SetUp() override { ::mkdir(root.c_str(), 0755); }

    runtime::Status run(const std::string& format, const std::vector<Entry>& entries,
                        const std::string& path, const std::string& subdir,
                        plan::ArchiveKind kind = plan::ArchiveKind::Tar) {
        std::string file = dir.path() + "/archive." + format;
        testing::write_archive(file, format, entries);
        plan::BuildUnpack op;
        op.kind = kind;
        op.source.url = "./archive." + format;
        op.source.host_path = file;
        op.path = path;
        op.subdir = subdir;
        return unpack(ctx, op);
    }
    mode_t mode_of(const std::string& p) {
        struct stat st;
        return ::lstat((root + p).c_str(), &st) == 0 ? st.st_mode : 0;
    }
};

std::vector<Entry> project_tree() {
    return {{"pkg-1.0/", 'd', "", 0755},
            {"pkg-1.0/bin/", 'd', "", 0750},
            {"pkg-1.0/bin/tool", 'f', "#!/bin/sh\n", 0755},
            {"pkg-1.0/README", 'f', "readme", 0640},
            {"pkg-1.0/link", 'l', "README"},
            {"pkg-1.0/hard", 'h', "pkg-1.0/README", 0640},
            {"other/file", 'f', "not taken"}};
}

TEST_F(Unpack, TarGzWithSubdirIntoNewDirs) {
    ::umask(077); // intermediate directories are 0755 whatever the umask
    ASSERT_EQ(run("tar.gz", project_tree(), "/opt/pkg", "pkg-1.0"), std::nullopt);
    ::umask(022);
    EXPECT_EQ(mode_of("/opt") & 07777, 0755u);
    EXPECT_EQ(mode_of("/opt/pkg") & 07777, 0755u);
    EXPECT_EQ(mode_of("/opt/pkg/bin") & 07777, 0750u);
    EXPECT_EQ(mode_of("/opt/pkg/bin/tool") & 07777, 0755u);
    EXPECT_EQ(mode_of("/opt/pkg/README") & 07777, 0640u);
    EXPECT_TRUE(S_ISLNK(mode_of("/opt/pkg/link")));
    EXPECT_EQ(testing::read_text(root + "/opt/pkg/hard"), "readme");
    struct stat a, b;
    ASSERT_EQ(::stat((root + "/opt/pkg/hard").c_str(), &a), 0);
    ASSERT_EQ(::stat((root + "/opt/pkg/README").c_str(), &b), 0);
    EXPECT_EQ(a.st_ino, b.st_ino);
    EXPECT_FALSE(runtime::sys::exists(root + "/opt/pkg/other"));
    EXPECT_FALSE(runtime::sys::exists(root + "/opt/other"));
}

TEST_F(Unpack, TarXzAndBz2WholeArchive) {
    ASSERT_EQ(run("tar.xz", {{"./a/b", 'f', "xz"}}, "/", ""), std::nullopt);
    EXPECT_EQ(testing::read_text(root + "/a/b"), "xz");
    ASSERT_EQ(run("tar.bz2", {{"c", 'f', "bz"}}, "/x", ""), std::nullopt);
    EXPECT_EQ(testing::read_text(root + "/x/c"), "bz");
}

TEST_F(Unpack, Zip) {
    ASSERT_EQ(run("zip", {{"top/", 'd', "", 0755}, {"top/f.txt", 'f', "zipped", 0600}}, "/z", "top",
                  plan::ArchiveKind::Zip),
              std::nullopt);
    EXPECT_EQ(testing::read_text(root + "/z/f.txt"), "zipped");
    EXPECT_EQ(mode_of("/z/f.txt") & 07777, 0600u);
}

TEST_F(Unpack, OwnersKept) {
    if (::geteuid() != 0) {
        GTEST_SKIP() << "chown to another user needs root";
    }
    ASSERT_EQ(run("tar.gz", {{"o", 'f', "x", 0644, 1234, 4321}}, "/", ""), std::nullopt);
    struct stat st;
    ASSERT_EQ(::stat((root + "/o").c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, 1234u);
    EXPECT_EQ(st.st_gid, 4321u);
}

TEST_F(Unpack, UncompressedTarRejected) {
    auto e = run("tar", {{"a", 'f', "x"}}, "/", "");
    ASSERT_NE(e, std::nullopt);
    EXPECT_EQ(e->message(), "unpack ./archive.tar: unexpected compression");
    EXPECT_FALSE(runtime::sys::exists(root + "/a"));
}

TEST_F(Unpack, DotDotRefused) {
    auto e = run("tar.gz", {{"ok", 'f', "1"}, {"../evil", 'f', "bad"}}, "/", "");
    ASSERT_NE(e, std::nullopt);
    EXPECT_NE(e->message().find("../evil"), std::string::npos) << e->message();
    EXPECT_FALSE(runtime::sys::exists(dir.path() + "/evil"));
}

TEST_F(Unpack, AbsoluteNamesStayInside) {
    ASSERT_EQ(run("tar.gz", {{"/abs/file", 'f', "in"}}, "/", ""), std::nullopt);
    EXPECT_EQ(testing::read_text(root + "/abs/file"), "in");
}

TEST_F(Unpack, NothingWrittenThroughSymlinks) {
    // The symlink itself is fine (its target is resolved inside the
    // container later); writing through it is not.
    auto e =
        run("tar.gz", {{"etc", 'l', dir.path() + "/outside"}, {"etc/passwd", 'f', "x"}}, "/", "");
    ASSERT_NE(e, std::nullopt);
    EXPECT_FALSE(runtime::sys::exists(dir.path() + "/outside/passwd"));
    EXPECT_TRUE(S_ISLNK(mode_of("/etc")));
}

TEST_F(Unpack, RootKeepsResolvConfAndHosts) {
    ::mkdir((root + "/etc").c_str(), 0755);
    testing::write_text(root + "/etc/resolv.conf", "nameserver 10.0.0.1\n");
    testing::write_text(root + "/etc/hosts", "127.0.0.1 localhost\n");
    ASSERT_EQ(run("tar.gz",
                  {{"etc/", 'd', "", 0755},
                   {"etc/resolv.conf", 'l', "../run/systemd/resolve/stub-resolv.conf"},
                   {"etc/hosts", 'f', "image hosts\n"},
                   {"etc/os-release", 'f', "image\n"}},
                  "/", ""),
              std::nullopt);
    EXPECT_TRUE(S_ISREG(mode_of("/etc/resolv.conf")));
    EXPECT_EQ(testing::read_text(root + "/etc/resolv.conf"), "nameserver 10.0.0.1\n");
    EXPECT_EQ(testing::read_text(root + "/etc/hosts"), "127.0.0.1 localhost\n");
    EXPECT_EQ(testing::read_text(root + "/etc/os-release"), "image\n");
}

} // namespace
} // namespace vagga
