// The storage layout (runtime.md §5.1) on a fake tree: which `.vagga/NAME`
// links count, the atomic link switch, the symlink refusals and
// `storage-dir`.
#include "app/storage.h"
#include "tests/support/fake_ports.h"

#include <gtest/gtest.h>

namespace vagga::test {
namespace {

class StorageTest : public ::testing::Test {
  protected:
    app::Storage st{"/p", "/p/.vagga", false};
    FakePorts fake;
};

TEST_F(StorageTest, OnlyOurOwnVersionsAreContainerRoots) {
    fake.files.dir("/p/.vagga/.roots/app.aaaaaaaa/root");
    fake.files.link("/p/.vagga/app", ".roots/app.aaaaaaaa/root");
    EXPECT_EQ(app::container_root(fake.files, st, "app"), "/p/.vagga/.roots/app.aaaaaaaa/root");
    // A link shipped with a project, pointing elsewhere, is not one.
    fake.files.dir("/home/user");
    fake.files.link("/p/.vagga/evil", "/home/user");
    EXPECT_EQ(app::container_root(fake.files, st, "evil"), std::nullopt);
    // Nor is another container's version.
    fake.files.link("/p/.vagga/other", ".roots/app.aaaaaaaa/root");
    EXPECT_EQ(app::container_root(fake.files, st, "other"), std::nullopt);
}

TEST_F(StorageTest, PointLinkReplacesThroughATemporaryLink) {
    fake.files.dir("/p/.vagga");
    fake.files.link("/p/.vagga/app", ".roots/app.00000000/root");
    EXPECT_FALSE(app::point_link(fake.files, st, "app", "app.aaaaaaaa"));
    EXPECT_EQ(fake.files.read_link("/p/.vagga/app"), app::Path(".roots/app.aaaaaaaa/root"));
    const auto& log = fake.files.log();
    ASSERT_GE(log.size(), 2u);
    EXPECT_EQ(log[log.size() - 2], "symlink /p/.vagga/app.tmp -> .roots/app.aaaaaaaa/root");
    EXPECT_EQ(log.back(), "rename /p/.vagga/app.tmp /p/.vagga/app");
    // Pointing it where it points already changes nothing.
    size_t n = log.size();
    EXPECT_FALSE(app::point_link(fake.files, st, "app", "app.aaaaaaaa"));
    EXPECT_EQ(fake.files.log().size(), n);
}

TEST_F(StorageTest, SymlinkedStorageFoldersAreRefused) {
    fake.files.dir("/p/.vagga");
    fake.files.link("/p/.vagga/.roots", "/home/user");
    app::Error e;
    EXPECT_FALSE(app::open_storage(fake.files, "/p", {}, &e));
    EXPECT_EQ(e.message, "The `\"/p/.vagga/.roots\"` dir can't be a symlink. Please run `unlink "
                         "\"/p/.vagga/.roots\"`");
}

TEST_F(StorageTest, StorageDirTakesTheFirstFreeName) {
    project::Settings s;
    s.storage_dir = "/store";
    fake.files.dir("/store/p");
    app::Error e;
    auto opened = app::open_storage(fake.files, "/p", s, &e);
    ASSERT_TRUE(opened) << e.message;
    EXPECT_EQ(opened->base, app::Path("/store/p-1"));
    EXPECT_TRUE(opened->linked);
    EXPECT_EQ(fake.files.read_link("/p/.vagga/.lnk"), app::Path("/store/p-1"));
    EXPECT_EQ(fake.files.read_link("/store/p-1/.lnk"), app::Path("/p"));
    EXPECT_EQ(opened->link_target("app.aaaaaaaa"), ".lnk/.roots/app.aaaaaaaa/root");
    // The next time, the link is followed.
    auto again = app::open_storage(fake.files, "/p", s, &e);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->base, app::Path("/store/p-1"));
}

TEST_F(StorageTest, ABrokenOrForeignLnkIsRefused) {
    project::Settings s;
    s.storage_dir = "/store";
    fake.files.link("/p/.vagga/.lnk", "/store/gone");
    app::Error e;
    EXPECT_FALSE(app::open_storage(fake.files, "/p", s, &e));
    EXPECT_NE(e.message.find("points to a non-existent directory \"/store/gone\""),
              std::string::npos);
    fake.files.dir("/elsewhere/p");
    fake.files.remove_file("/p/.vagga/.lnk");
    fake.files.link("/p/.vagga/.lnk", "/elsewhere/p");
    EXPECT_FALSE(app::open_storage(fake.files, "/p", s, &e));
    EXPECT_NE(e.message.find("which is not inside the storage-dir \"/store\""), std::string::npos);
}

} // namespace
} // namespace vagga::test
