#include "compiler/hash/project_files.h"
#include "tests/support/fake_file_system.h"

#include <gtest/gtest.h>

namespace vagga::hash {
namespace {

using namespace std::string_literals;
using test::FakeFileSystem;

struct Fixture {
    FakeFileSystem fs;
    PathMap paths{"/p", "/p/.vagga"};
    ProjectFiles pf{fs, paths, nullptr};
    Fixture() { fs.dir("/p"); }
};

TEST(Requirements, NestedIncludesAndTrimming) {
    Fixture f;
    f.fs.dir("/p/req");
    f.fs.file("/p/req/main.txt", "# comment\n  flask==1.0 \r\n\n-r base.txt\n--constraint=c.txt\n");
    f.fs.file("/p/req/base.txt", "six\n");
    f.fs.file("/p/req/c.txt", "  \u00a0attrs\u00a0\n");
    Digest d({false, true});
    Outcome o = hash_requirements(f.pf, d, "req/main.txt");
    ASSERT_TRUE(o.is_ok()) << o.message;
    EXPECT_EQ(d.dump(), "line\0flask==1.0\0line\0six\0line\0attrs\0"s);
}

TEST(Requirements, CycleIsAnError) {
    Fixture f;
    f.fs.file("/p/a.txt", "-r b.txt\n");
    f.fs.file("/p/b.txt", "-r a.txt\n");
    Digest d;
    EXPECT_EQ(hash_requirements(f.pf, d, "a.txt").status, Status::Error);
}

TEST(Npm, SectionsSortedAndNameAsTitle) {
    Fixture f;
    f.fs.file("/p/package.json", R"({"dependencies": {"b": "1", "a": "^2"},
        "devDependencies": {"c": {"x": 1}}, "peerDependencies": {"p": "1"},
        "bundleDependencies": {"z": "3"}})");
    Digest d({false, true});
    ASSERT_TRUE(hash_npm_dependencies(f.pf, d, "package.json", NpmSections{}).is_ok());
    EXPECT_EQ(d.dump(), "a\0^2\0b\0"
                        "1\0c\0*\0z\0"
                        "3\0"s);
}

TEST(Yarn, NeedsLockWithEveryDependency) {
    Fixture f;
    f.fs.file("/p/package.json", R"({"dependencies": {"left-pad": "^1.1.3"}})");
    Digest d;
    EXPECT_EQ(hash_yarn_dependencies(f.pf, d, ".", false, false).status, Status::NotReady);
    f.fs.file("/p/yarn.lock", "# yarn\n\nother@^1:\n  version \"1\"\n");
    Digest d2;
    EXPECT_EQ(hash_yarn_dependencies(f.pf, d2, ".", false, false).status, Status::NotReady);
    std::string lock = "\"left-pad@^1.1.3\", left-pad@^1.0:\n  version \"1.1.3\"\n";
    f.fs.file("/p/yarn.lock", lock);
    Digest d3({false, true});
    ASSERT_TRUE(hash_yarn_dependencies(f.pf, d3, ".", true, false).is_ok());
    EXPECT_EQ(d3.dump(), "production\0true\0left-pad\0^1.1.3\0"s + lock);
}

TEST(Yarn, LockPatterns) {
    EXPECT_EQ(yarn_lock_patterns("babel-core@^6.24.1, babel-core@^6.25.0:\n"
                                 "\"@types/node@^6.0.46\":\n  dep:\n#x:\n"),
              (std::vector<std::string>{"babel-core@^6.24.1", "babel-core@^6.25.0",
                                        "@types/node@^6.0.46"}));
}

TEST(Gem, HashesGemfileTwiceWhenLockExists) {
    Fixture f;
    f.fs.file("/p/Gemfile", "source 'x'\n\n# c\ngem 'rake'\n");
    Digest d({false, true});
    ASSERT_TRUE(hash_gem_bundle(f.pf, d, "Gemfile", {}, std::nullopt).is_ok());
    EXPECT_EQ(d.dump(), "gemfile\0Gemfile\0line\0source 'x'\0line\0gem 'rake'\0"s);
    f.fs.file("/p/Gemfile.lock", "LOCK");
    Digest d2({false, true});
    ASSERT_TRUE(hash_gem_bundle(f.pf, d2, "Gemfile", {"dev"}, "HighSecurity").is_ok());
    EXPECT_EQ(d2.dump(), "gemfile\0Gemfile\0source 'x'\n\n# c\ngem 'rake'\n"
                         "line\0source 'x'\0line\0gem 'rake'\0without\0dev\0"
                         "trust_policy\0HighSecurity\0"s);
}

TEST(Composer, LockThenJsonWithAutoloadDevQuirk) {
    Fixture f;
    f.fs.file("/p/composer.json",
              R"({"require": {"php": ">=5"}, "autoload-dev": {"psr-4": {"T\\": "t/"}}})");
    f.fs.file("/p/composer.lock", R"({"packages": [{"name": "a/b", "version": "1.0"}]})");
    Digest d({false, true});
    ASSERT_TRUE(hash_composer_dependencies(f.pf, d, std::nullopt).is_ok());
    EXPECT_EQ(d.dump(), "name\0\"a/b\"\0version\0\"1.0\"\0source\0null\0dist\0null\0"
                        "extra\0null\0autoload\0null\0require\0null\0require-dev\0null\0"
                        "require\0{\"php\":\">=5\"}\0conflict\0null\0replace\0null\0"
                        "provide\0null\0autoload\0null\0repositories\0null\0"
                        "minimum-stability\0null\0prefer-stable\0null\0"
                        "require-dev\0{\"psr-4\":{\"T\\\\\":\"t/\"}}\0"s);
}

class FakeGit final : public Git {
  public:
    Result result = Result::Ok;
    Result describe(const std::string& dir, const std::optional<std::string>& pattern,
                    std::string& out, std::string&) override {
        out = "v1.0-3-gabcdef1";
        seen_dir = dir;
        seen_pattern = pattern;
        return result;
    }
    std::string seen_dir;
    std::optional<std::string> seen_pattern;
};

TEST(GitDescribe, FieldsAndNotReady) {
    Fixture f;
    FakeGit git;
    f.pf.git = &git;
    Digest d({false, true});
    ASSERT_TRUE(
        hash_git_describe(f.pf, d, "/work", std::string("/ver"), std::string("v*")).is_ok());
    EXPECT_EQ(d.dump(), "repo\0/work\0output_file\0/ver\0describe\0v1.0-3-gabcdef1\0"s);
    EXPECT_EQ(git.seen_dir, "/p");
    EXPECT_EQ(git.seen_pattern, std::optional<std::string>("v*"));
    git.result = Git::Result::NoRepository;
    Digest d2;
    EXPECT_EQ(hash_git_describe(f.pf, d2, "/work", std::nullopt, std::nullopt).status,
              Status::NotReady);
}

TEST(RustTrim, UnicodeWhitespace) {
    EXPECT_EQ(rust_trim(" \t x y\u3000\r"), "x y");
    EXPECT_EQ(rust_trim("   "), "");
}

} // namespace
} // namespace vagga::hash
