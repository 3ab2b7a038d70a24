#include "compiler/hash/tree.h"
#include "tests/support/fake_file_system.h"

#include <gtest/gtest.h>

namespace vagga::hash {
namespace {

using namespace std::string_literals;
using test::FakeFileSystem;

FakeFileSystem sample() {
    FakeFileSystem fs;
    fs.dir("/p/dir");
    fs.file("/p/dir/hello", "Hello\n");
    fs.file("/p/dir/exe.sh", "#!/bin/sh\n", 0755);
    fs.dir("/p/dir/sub");
    fs.file("/p/dir/sub/file", "f\n");
    fs.file("/p/dir/sub-x", "s\n");
    fs.file("/p/dir/sub.txt", "t\n");
    fs.dir("/p/dir/.git");
    fs.file("/p/dir/.git/config", "c\n");
    fs.file("/p/dir/old~", "o\n");
    fs.link("/p/dir/link", "hello");
    return fs;
}

std::vector<std::string> selected(FakeFileSystem& fs, const compat::PathFilter& f) {
    std::vector<std::string> out;
    Outcome o = select_paths(fs, "/p/dir", f, out);
    EXPECT_TRUE(o.is_ok()) << o.message;
    return out;
}

TEST(Tree, DefaultIgnoreAndComponentOrder) {
    auto fs = sample();
    std::string error;
    auto f = compat::create_path_filter({}, std::nullopt, std::nullopt, std::nullopt, error);
    EXPECT_EQ(selected(fs, *f), (std::vector<std::string>{"exe.sh", "hello", "link", "sub",
                                                          "sub/file", "sub-x", "sub.txt"}));
}

TEST(Tree, IncludeRegexAddsAncestors) {
    auto fs = sample();
    std::string error;
    auto f = compat::create_path_filter({}, std::nullopt, std::nullopt, std::string("(^|/)file$"),
                                        error);
    EXPECT_EQ(selected(fs, *f), (std::vector<std::string>{"sub", "sub/file"}));
}

TEST(Tree, GlobRules) {
    auto fs = sample();
    std::string error;
    auto f = compat::create_path_filter({"/hello", "/**/file"}, std::nullopt, std::nullopt,
                                        std::nullopt, error);
    ASSERT_TRUE(f) << error;
    EXPECT_EQ(selected(fs, *f), (std::vector<std::string>{"hello", "sub", "sub/file"}));
    auto g =
        compat::create_path_filter({"/", "!file"}, std::nullopt, std::nullopt, std::nullopt, error);
    ASSERT_TRUE(g) << error;
    // `/` selects files only; `sub` holds nothing selected, so it is absent.
    EXPECT_EQ(selected(fs, *g),
              (std::vector<std::string>{"exe.sh", "hello", "link", "sub-x", "sub.txt"}));
}

TEST(Tree, StreamHasRootFirstAndRawContents) {
    auto fs = sample();
    std::string error;
    auto f = compat::create_path_filter({"/hello", "/link"}, std::nullopt, std::nullopt,
                                        std::nullopt, error);
    ASSERT_TRUE(f) << error;
    Digest d({false, true});
    Outcome o = hash_tree(fs, d, "/work/dir", "/p/dir", *f, [&](Digest& dg, const TreeEntry& e) {
        dg.path("filename", e.name);
        return hash_file_content(fs, dg, e);
    });
    ASSERT_TRUE(o.is_ok()) << o.message;
    EXPECT_EQ(d.dump(), "filename\0/work/dir\0"
                        "filename\0/work/dir/hello\0Hello\n"
                        "filename\0/work/dir/link\0symlink\0hello\0"s);
}

TEST(Tree, MissingRootIsNotReady) {
    FakeFileSystem fs;
    std::string error;
    auto f = compat::create_path_filter({}, std::nullopt, std::nullopt, std::nullopt, error);
    Digest d;
    Outcome o = hash_tree(fs, d, "/work/x", "/p/x", *f,
                          [](Digest&, const TreeEntry&) { return Outcome::ok(); });
    EXPECT_EQ(o.status, Status::NotReady);
}

TEST(Tree, NonUtf8NameIsAnError) {
    FakeFileSystem fs;
    fs.dir("/p/d");
    fs.file("/p/d/\xff", "x");
    std::string error;
    auto f = compat::create_path_filter({}, std::nullopt, std::nullopt, std::nullopt, error);
    std::vector<std::string> out;
    EXPECT_EQ(select_paths(fs, "/p/d", *f, out).status, Status::Error);
}

} // namespace
} // namespace vagga::hash
