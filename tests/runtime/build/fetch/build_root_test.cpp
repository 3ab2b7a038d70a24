// The builder's build root: which host folders a plan needs and where its
// paths are once the builder has pivoted (pure; the pivot itself is proved
// by tests/system/escape P2BuilderPivotsIntoItsBuildRoot and every build test).
#include "runtime/build/build_root.h"

#include <gtest/gtest.h>

namespace vagga::runtime::build {
namespace {

plan::BuildPlan sample() {
    plan::BuildPlan p;
    p.project_root = "/home/u/proj";
    p.root_dir = "/home/u/proj/.vagga/.roots/.tmp.app.1234/root";
    p.cache_dir = "/var/cache/vagga";
    p.timings_log = "/home/u/proj/.vagga/.roots/.tmp.app.1234/timings.log";
    plan::BuildStep s;
    s.ops.emplace_back(plan::BuildCopyRoot{"base", "/srv/storage/.roots/base.abcd/root", {}});
    plan::BuildCopy copy;
    copy.host_source = "/home/u/proj/src";
    copy.source_root = "/home/u/proj";
    s.ops.emplace_back(copy);
    plan::BuildUnpack unpack;
    unpack.source.host_path = "/mnt/vol/pkgs/x.tar.gz";
    unpack.source.host_root = "/mnt/vol";
    s.ops.emplace_back(unpack);
    plan::BuildFromContainer from;
    from.host_source = "/srv/storage/.roots/base.abcd/root/usr/bin/tool";
    from.source_root = "/srv/storage/.roots/base.abcd/root";
    s.ops.emplace_back(from);
    p.steps.push_back(s);
    return p;
}

TEST(BuildRoot, MapHasEachNeededFolderOnce) {
    auto map = build_root_map(sample());
    using F = std::pair<std::string, std::string>;
    EXPECT_EQ(map.folders, (std::vector<F>{{"/home/u/proj", "/work"},
                                           {"/var/cache/vagga", "/vagga/cache"},
                                           {"/srv/storage/.roots/base.abcd/root", "/vagga/roots/0"},
                                           {"/mnt/vol", "/vagga/volumes/0"}}));
    EXPECT_EQ(map.read_only, (std::vector<bool>{false, false, true, true}));
}

TEST(BuildRoot, RelocateRewritesEveryHostPath) {
    auto p = sample();
    auto r = relocate(p, build_root_map(p));
    ASSERT_TRUE(r.ok()) << r.error->message();
    const auto& q = r.value;
    EXPECT_EQ(q.root_dir, "/work/.vagga/.roots/.tmp.app.1234/root");
    EXPECT_EQ(q.project_root, "/work");
    EXPECT_EQ(q.cache_dir, "/vagga/cache");
    EXPECT_EQ(q.timings_log, "/work/.vagga/.roots/.tmp.app.1234/timings.log");
    const auto& ops = q.steps[0].ops;
    EXPECT_EQ(std::get<plan::BuildCopyRoot>(ops[0]).host_root, "/vagga/roots/0");
    EXPECT_EQ(std::get<plan::BuildCopy>(ops[1]).host_source, "/work/src");
    EXPECT_EQ(std::get<plan::BuildCopy>(ops[1]).source_root, "/work");
    EXPECT_EQ(std::get<plan::BuildUnpack>(ops[2]).source.host_path,
              "/vagga/volumes/0/pkgs/x.tar.gz");
    EXPECT_EQ(std::get<plan::BuildFromContainer>(ops[3]).host_source,
              "/vagga/roots/0/usr/bin/tool");
}

TEST(BuildRoot, StorageOutsideTheProjectGetsItsOwnFolder) {
    auto p = sample();
    p.root_dir = "/srv/storage/.roots/.tmp.app.1234/root";
    auto map = build_root_map(p);
    EXPECT_EQ(map.inside(p.root_dir), "/vagga/container/root");
    // A folder name that only starts like another is not inside it.
    EXPECT_EQ(map.inside("/home/u/project2/x"), std::nullopt);
}

TEST(BuildRoot, PathOutsideEveryFolderIsRefused) {
    auto p = sample();
    BuildRootMap map;
    map.folders = {{"/home/u/proj", "/work"}};
    map.read_only = {false};
    auto r = relocate(p, map);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error->message().find("is in no folder the build is given"), std::string::npos)
        << r.error->message();
}

} // namespace
} // namespace vagga::runtime::build
