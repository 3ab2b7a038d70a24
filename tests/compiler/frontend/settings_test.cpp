// project settings: file order and merging, global-only vs project-local
// keys, site-settings, VAGGA_SETTINGS (config.md §1.4-1.7).
#include "compiler/project/settings.h"

#include "helpers.h"

namespace vagga::testing {
namespace {

namespace fs = std::filesystem;
using Codes = std::vector<std::string>;

struct Read {
    source::SourceManager sm;
    source::RealFileSystem fs;
    diag::Diagnostics diags;
    project::Settings s;
    Read(const fs::path& root, std::optional<fs::path> home, std::optional<std::string> env = {}) {
        s = project::read_settings({sm, fs, diags}, root, {std::move(home), std::move(env)});
    }
    Codes codes() const { return summary(sm, diags); }
};

TEST(Settings, DefaultsWhenNoFiles) {
    TempDir home, root;
    Read r(root.path(), home.path());
    EXPECT_EQ(r.codes(), Codes{});
    EXPECT_TRUE(r.s.version_check);
    EXPECT_TRUE(r.s.proxy_env_vars);
    EXPECT_FALSE(r.s.shared_cache);
    // The original's public mirrors (config.md §2).
    EXPECT_EQ(r.s.ubuntu_mirror, "mirror://mirrors.ubuntu.com/mirrors.txt");
    EXPECT_EQ(r.s.alpine_mirror, "http://dl-cdn.alpinelinux.org/alpine/");
    EXPECT_TRUE(r.s.run_symlinks_as_commands);
    EXPECT_FALSE(r.s.storage_dir);
}

TEST(Settings, AllFilesReadInOrderLaterWins) {
    TempDir home, root;
    home.write(".config/vagga/settings.yaml",
               "alpine-mirror: one\nubuntu-mirror: one\nenviron: {A: 1, B: 1}\n"
               "propagate-environ: [X_*]\nbuild-lock-wait: true\n");
    home.write(".vagga/settings.yaml", "alpine-mirror: two\nenviron: {B: 2}\n"
                                       "propagate-environ: [Y_*, X_*]\n");
    home.write(".vagga.yaml", "alpine-mirror: three\nubuntu-mirror: three\n");
    Read r(root.path(), home.path(), "alpine-mirror: env\nenviron: {C: env}\n");
    ASSERT_EQ(r.codes(), Codes{});
    EXPECT_EQ(r.s.alpine_mirror, "env");
    EXPECT_EQ(r.s.ubuntu_mirror, "three");
    EXPECT_EQ(r.s.environ,
              (std::map<std::string, std::string>{{"A", "1"}, {"B", "2"}, {"C", "env"}}));
    EXPECT_EQ(r.s.propagate_environ, (std::vector<std::string>{"X_*", "Y_*"}));
    EXPECT_TRUE(r.s.build_lock_wait);

    root.write(".vagga.settings.yaml", "alpine-mirror: local5\nenviron: {A: local}\n");
    root.write(".vagga/settings.yaml", "alpine-mirror: local6\nshared-cache: true\n");
    Read l(root.path(), home.path(), "alpine-mirror: env\n");
    ASSERT_EQ(l.codes(), Codes{});
    EXPECT_EQ(l.s.alpine_mirror, "local6");
    EXPECT_EQ(l.s.environ.at("A"), "local");
    EXPECT_TRUE(l.s.shared_cache);
}

TEST(Settings, NoHomeSkipsUserFiles) {
    TempDir home, root;
    home.write(".vagga.yaml", "alpine-mirror: home\n");
    Read r(root.path(), std::nullopt);
    EXPECT_EQ(r.s.alpine_mirror, project::kDefaultAlpineMirror);
}

TEST(Settings, TildeAndCacheDir) {
    TempDir home, root;
    home.write(".vagga.yaml", "storage-dir: ~/storage\ncache-dir: ~/cache\n");
    Read r(root.path(), home.path());
    ASSERT_EQ(r.codes(), Codes{});
    EXPECT_EQ(r.s.storage_dir, (home / "storage").string());
    EXPECT_EQ(r.s.cache_dir, (home / "cache").string());
    EXPECT_TRUE(r.s.shared_cache); // setting cache-dir turns shared-cache on
}

TEST(Settings, ProjectLocalKeysRejectedInGlobalFiles) {
    TempDir home, root;
    home.write(".vagga.yaml", "shared-cache: true\n");
    Read r(root.path(), home.path());
    EXPECT_EQ(r.codes(), Codes{"settings-error@1:1"});
}

TEST(Settings, GlobalOnlyKeysRejectedInProjectFiles) {
    for (const char* key :
         {"build-lock-wait: true", "index-all-images: true", "hard-link-identical-files: true",
          "hard-link-between-projects: true", "storage-dir: /x"}) {
        TempDir root;
        root.write(".vagga.settings.yaml", std::string(key) + "\n");
        Read r(root.path(), std::nullopt);
        EXPECT_EQ(r.codes(), Codes{"settings-error@1:1"}) << key;
        EXPECT_NE(r.diags.list().at(0).message.find("[unknown-key]"), std::string::npos);
    }
}

TEST(Settings, ProjectLocalAcceptedButNeverApplied) {
    TempDir root;
    root.write(".vagga/settings.yaml", "versioned-build-dir: true\ndisable-auto-clean: true\n"
                                       "version-check: false\n");
    Read r(root.path(), std::nullopt);
    ASSERT_EQ(r.codes(), Codes{});
    EXPECT_FALSE(r.s.versioned_build_dir);
    EXPECT_FALSE(r.s.disable_auto_clean);
    EXPECT_FALSE(r.s.version_check);
}

TEST(Settings, SiteSettings) {
    TempDir home, root, other;
    home.write(".vagga.yaml",
               "alpine-mirror: global\nproxy-env-vars: true\nsite-settings:\n"
               "  " +
                   root.path() +
                   "/:\n"
                   "    alpine-mirror: site\n    storage-dir: ~/raw\n    proxy-env-vars: false\n"
                   "    propagate-environ: [SITE_*]\n    environ: {S: 1}\n"
                   "  " +
                   other.path() + ":\n    alpine-mirror: other\n");
    Read r(root.path(), home.path());
    ASSERT_EQ(r.codes(), Codes{});
    EXPECT_EQ(r.s.alpine_mirror, "site");
    EXPECT_EQ(r.s.storage_dir, std::optional<std::string>("~/raw")); // no tilde expansion
    EXPECT_TRUE(r.s.proxy_env_vars);                                 // ignored inside site-settings
    EXPECT_TRUE(r.s.propagate_environ.empty());                      // ignored inside site-settings
    EXPECT_EQ(r.s.environ.at("S"), "1");
}

TEST(Settings, SiteSettingsCannotNest) {
    TempDir home, root;
    home.write(".vagga.yaml", "site-settings:\n  /x:\n    site-settings: {}\n");
    Read r(root.path(), home.path());
    EXPECT_EQ(r.codes(), Codes{"settings-error@3:5"});
}

TEST(Settings, VaggaSettingsJsonWithSnakeCaseAndNulls) {
    TempDir root;
    Read r(root.path(), std::nullopt,
           R"({"version_check":false,"proxy_env_vars":true,"ubuntu_mirror":"http://m/",)"
           R"("alpine_mirror":null,"build_lock_wait":true,"environ":{"A":"b"},)"
           R"("index_all_images":false,"run_symlinks_as_commands":false})");
    ASSERT_EQ(r.codes(), Codes{});
    EXPECT_FALSE(r.s.version_check);
    EXPECT_EQ(r.s.ubuntu_mirror, "http://m/");
    EXPECT_EQ(r.s.alpine_mirror, project::kDefaultAlpineMirror); // null: the default
    EXPECT_TRUE(r.s.build_lock_wait);
    EXPECT_EQ(r.s.environ.at("A"), "b");
    EXPECT_FALSE(r.s.run_symlinks_as_commands);
}

TEST(Settings, VaggaSettingsErrorsNameTheEnvSource) {
    TempDir root;
    Read r(root.path(), std::nullopt, "version-check: maybe\n");
    ASSERT_EQ(r.codes(), Codes{"settings-error@1:16"});
    EXPECT_EQ(r.sm.file(r.diags.list()[0].span.file).display, "<env:VAGGA_SETTINGS>");
}

TEST(Settings, IncludesAreNotAvailable) {
    TempDir root;
    root.write("x.yaml", "{}\n");
    root.write(".vagga.settings.yaml", "environ: !*Include x.yaml\n");
    Read r(root.path(), std::nullopt);
    ASSERT_EQ(r.diags.error_count(), 1u);
    EXPECT_EQ(r.diags.list()[0].code, diag::Code::SettingsError);
}

} // namespace
} // namespace vagga::testing
