// `!Debian bookworm` + `!Install [python3-minimal]`, then `python3 -c` in
// the container: a real distribution from the Debian mirror the host's apt
// uses; and the Ubuntu steps against a mirror and an image served on
// loopback. Labelled "network"; skipped (never passed) when the mirror
// cannot be reached. Run as the invoking user and as the unprivileged test
// user.
#include "runtime/build/sha256.h"
#include "tests/runtime/build/fetch/test_util.h"
#include "tests/system/buildcycle/network_util.h"
#include "tests/system/buildcycle/project.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

namespace vagga::test {
namespace {

TEST(Debian, BookwormWithPython) {
    if (auto why = debian_skip())
        GTEST_SKIP() << *why;
    Project p;
    p.write("vagga.yaml",
            "containers:\n"
            "  py:\n"
            "    setup:\n"
            "    - !Debian bookworm\n"
            "    - !Install [python3-minimal]\n"
            "commands:\n"
            "  py: !Command\n"
            "    container: py\n"
            "    run: [python3, -c, 'import sys; print(sys.version_info[:2], 6*7)']\n");
    Output r = p.vagga({"py"}, 900);
    ASSERT_FALSE(r.timed_out) << r.err;
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "(3, 11) 42\n");
    EXPECT_TRUE(p.exists(".vagga/.roots/py." + p.linked_version("py") + "/debian-packages.txt"));
    // dpkg ran without an fsync per file, as in the original.
    EXPECT_EQ(p.read(".vagga/py/etc/dpkg/dpkg.cfg.d/02vagga"), "force-unsafe-io\n");
    // apt's lists are kept in the cache for the next build, not in the image.
    bool kept_lists = false;
    for (const auto& e :
         std::filesystem::directory_iterator(p.dir() + "/.vagga/.cache/apt-lists-bookworm"))
        kept_lists =
            kept_lists || e.path().filename().string().find("_Packages") != std::string::npos;
    EXPECT_TRUE(kept_lists);
    // Up to date now: the second run builds nothing.
    Output again = p.vagga({"py"}, 60);
    EXPECT_EQ(again.code, 0) << again.err;
    EXPECT_EQ(again.err, "");
    // A changed last step rebuilds from the bootstrap kept in the cache,
    // not from the mirror again.
    std::string config = p.read("vagga.yaml");
    config.replace(config.find("    - !Install [python3-minimal]\n"), 0,
                   "    - !Sh echo changed >/changed\n");
    p.write("vagga.yaml", config);
    Output rebuilt = p.vagga({"py"}, 900);
    ASSERT_EQ(rebuilt.code, 0) << rebuilt.err;
    EXPECT_EQ(rebuilt.out, "(3, 11) 42\n");
    EXPECT_NE(rebuilt.err.find("Debian bookworm from the cache"), std::string::npos) << rebuilt.err;
    // ... and apt found the package lists of the build before up to date:
    // it fetched the Release file again, but not the lists.
    EXPECT_EQ(rebuilt.err.find(" Packages ["), std::string::npos) << rebuilt.err;
    EXPECT_EQ(p.read(".vagga/py/changed"), "changed\n");

