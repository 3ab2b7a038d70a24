// fetch() and download() against the test's own HTTP server.
#include "runtime/build/fetch.h"
#include "runtime/build/sha256.h"
#include "tests/runtime/build/fetch/test_util.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cerrno>
#include <filesystem>

namespace vagga {
namespace {

using runtime::build::download;
using runtime::build::fetch;
using runtime::build::sha256_hex;

plan::FetchSource url_source(const std::string& url,
                             std::optional<std::string> sha = std::nullopt) {
    plan::FetchSource s;
    s.url = url;
    s.sha256 = std::move(sha);
    return s;
}

TEST(Fetch, LocalFile) {
    testing::TempDir dir;
    testing::write_text(dir.path() + "/x", "local");
    auto ctx = testing::make_context(dir.path(), dir.path() + "/cache");
    plan::FetchSource s;
    s.url = "./x";
    s.host_path = dir.path() + "/x";
    auto r = fetch(ctx, s, {});
    ASSERT_TRUE(r.ok()) << r.error->message();
    // Read through the fd it was opened with (/proc/self/fd/N).
    EXPECT_EQ(testing::read_text(r.value), "local");
    s.host_path = dir.path() + "/missing";
    EXPECT_FALSE(fetch(ctx, s, {}).ok());
}

// `./../x` and a symlink out of the project are refused when the source
// must stay beneath the project (isolation audit P4).
TEST(Fetch, LocalFileStaysBeneathTheProject) {
    testing::TempDir outside;
    testing::write_text(outside.path() + "/secret", "secret");
    testing::TempDir dir;
    std::filesystem::create_directories(dir.path() + "/proj");
    std::filesystem::create_symlink(outside.path() + "/secret", dir.path() + "/proj/link");
    testing::write_text(dir.path() + "/proj/ok", "ok");
    auto ctx = testing::make_context(dir.path(), dir.path() + "/cache");
    plan::FetchSource s;
    s.host_root = dir.path() + "/proj";
    for (const std::string& rel :
         std::vector<std::string>{"/../../" + outside.path() + "/secret", "/link"}) {
        s.url = "." + rel;
        s.host_path = s.host_root + rel;
        auto r = fetch(ctx, s, {});
        ASSERT_FALSE(r.ok()) << rel;
        EXPECT_EQ(r.error->err, EXDEV) << r.error->message();
    }
    s.host_path = s.host_root + "/ok";
    auto r = fetch(ctx, s, {});
    ASSERT_TRUE(r.ok()) << r.error->message();
    EXPECT_EQ(testing::read_text(r.value), "ok");
}

TEST(Fetch, CachedByUrlHashAndReused) {
    testing::HttpServer server(std::map<std::string, std::string>{{"/files/a.tar.gz", "payload"}});
    testing::TempDir dir;
    auto ctx = testing::make_context(dir.path(), dir.path() + "/cache");
    std::string url = server.url("/files/a.tar.gz");
    auto r = fetch(ctx, url_source(url + "?x=1"), {});
    ASSERT_FALSE(r.ok()); // the query is part of the URL: 404
    r = fetch(ctx, url_source(url), {});
    ASSERT_TRUE(r.ok()) << r.error->message();
    EXPECT_EQ(r.value,
              dir.path() + "/cache/downloads/" + sha256_hex(url).substr(0, 8) + "-a.tar.gz");
    EXPECT_EQ(testing::read_text(r.value), "payload");
    EXPECT_FALSE(runtime::sys::exists(r.value + ".part"));
    int before = server.requests();
    auto again = fetch(ctx, url_source(url), {});
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again.value, r.value);
    EXPECT_EQ(server.requests(), before); // served from the cache
}

TEST(Fetch, NamedBySha256AndChecked) {
    testing::HttpServer server(std::map<std::string, std::string>{{"/b.zip", "zipdata"}});
    testing::TempDir dir;
    auto ctx = testing::make_context(dir.path(), dir.path() + "/cache");
    std::string good = sha256_hex("zipdata");
    auto r = fetch(ctx, url_source(server.url("/redirect/b.zip"), good), {});
    ASSERT_TRUE(r.ok()) << r.error->message();
    EXPECT_EQ(r.value, dir.path() + "/cache/downloads/" + good.substr(0, 8) + "-b.zip");

    std::string bad(64, '0');
    auto m = fetch(ctx, url_source(server.url("/b.zip"), bad), {});
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error->message(), "Hashsum mismatch: expected " + bad + " but was " + good);
    EXPECT_FALSE(runtime::sys::exists(dir.path() + "/cache/downloads/00000000-b.zip"));
}

TEST(Fetch, HttpErrorAndBadScheme) {
    testing::HttpServer server(std::map<std::string, std::string>{});
    testing::TempDir dir;
    auto ctx = testing::make_context(dir.path(), dir.path() + "/cache");
    std::string url = server.url("/nothing.tgz");
    auto r = fetch(ctx, url_source(url), source::Span{1, 2, 3});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->message(), "download " + url + ": HTTP status 404");
    EXPECT_EQ(r.error->span.begin, 2u);
    EXPECT_FALSE(runtime::sys::exists(dir.path() + "/cache/downloads/" +
                                      sha256_hex(url).substr(0, 8) + "-nothing.tgz"));
    auto f = fetch(ctx, url_source("ftp://x/y"), {});
    ASSERT_FALSE(f.ok());
    EXPECT_NE(f.error->message().find("only http and https"), std::string::npos);
}

TEST(Fetch, DownloadIntoRootWithMode) {
    testing::HttpServer server(std::map<std::string, std::string>{{"/tool", "#!/bin/sh\n"}});
    testing::TempDir dir;
    ::mkdir((dir.path() + "/root").c_str(), 0755);
    auto ctx = testing::make_context(dir.path() + "/root", dir.path() + "/cache");
    plan::BuildDownload op;
    op.source = url_source(server.url("/tool"));
    op.path = "/usr/local/bin/tool";
    op.mode = 0755;
    ASSERT_EQ(download(ctx, op), std::nullopt);
    struct stat st;
    ASSERT_EQ(::stat((dir.path() + "/root/usr/local/bin/tool").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0755u);
    EXPECT_EQ(testing::read_text(dir.path() + "/root/usr/local/bin/tool"), "#!/bin/sh\n");
}

} // namespace
} // namespace vagga
