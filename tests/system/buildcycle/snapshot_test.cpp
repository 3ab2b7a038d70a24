// The kept root after the unchanged steps (runtime/build/snapshot.h): a
// rebuild after a change of the last step runs only that step, on the root
// the earlier steps left, and gives the same image a cold build would.
// Through the real binaries, as the invoking user and as `vaggatest`.
#include "tests/system/buildcycle/project.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <string>

namespace vagga::test {
namespace {

// /first holds a fresh uuid each time its step runs. The last step
// changes a file of the earlier ones, removes a folder and a file, makes a
// folder and reads the environment an earlier step set.
std::string config(const std::string& word, const std::string& first_extra = "") {
    return R"(containers:
  app:
    setup:
    - !Tar {url: ./root.tar.gz}
    - !Sh 'mkdir -p /d/sub /gone && echo lower > /d/file && touch /gone/x /old && mkfifo /fifo && cat /proc/sys/kernel/random/uuid > /first)" +
           first_extra + R"('
    - !Env {STEP_ENV: kept}
    - !Remove /d/sub
    - !Sh 'echo )" +
           word +
           R"( > /stamp; echo changed >> /d/file; rm -r /gone /old; mkdir /d/new /d/sub; echo $STEP_ENV > /env'
)";
}

class Snapshot : public ::testing::Test {
  protected:
    void SetUp() override {
        p.add_busybox_tarball();
        p.write("vagga.yaml", config("one"));
    }
    Output build(const std::vector<std::string>& extra = {}) {
        std::vector<std::string> args{"_build", "app"};
        args.insert(args.end(), extra.begin(), extra.end());
        return p.vagga(args, 240);
    }
    // The image the last build made, as the tests look at it.
    void expect_image(const std::string& stamp) {
        EXPECT_EQ(p.read(".vagga/app/stamp"), stamp + "\n");
        EXPECT_EQ(p.read(".vagga/app/d/file"), "lower\nchanged\n");
        EXPECT_EQ(p.read(".vagga/app/env"), "kept\n");
        EXPECT_FALSE(p.exists(".vagga/app/gone"));
        EXPECT_FALSE(p.exists(".vagga/app/old"));
        EXPECT_FALSE(p.exists(".vagga/app/d/sub")) << "!Remove again at the finish";
        EXPECT_TRUE(p.exists(".vagga/app/d/new"));
        struct stat st {};
        ASSERT_EQ(lstat((p.dir() + "/.vagga/app/fifo").c_str(), &st), 0);
        EXPECT_TRUE(S_ISFIFO(st.st_mode));
        ASSERT_EQ(lstat((p.dir() + "/.vagga/app/tmp").c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 07777, 01777u);
        EXPECT_EQ(p.read(".vagga/app/etc/resolv.conf"), "");
    }
    Project p;
};

TEST_F(Snapshot, RebuildAfterALastStepChangeRunsOnlyThatStep) {
    Output r = build();
    ASSERT_EQ(r.code, 0) << r.err;
    expect_image("one");
    const std::string first = p.read(".vagga/app/first");
    const std::string v1 = p.linked_version("app");
    // The kept root is the root before the last step: untouched by it.
    const std::string kept = ".vagga/.roots/.steps.app/root/";
    EXPECT_EQ(p.read(kept + "d/file"), "lower\n");
    EXPECT_TRUE(p.exists(kept + "gone/x"));
    EXPECT_FALSE(p.exists(kept + "stamp"));
    EXPECT_FALSE(p.exists(".vagga/.roots/.tmp.app." + v1)) << "nothing left in the build folder";

    p.write("vagga.yaml", config("two"));
    r = build();
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("[1-4/5] unchanged"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("[1/5]"), std::string::npos) << "the first steps ran again:\n" << r.err;
    EXPECT_NE(p.linked_version("app"), v1);
    expect_image("two");
    EXPECT_EQ(p.read(".vagga/app/first"), first);
    // Neither the kept root nor the first version changed.
    EXPECT_EQ(p.read(kept + "d/file"), "lower\n");
    EXPECT_TRUE(p.exists(kept + "gone/x"));
    EXPECT_EQ(p.read(".vagga/.roots/app." + v1 + "/root/stamp"), "one\n");
    EXPECT_EQ(p.read(".vagga/.roots/app." + v1 + "/root/d/file"), "lower\nchanged\n");
}

TEST_F(Snapshot, ForceAndEarlierChangesBuildFromNothing) {
    ASSERT_EQ(build().code, 0);
    const std::string first = p.read(".vagga/app/first");
    Output r = build({"--force"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err.find("unchanged"), std::string::npos) << r.err;
    EXPECT_NE(p.read(".vagga/app/first"), first);
    expect_image("one");

    // A change before the last step: its own kept root is made again.
    const std::string forced = p.read(".vagga/app/first");
    p.write("vagga.yaml", config("one", " && echo more > /more"));
    r = build();
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err.find("unchanged"), std::string::npos) << r.err;
    EXPECT_NE(p.read(".vagga/app/first"), forced);
    EXPECT_EQ(p.read(".vagga/app/more"), "more\n");
    expect_image("one");
    EXPECT_EQ(p.read(".vagga/.roots/.steps.app/root/more"), "more\n");
}

TEST_F(Snapshot, AFailedLastStepKeepsTheRootForTheNextTry) {
    p.write("vagga.yaml", config("one; exit 3"));
    Output r = build();
    ASSERT_NE(r.code, 0);
    const std::string first = p.read(".vagga/.roots/.steps.app/root/first");
    EXPECT_FALSE(first.empty());
    p.write("vagga.yaml", config("fixed"));
    r = build();
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("unchanged"), std::string::npos) << r.err;
    EXPECT_EQ(p.read(".vagga/app/first"), first);
    expect_image("fixed");
}

TEST_F(Snapshot, CleanUnusedRemovesTheKeptRoot) {
    ASSERT_EQ(build().code, 0);
    ASSERT_TRUE(p.exists(".vagga/.roots/.steps.app/key"));
    Output r = p.vagga({"_clean", "--unused"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_FALSE(p.exists(".vagga/.roots/.steps.app"));
    EXPECT_TRUE(p.exists(".vagga/app/stamp")) << "the current version stays";
}

} // namespace
} // namespace vagga::test
