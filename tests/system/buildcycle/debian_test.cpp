// `!Debian bookworm` + `!Install [python3-minimal]`, then `python3 -c` in
// the container: a real distribution from the Debian mirror the host's apt
// uses. Labelled "network"; skipped (never passed) when the mirror cannot
// be reached. Run as the invoking user and as the unprivileged test user.
#include "runtime/build/host_apt.h"
#include "tests/common/reachable.h"
#include "tests/system/buildcycle/project.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace vagga::test {
namespace {

TEST(Debian, BookwormWithPython) {
    auto mirror = runtime::build::host_debian_mirror();
    if (!mirror)
        GTEST_SKIP() << "the host's apt names no Debian mirror";
    if (!reachable(*mirror + "/dists/bookworm/Release"))
        GTEST_SKIP() << "the host's Debian mirror is not reachable: " << *mirror;
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

} // namespace
} // namespace vagga::test
