// lower_build for the language-package steps and !SubConfig: the packages,
// bootstraps, caches and commands each becomes on each distribution, the
// package lists at the end, and their located errors.
#include "tests/compiler/lower/build/lowered.h"

#include <gtest/gtest.h>

namespace vagga {
namespace {

using testing::Lowered;
using Strings = std::vector<std::string>;
using Env = std::vector<std::pair<std::string, std::string>>;

// The ops of a step of type T, in order.
template <class T> std::vector<T> all(const plan::BuildStep& s) {
    std::vector<T> out;
    for (const auto& op : s.ops)
        if (const T* x = std::get_if<T>(&op))
            out.push_back(*x);
    return out;
}

TEST(LowerLang, PipOnDebianUsesDebiansPip) {
    Lowered l("    - !Debian bookworm\n"
              "    - !PipConfig {index-urls: [http://a/simple, http://b/simple], "
              "trusted-hosts: [a], find-links: [/w], allow-pre-releases: true}\n"
              "    - !Py3Install ['git+https://x/y', z]\n"
              "    - !Py3Install [w]\n");
    ASSERT_TRUE(l.codes().empty()) << l.text();
    auto mounts = all<plan::BuildCacheMount>(l.step(2));
    ASSERT_EQ(mounts.size(), 2u);
    EXPECT_EQ(mounts[0].name, "pip-cache-http");
    EXPECT_EQ(mounts[1].path, "/tmp/pip-cache/wheels");
    EXPECT_EQ(mounts[1].name, "pip-cache-wheels-amd64-debian-bookworm");
    auto f = all<plan::BuildFeatures>(l.step(2)).at(0);
    EXPECT_EQ(f.build_only,
              (Strings{"build-essential", "ca-certificates", "python3-dev", "python3-pip", "git"}));
    EXPECT_EQ(f.system, Strings{"python3"});
    auto cmd = all<plan::BuildCommand>(l.step(2)).at(0);
    EXPECT_EQ(cmd.argv, (Strings{"python3", "-m", "pip", "install", "--ignore-installed",
                                 "--index-url=http://a/simple", "--extra-index-url=http://b/simple",
                                 "--trusted-host", "a", "--no-deps", "--find-links=/w", "--pre",
                                 "git+https://x/y", "z"}));
    EXPECT_EQ(cmd.env, (Env{{"PIP_BREAK_SYSTEM_PACKAGES", "1"}}));
    EXPECT_EQ(cmd.work_dir, "/work");
    // Everything is met once: the second step only installs.
    EXPECT_TRUE(all<plan::BuildFeatures>(l.step(3)).empty());
    EXPECT_TRUE(all<plan::BuildCacheMount>(l.step(3)).empty());
    // pip freeze at the end, before the distribution's clean-up.
    const auto& last = l.plan.steps.back();
    EXPECT_EQ(last.label, "(package lists)");
    auto freeze = all<plan::BuildCapture>(last).at(0);
    EXPECT_EQ(freeze.argv, (Strings{"python3", "-m", "pip", "freeze"}));
    EXPECT_EQ(freeze.file, "pip3-freeze.txt");
}

TEST(LowerLang, PipOnUbuntuAndAlpineBootstrapsGetPip) {
    Lowered u("    - !Ubuntu focal\n    - !PipConfig {get-pip-args: ['setuptools<58'], "
              "cache-wheels: false}\n    - !Py2Install [x]\n");
    ASSERT_TRUE(u.codes().empty()) << u.text();
    auto repos = all<plan::BuildRepo>(u.step(2));
    ASSERT_EQ(repos.size(), 3u); // universe, as the original enables it
    EXPECT_EQ(repos[0].line, "deb http://ubuntu.invalid/ubuntu/ focal universe");
    EXPECT_EQ(repos[2].file, "universe.list");
    EXPECT_EQ(all<plan::BuildCacheMount>(u.step(2)).size(), 1u);
    auto f = all<plan::BuildFeatures>(u.step(2)).at(0);
    EXPECT_EQ(f.system, Strings{"python"});
    auto g = all<plan::BuildGetPip>(u.step(2)).at(0);
    EXPECT_EQ(g.python, "python2");
    EXPECT_EQ(g.major, 2u);
    EXPECT_EQ(g.args, Strings{"setuptools<58"});
    auto cmd = all<plan::BuildCommand>(u.step(2)).at(0);
    EXPECT_EQ(cmd.env, (Env{{"PYTHONPATH", "/tmp/pip-install"}}));
    // The original's Alpine names.
    Lowered a("    - !Alpine v3.15\n    - !Py3Requirements reqs.txt\n");
    a.in.read_project_file = [](const std::string& rel,
                                std::string&) -> std::optional<std::string> {
        EXPECT_EQ(rel, "reqs.txt");
        return "# c\n  hg+https://h/r  \n-r other.txt\n";
    };
    a.run();
    ASSERT_TRUE(a.codes().empty()) << a.text();
    auto af = all<plan::BuildFeatures>(a.step(1)).at(0);
    EXPECT_EQ(af.build_only,
              (Strings{"build-base", "ca-certificates", "python3-dev", "mercurial"}));
    EXPECT_EQ(all<plan::BuildCommand>(a.step(1)).at(0).argv.back(), "reqs.txt");
}

TEST(LowerLang, PythonTwoOnBookwormIsALocatedError) {
    Lowered l("    - !Debian bookworm\n    - !Py2Install [x]\n");
    EXPECT_EQ(l.codes(), Strings{"unsupported-step@5"});
    EXPECT_NE(l.text().find("Debian bookworm has no Python 2"), std::string::npos) << l.text();
    Lowered none("    - !Py3Install [x]\n");
    EXPECT_EQ(none.codes(), Strings{"unsupported-step@4"});
    EXPECT_NE(none.text().find("requires some linux distribution"), std::string::npos);
}

TEST(LowerLang, NpmPicksAlpineWhenNoDistribution) {
    Lowered l("    - !NpmInstall ['git://h/r']\n");
    ASSERT_TRUE(l.codes().empty()) << l.text();
    auto b = all<plan::BuildBootstrap>(l.step(0)).at(0);
    EXPECT_EQ(b.distro, plan::Distro::Alpine);
    EXPECT_EQ(b.release, "v3.15");
    auto f = all<plan::BuildFeatures>(l.step(0)).at(0);
    EXPECT_EQ(f.build_only, (Strings{"build-base", "ca-certificates", "nodejs-dev", "git"}));
    EXPECT_EQ(f.system, (Strings{"nodejs", "npm"}));
    EXPECT_EQ(all<plan::BuildCommand>(l.step(0)).at(0).argv,
              (Strings{"npm", "install", "--global", "--user=root", "--cache=/tmp/npm-cache",
                       "git://h/r"}));
    EXPECT_EQ(all<plan::BuildCapture>(l.plan.steps.back()).at(0).file, "npm-list.txt");
    // Too old an Alpine for npm: the original's message.
    Lowered old("    - !Alpine v3.6\n    - !NpmInstall [x]\n");
    EXPECT_EQ(old.codes(), Strings{"unsupported-step@5"});
    EXPECT_NE(old.text().find("Vagga does not support npm on Alpine v3.6 (use >= v3.9)"),
              std::string::npos);
    // A later distribution step conflicts with the implicit one.
    Lowered later("    - !NpmInstall [x]\n    - !Debian bookworm\n");
    EXPECT_EQ(later.codes(), Strings{"bad-value@5"}) << later.text();
}

TEST(LowerLang, NpmDependenciesReadsTheProjectsPackageJson) {
    Lowered l("    - !Debian bookworm\n    - !NpmDependencies {dev: false, optional: true}\n");
    l.in.read_project_file = [](const std::string& rel,
                                std::string&) -> std::optional<std::string> {
        EXPECT_EQ(rel, "package.json");
        return R"({"dependencies": {"b": "1", "a": "git+https://x"},
                   "devDependencies": {"d": "2"}, "optionalDependencies": {"o": "3"}})";
    };
    l.run();
    ASSERT_TRUE(l.codes().empty()) << l.text();
    auto cmd = all<plan::BuildCommand>(l.step(1)).at(0);
    EXPECT_EQ(Strings(cmd.argv.begin() + 5, cmd.argv.end()),
              (Strings{"a@git+https://x", "b@1", "o@3"}));
    auto f = all<plan::BuildFeatures>(l.step(1)).at(0);
    EXPECT_EQ(f.build_only,
              (Strings{"build-essential", "ca-certificates", "libnode-dev", "npm", "git"}));
    // Bad input: located errors with the original's messages.
    l.in.read_project_file = [](const std::string&, std::string&) -> std::optional<std::string> {
        return R"({"dependencies": {"a": 1}, "optionalDependencies": []})";
    };
    l.run();
    EXPECT_EQ(l.codes(), (Strings{"bad-value@5", "bad-value@5"})) << l.text();
    EXPECT_NE(l.text().find("Package \"a\" has wrong version 1"), std::string::npos);
    EXPECT_NE(l.text().find("The \"optionalDependencies\" is not a mapping"), std::string::npos);
    l.in.read_project_file = [](const std::string&, std::string& e) -> std::optional<std::string> {
        e = "No such file or directory";
        return std::nullopt;
    };
    l.run();
    EXPECT_EQ(l.codes(), Strings{"io-error@5"}) << l.text();
}