    // Build-only packages, then a last step that changes: the rebuild runs
    // only that step on the root kept before it, and its finish still
    // removes the build-only package the kept steps installed.
    auto with_last = [&](const std::string& word) {
        p.write("vagga.yaml", config.substr(0, config.find("commands:")) +
                                  "    - !BuildDeps [file]\n"
                                  "    - !Sh 'file --version >/dev/null && echo " +
                                  word + " >/last'\n" + config.substr(config.find("commands:")));
    };
    with_last("one");
    Output first = p.vagga({"py"}, 900);
    ASSERT_EQ(first.code, 0) << first.err;
    EXPECT_EQ(p.read(".vagga/py/last"), "one\n");
    EXPECT_FALSE(p.exists(".vagga/py/usr/bin/file"));
    EXPECT_TRUE(p.exists(".vagga/.roots/.steps.py/root/usr/bin/file"));
    with_last("two");
    Output second = p.vagga({"py"}, 900);
    ASSERT_EQ(second.code, 0) << second.err;
    EXPECT_EQ(second.out, "(3, 11) 42\n");
    EXPECT_NE(second.err.find("[1-4/5] unchanged"), std::string::npos) << second.err;
    EXPECT_EQ(second.err.find("Debian bookworm from the cache"), std::string::npos) << second.err;
    EXPECT_EQ(p.read(".vagga/py/last"), "two\n");
    EXPECT_EQ(p.read(".vagga/py/changed"), "changed\n");
    EXPECT_FALSE(p.exists(".vagga/py/usr/bin/file")) << "the finish removes the build-only package";
}

// The Ubuntu steps end to end against a mirror and a core image the test
// serves on loopback (no Ubuntu mirror is reachable from here): the image
// is a Debian root that vagga builds and packs, with apt told to take the
// test's unsigned repository; the mirror holds two packages of the test's.
// `!UbuntuRelease` with its image `url`, `ubuntu-mirror`, `!UbuntuUniverse`,
// `!BuildDeps` (removed at the finish), `!Install`, a command in the image.
TEST(Debian, UbuntuStepsAgainstALoopbackMirror) {
    if (auto why = debian_skip())
        GTEST_SKIP() << *why;
    Project p;
    // libeatmydata1's stand-in notes each process it is preloaded into.
    std::string preload = shared_library(p.dir(), R"(#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void seen(void) {
    char name[32];
    int f = open("/proc/self/comm", O_RDONLY);
    ssize_t n = f < 0 ? 0 : read(f, name, sizeof name);
    int out = open("/var/log/eatmydata-seen", O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (out >= 0 && n > 0)
        (void)!write(out, name, (size_t)n);
}
)");
    auto files = loopback_ubuntu(
        p, "",
        {{"vagga-hello", "echo hello from the loopback mirror"}, {"vagga-tool", "echo tool"}},
        {{"libeatmydata1", {{"usr/lib/x86_64-linux-gnu/libeatmydata.so", preload}}}});
    testing::HttpServer server(files);

    p.write(".home/.vagga.yaml", "ubuntu-mirror: " + server.url("/ubuntu/") + "\n");
    p.write("vagga.yaml", "containers:\n"
                          "  u:\n"
                          "    setup:\n"
                          "    - !UbuntuRelease {codename: xenial, url: \"" +
                              server.url("/core.tar.gz") +
                              "\"}\n"
                              "    - !UbuntuUniverse\n"
                              "    - !BuildDeps [vagga-tool]\n"
                              "    - !Install [vagga-hello]\n"
                              "    - !Sh 'vagga-tool && vagga-hello > /hello'\n"
                              "commands:\n"
                              "  hello: !Command\n"
                              "    container: u\n"
                              "    run: [vagga-hello]\n");
    Output r = p.vagga({"hello"}, 900);
    ASSERT_FALSE(r.timed_out) << r.err;
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "hello from the loopback mirror\n");
    EXPECT_EQ(p.read(".vagga/u/hello"), "hello from the loopback mirror\n");
    EXPECT_FALSE(p.exists(".vagga/u/usr/bin/vagga-tool")) << "a build-only package stays";
    std::string sources = p.read(".vagga/u/etc/apt/sources.list");
    EXPECT_NE(sources.find("deb " + server.url("/ubuntu/") + " xenial main restricted"),
              std::string::npos)
        << sources;
    EXPECT_NE(p.read(".vagga/u/etc/apt/sources.list.d/universe.list").find(" xenial universe"),
              std::string::npos);
    EXPECT_NE(p.read(".vagga/.roots/u." + p.linked_version("u") + "/debian-packages.txt")
                  .find("vagga-hello"),
              std::string::npos);
    // eatmydata (on by default): installed before the first install, then
    // preloaded into apt-get and the dpkg it runs, not into other commands.
    EXPECT_NE(r.err.find("Eatmydata activated: /usr/lib/x86_64-linux-gnu/libeatmydata.so"),
              std::string::npos)
        << r.err;
    std::string seen = p.read(".vagga/u/var/log/eatmydata-seen");
    EXPECT_NE(seen.find("apt-get\n"), std::string::npos) << seen;
    EXPECT_NE(seen.find("dpkg\n"), std::string::npos) << seen;
    EXPECT_EQ(seen.find("vagga-tool\n"), std::string::npos) << seen;
}

// Python on an Ubuntu root: !PipConfig's index, the features from the
// mirror (already in the image, so apt installs nothing), get-pip.py (the
// real one is on bootstrap.pypa.io, which no test reaches: a stand-in that
// puts the image's pip in --target is put in the download cache under the
// name the builder looks for) and pip from an index served on loopback.
TEST(Debian, UbuntuPipAgainstLoopbackServers) {
    if (auto why = debian_skip())
        GTEST_SKIP() << *why;
    Project p;
    auto files = loopback_ubuntu(
        p,
        "    - !Install [build-essential, ca-certificates, python3-dev, python3-pip]\n"
        "    - !Sh rm /usr/lib/python3.11/EXTERNALLY-MANAGED\n",
        {});
    std::string whl = wheel(p.dir(), "tinypkg", "X = 'tiny on ubuntu'\n");
    files["/simple/tinypkg/"] = "<a href=\"/files/" + whl + "\">" + whl + "</a>\n";
    files["/files/" + whl] = p.read(whl);
    testing::HttpServer server(files);
    p.write(".vagga/.cache/downloads/" +
                runtime::build::sha256_hex("https://bootstrap.pypa.io/pip/3.11/get-pip.py")
                    .substr(0, 8) +
                "-get-pip.py",
            "import os, shutil, sys, pip\n"
            "target = [a[9:] for a in sys.argv if a.startswith('--target=')][0]\n"
            "shutil.copytree(os.path.dirname(pip.__file__), os.path.join(target, 'pip'))\n");
    p.write(".home/.vagga.yaml", "ubuntu-mirror: " + server.url("/ubuntu/") + "\n");
    p.write("vagga.yaml", "containers:\n"
                          "  u:\n"
                          "    setup:\n"
                          "    - !UbuntuRelease {codename: xenial, url: \"" +
                              server.url("/core.tar.gz") + "\"}\n" +
                              "    - !PipConfig {index-urls: [\"" + server.url("/simple/") +
                              "\"]}\n"
                              "    - !Py3Install [tinypkg]\n"
                              "commands:\n"
                              "  py: !Command\n"
                              "    container: u\n"
                              "    run: [python3, -c, 'import tinypkg; print(tinypkg.X)']\n");
    Output r = p.vagga({"py"}, 900);
    ASSERT_FALSE(r.timed_out) << r.err;
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "tiny on ubuntu\n");
    EXPECT_NE(p.read(".vagga/u/etc/apt/sources.list.d/universe.list").find(" xenial universe"),
              std::string::npos);
    std::string freeze = p.read(".vagga/.roots/u." + p.linked_version("u") + "/pip3-freeze.txt");
    EXPECT_NE(freeze.find("tinypkg==1.0"), std::string::npos) << freeze;
}

} // namespace
} // namespace vagga::test
