// The host's Debian mirror, from sample apt configurations.
#include "runtime/build/host_apt.h"
#include "tests/runtime/build/fetch/test_util.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

namespace vagga {
namespace {

using runtime::build::host_debian_mirror;
using runtime::build::mirror_from_deb822;
using runtime::build::mirror_from_list;

TEST(HostApt, OneLineFormat) {
    EXPECT_EQ(mirror_from_list(
                  "# comment\n"
                  "deb http://sec.example/debian-security bookworm-security main\n"
                  "deb-src http://src.example/debian bookworm main\n"
                  "deb [arch=amd64 signed-by=/k.gpg] http://m.example/debian/ bookworm main\n"),
              "http://m.example/debian");
    EXPECT_EQ(mirror_from_list("deb http://old.example/debian buster/updates main\n"),
              std::nullopt);
    EXPECT_EQ(mirror_from_list(""), std::nullopt);
}

TEST(HostApt, Deb822) {
    EXPECT_EQ(mirror_from_deb822("Types: deb\n"
                                 "URIs: http://sec.example/debian-security\n"
                                 "Suites: bookworm-security\n"
                                 "Components: main\n"
                                 "\n"
                                 "Types: deb-src deb\n"
                                 "# a comment inside\n"
                                 "URIs: http://m.example/debian\n"
                                 "Suites: bookworm bookworm-updates\n"
                                 "Components: main\n"),
              "http://m.example/debian");
    EXPECT_EQ(
        mirror_from_deb822("Types: deb\nURIs: http://x.example/d\nSuites: bookworm\nEnabled: no\n"),
        std::nullopt);
    EXPECT_EQ(mirror_from_deb822("Types: deb-src\nURIs: http://x.example/d\nSuites: bookworm\n"),
              std::nullopt);
}

TEST(HostApt, Directory) {
    testing::TempDir dir;
    EXPECT_EQ(host_debian_mirror(dir.path()), std::nullopt);
    ::mkdir((dir.path() + "/sources.list.d").c_str(), 0755);
    testing::write_text(dir.path() + "/sources.list.d/b.sources",
                        "Types: deb\nURIs: http://b.example/debian\nSuites: bookworm\n");
    testing::write_text(dir.path() + "/sources.list.d/a.list.disabled",
                        "deb http://disabled.example/debian bookworm main\n");
    EXPECT_EQ(host_debian_mirror(dir.path()), "http://b.example/debian");
    testing::write_text(dir.path() + "/sources.list.d/a.list",
                        "deb http://a.example/debian bookworm main\n");
    EXPECT_EQ(host_debian_mirror(dir.path()), "http://a.example/debian");
    testing::write_text(dir.path() + "/sources.list",
                        "deb http://main.example/debian bookworm main\n");
    EXPECT_EQ(host_debian_mirror(dir.path()), "http://main.example/debian");
}

} // namespace
} // namespace vagga