TEST(LowerLang, YarnOnDebianIsDebiansYarnpkg) {
    Lowered l("    - !Debian bookworm\n    - !YarnDependencies {dir: web, production: true}\n");
    ASSERT_TRUE(l.codes().empty()) << l.text();
    auto f = all<plan::BuildFeatures>(l.step(1)).at(0);
    EXPECT_EQ(f.system, (Strings{"nodejs", "npm", "yarnpkg"}));
    auto cmds = all<plan::BuildCommand>(l.step(1));
    ASSERT_EQ(cmds.size(), 2u);
    EXPECT_EQ(cmds[0].argv.at(2), "[ -e /usr/bin/yarn ] || ln -s yarnpkg /usr/bin/yarn");
    EXPECT_EQ(cmds[1].argv, (Strings{"/usr/bin/yarn", "install", "--no-progress",
                                     "--modules-folder=/usr/lib/node_modules",
                                     "--cache-folder=/tmp/yarn-cache", "--production"}));
    EXPECT_EQ(cmds[1].work_dir, "/work/web");
    // A named release is downloaded, as the original does.
    Lowered v("    - !Alpine v3.15\n    - !NpmConfig {yarn-version: v1.0.1}\n"
              "    - !YarnDependencies\n");
    auto d = all<plan::BuildDownload>(v.step(2)).at(0);
    EXPECT_EQ(d.source.url, "https://github.com/yarnpkg/yarn/releases/download/v1.0.1/"
                            "yarn-1.0.1.js");
    EXPECT_EQ(d.path, "/usr/bin/yarn");
    EXPECT_EQ(d.mode, 0755u);
}

TEST(LowerLang, Gems) {
    Lowered l("    - !Debian bookworm\n    - !GemInstall [fpm, -v, 1.14.1]\n"
              "    - !GemConfig {update-gem: false}\n"
              "    - !GemBundle {without: [dev, test], trust-policy: HighSecurity}\n");
    l.in.read_project_file = [](const std::string&, std::string&) -> std::optional<std::string> {
        return "gem 'x', :git => 'https://h/x'\n";
    };
    l.run();
    ASSERT_TRUE(l.codes().empty()) << l.text();
    auto install = all<plan::BuildCommand>(l.step(1));
    ASSERT_EQ(install.size(), 2u);
    EXPECT_EQ(install[0].argv, (Strings{"/usr/bin/gem", "update", "--system", "--no-document"}));
    EXPECT_EQ(install[0].env, (Env{{"REALLY_GEM_UPDATE_SYSTEM", "1"}}));
    EXPECT_EQ(install[1].argv, (Strings{"/usr/bin/gem", "install", "--bindir", "/usr/local/bin",
                                        "--no-document", "fpm", "-v", "1.14.1"}));
    EXPECT_EQ(all<plan::BuildFeatures>(l.step(1)).at(0).system, (Strings{"ruby", "bundler"}));
    // The Gemfile names a git source: git comes too.
    EXPECT_EQ(all<plan::BuildFeatures>(l.step(3)).at(0).build_only, Strings{"git"});
    EXPECT_EQ(all<plan::BuildCommand>(l.step(3)).at(0).argv,
              (Strings{"bundle", "install", "--system", "--binstubs", "/usr/local/bin", "--gemfile",
                       "Gemfile", "--without", "dev", "test", "--trust-policy", "HighSecurity"}));
    EXPECT_EQ(all<plan::BuildCapture>(l.plan.steps.back()).at(0).file, "gems-list.txt");
    Lowered bad("    - !Debian bookworm\n    - !GemBundle {trust-policy: invalid}\n");
    EXPECT_EQ(bad.codes(), Strings{"bad-value@5"});
    EXPECT_NE(bad.text().find("must be 'LowSecurity', 'MediumSecurity' or 'HighSecurity', "
                              "'invalid' given"),
              std::string::npos);
}

TEST(LowerLang, Composer) {
    Lowered l("    - !Alpine v3.5\n    - !ComposerConfig {runtime-exe: /usr/bin/php7}\n"
              "    - !ComposerDependencies {dev: false, prefer: dist, no-autoloader: true, "
              "working-dir: app}\n");
    ASSERT_TRUE(l.codes().empty()) << l.text();
    auto env = all<plan::BuildEnv>(l.step(2)).at(0).vars;
    EXPECT_EQ(env.at(0), (std::pair<std::string, std::string>{"COMPOSER_VENDOR_DIR",
                                                              "/usr/local/lib/composer/vendor"}));
    EXPECT_EQ(all<plan::BuildDownload>(l.step(2)).at(0).path, "/tmp/composer-setup.php");
    auto cmds = all<plan::BuildCommand>(l.step(2));
    EXPECT_EQ(cmds.back().argv,
              (Strings{"/usr/bin/php7", "/usr/local/bin/composer", "--no-interaction", "install",
                       "--working-dir=app", "--no-dev", "--no-autoloader", "--prefer-dist"}));
    auto f = all<plan::BuildFeatures>(l.step(2)).at(0);
    EXPECT_EQ(f.system.at(0), "php5");
    const auto& last = l.plan.steps.back();
    EXPECT_EQ(all<plan::BuildCapture>(last).at(0).file, "composer-list.txt");
    EXPECT_EQ(all<plan::BuildRemove>(last).at(0).path, "/usr/local/bin/composer");
    Lowered bad("    - !Debian bookworm\n    - !ComposerDependencies {prefer: wrong}\n");
    EXPECT_EQ(bad.codes(), Strings{"bad-value@5"});
    EXPECT_NE(bad.text().find("must be either 'source' or 'dist', 'wrong' given"),
              std::string::npos);
    // keep-composer: no removal, and on Debian the package is kept.
    Lowered keep("    - !Debian bookworm\n    - !ComposerConfig {keep-composer: true}\n"
                 "    - !ComposerInstall [a/b]\n");
    EXPECT_TRUE(all<plan::BuildRemove>(keep.plan.steps.back()).empty());
    EXPECT_EQ(all<plan::BuildFeatures>(keep.step(2)).at(0).system.at(0), "composer");
}

TEST(LowerLang, SubConfigRunsTheOtherFilesSteps) {
    Lowered l("    - !Debian bookworm\n    - !SubConfig {path: sub/vagga.yaml, container: calc}\n");
    testing::Decoded sub("containers:\n  calc:\n    setup:\n    - !Install [bc]\n"
                         "    - !SubConfig {path: sub/vagga.yaml, container: calc}\n");
    std::string dir_seen;
    int loads = 0;
    l.in.load_config = [&](const std::string& dir, const std::string& file,
                           std::string&) -> std::optional<ir::Config> {
        dir_seen = dir;
        EXPECT_EQ(file, "/p/sub/vagga.yaml");
        ++loads;
        return sub.config;
    };
    l.run();
    // It includes itself: stopped after 8 levels with a located error.
    EXPECT_EQ(loads, 8);
    EXPECT_EQ(dir_seen, "/p/sub");
    EXPECT_FALSE(l.codes().empty());
    auto pk = all<plan::BuildPackages>(l.step(1));
    ASSERT_FALSE(pk.empty());
    EXPECT_EQ(pk[0].packages, Strings{"bc"});
    EXPECT_EQ(pk[0].distro, plan::Distro::Debian); // the outer container's distribution
    // An unknown container and !Git sources are errors, not crashes.
    Lowered git("    - !SubConfig {source: !Git {url: x}, container: c}\n");
    EXPECT_EQ(git.codes(), Strings{"unsupported-step@4"}) << git.text();
    Lowered missing("    - !SubConfig {source: !Container gen, container: c}\n");
    missing.in.load_config = [&](const std::string& dir, const std::string& file,
                                 std::string&) -> std::optional<ir::Config> {
        EXPECT_EQ(dir, "/roots/gen/root");
        EXPECT_EQ(file, "/roots/gen/root/vagga.yaml");
        return sub.config;
    };
    missing.run();
    EXPECT_EQ(missing.codes(), Strings{"unknown-container@4"}) << missing.text();
    EXPECT_EQ(lower::build_dependencies(missing.d.config, "c"), Strings{});
}

} // namespace
} // namespace vagga
