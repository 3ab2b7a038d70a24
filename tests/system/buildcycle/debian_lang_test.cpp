// The language-package steps on `!Debian bookworm` roots, each checked by a
// command in the built container that uses what was installed. Labelled
// "network": the Debian mirror the host's apt uses (and, for the node
// steps, the npm registry the host's npm is configured with); skipped,
// never passed, when one cannot be reached. Python, Ruby and PHP packages
// come from the project itself or from an index this test serves on
// loopback. Run as the invoking user and as the unprivileged test user.
#include "runtime/build/host_apt.h"
#include "tests/common/reachable.h"
#include "tests/runtime/build/fetch/test_util.h"
#include "tests/system/buildcycle/network_util.h"
#include "tests/system/buildcycle/project.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

namespace vagga::test {
namespace {

std::string read_file(const std::string& path) {
    return testing::read_text(path);
}

TEST(DebianLang, PipGemComposerFromLocalSources) {
    if (auto why = debian_skip())
        GTEST_SKIP() << *why;
    Project p;
    // A PEP 503 index of two wheels, on loopback.
    std::map<std::string, std::string> files;
    for (const auto& [name, module] :
         {std::pair<std::string, std::string>{"tinypkg", "X = 'tiny'\n"},
          {"tinyreq", "Y = 42\n"}}) {
        std::string whl = wheel(p.dir(), name, module);
        files["/simple/" + name + "/"] =
            "<html><body><a href=\"/files/" + whl + "\">" + whl + "</a></body></html>\n";
        files["/files/" + whl] = read_file(p.dir() + "/" + whl);
    }
    testing::HttpServer index(files);
    p.write("requirements.txt", "# nested, as pip reads it\n-r more-requirements.txt\n");
    p.write("more-requirements.txt", "tinyreq==1.0\n");
    // A gem and a composer package, from the project.
    p.write("gemsrc/tiny.gemspec",
            "Gem::Specification.new do |s|\n  s.name = 'tiny'\n  s.version = '1.0'\n"
            "  s.summary = 'tiny'\n  s.authors = ['t']\n  s.files = ['lib/tiny.rb']\nend\n");
    p.write("gemsrc/lib/tiny.rb", "module Tiny\n  def self.hi; 'gem ok'; end\nend\n");
    p.write("Gemfile", "gem 'tiny', path: 'gemsrc'\n");
    p.write(
        "phpsrc/composer.json",
        R"({"name": "tiny/hello", "version": "1.0.0", "autoload": {"psr-4": {"Tiny\\": "src/"}}})");
    p.write("phpsrc/src/Hello.php",
            "<?php\nnamespace Tiny;\nclass Hello { static function hi() { return 'php ok'; } }\n");
    p.write(
        "composer.json",
        R"({"repositories": [{"packagist.org": false}, {"type": "path", "url": "phpsrc", "options": {"symlink": false}}],)"
        R"( "require": {"tiny/hello": "1.0.0"}})");
    p.write("vagga.yaml",
            "containers:\n"
            "  base:\n"
            "    setup:\n"
            "    - !Debian bookworm\n"
            "  py:\n"
            "    setup:\n"
            "    - !Container base\n"
            "    - !PipConfig\n"
            "      index-urls: [\"" +
                index.url("/simple/") +
                "\"]\n"
                "    - !Py3Install [tinypkg]\n"
                "    - !Py3Requirements requirements.txt\n"
                "  ruby:\n"
                "    setup:\n"
                "    - !Container base\n"
                "    - !GemConfig {update-gem: false}\n"
                "    - !GemInstall []\n"
                "    - !Sh cd /work/gemsrc && gem build tiny.gemspec\n"
                "    - !GemInstall [--local, gemsrc/tiny-1.0.gem]\n"
                "    - !GemBundle\n"
                "  php:\n"
                "    setup:\n"
                "    - !Container base\n"
                "    - !ComposerDependencies\n"
                "commands:\n"
                "  py: !Command\n"
                "    container: py\n"
                "    run: [python3, -c, 'import tinypkg, tinyreq; print(tinypkg.X, tinyreq.Y)']\n"
                "  rb: !Command\n"
                "    container: ruby\n"
                "    run: [ruby, -e, 'require \"tiny\"; puts Tiny.hi']\n"
                "  php: !Command\n"
                "    container: php\n"
                "    run: [php, -r, 'require \"vendor/autoload.php\"; echo Tiny\\Hello::hi(), "
                "\"\\n\";']\n");

    Output py = p.vagga({"py"}, 1500);
    ASSERT_FALSE(py.timed_out) << py.err;
    ASSERT_EQ(py.code, 0) << py.err;
    EXPECT_EQ(py.out, "tiny 42\n");
    std::string freeze = p.read(".vagga/.roots/py." + p.linked_version("py") + "/pip3-freeze.txt");
    EXPECT_NE(freeze.find("tinypkg==1.0"), std::string::npos) << freeze;
    EXPECT_NE(freeze.find("tinyreq==1.0"), std::string::npos) << freeze;
    // The build-only packages went at the finish; what pip installed stayed.
    std::string dpkg =
        p.read(".vagga/.roots/py." + p.linked_version("py") + "/debian-packages.txt");
    // (APT's autoremove, which decides this as in the original, keeps
    // build-essential and the compilers here; python3-pip goes.)
    EXPECT_EQ(dpkg.find("ii  python3-pip "), std::string::npos) << dpkg;
    EXPECT_NE(dpkg.find("ii  python3 "), std::string::npos) << dpkg;
    EXPECT_TRUE(p.exists(".vagga/py/usr/local/lib/python3.11/dist-packages/tinypkg/__init__.py"));

    Output rb = p.vagga({"rb"}, 1500);
    ASSERT_FALSE(rb.timed_out) << rb.err;
    ASSERT_EQ(rb.code, 0) << rb.err;
    EXPECT_EQ(rb.out, "gem ok\n");
    std::string gems = p.read(".vagga/.roots/ruby." + p.linked_version("ruby") + "/gems-list.txt");
    EXPECT_NE(gems.find("tiny (1.0)"), std::string::npos) << gems;
    // The gem folder's cache/ was the cache's gems-cache during the build.
    EXPECT_TRUE(p.exists(".vagga/.cache/gems-cache/tiny-1.0.gem"));

    Output php = p.vagga({"php"}, 1500);
    ASSERT_FALSE(php.timed_out) << php.err;
    ASSERT_EQ(php.code, 0) << php.err;
    EXPECT_EQ(php.out, "php ok\n");
    // composer is a build tool unless keep-composer: gone from the image.
    EXPECT_FALSE(p.exists(".vagga/php/usr/local/bin/composer"));
    EXPECT_TRUE(p.exists(".vagga/.roots/php." + p.linked_version("php") + "/composer-list.txt"));
}

// A setting of the host's npm (npm's own configuration), "" when unset.
std::string npm_config(const std::string& key) {
    std::string cmd = "npm config get " + key + " 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> f(popen(cmd.c_str(), "r"), pclose);
    char buf[512] = {0};
    if (!f || !fgets(buf, sizeof buf, f.get()))
        return "";
    std::string r = buf;
    while (!r.empty() && (r.back() == '\n' || r.back() == '/'))
        r.pop_back();
    return r == "null" || r == "undefined" ? "" : r;
}

// The host's npm registry for a test: its URL, or why the test is skipped.
struct Registry {
    std::string url;
    std::string skip;
};
Registry npm_registry() {
    std::string registry = npm_config("registry");
    if (registry.empty())
        return {"", "the host has no npm configured with a registry"};
    if (!reachable(registry + "/is-number"))
        return {"", "the npm registry is not reachable: " + registry};
    return {registry, ""};
}

// What gives npm and yarn in the container the host's registry and, where
// the host trusts its own CA file for it, a copy of that file (written to
// the project as npm-ca.crt): an `!Env` step (npm's variables) and the
// lines of an .npmrc (for yarn).
struct NpmSettings {
    std::string env;
    std::string npmrc;
};
NpmSettings npm_settings(const Project& p, const std::string& registry) {
    NpmSettings s{"    - !Env\n      npm_config_registry: \"" + registry + "/\"\n",
                  "registry=" + registry + "/\n"};
    std::string cafile = npm_config("cafile");
    if (!cafile.empty()) {
        p.write("npm-ca.crt", read_file(cafile));
        s.npmrc += "cafile=/work/npm-ca.crt\n";
        s.env += "      npm_config_cafile: /work/npm-ca.crt\n";
    }
    return s;
}

TEST(DebianLang, NpmAndYarnFromTheRegistry) {
    if (auto why = debian_skip())
        GTEST_SKIP() << *why;
    auto [registry, why_not] = npm_registry();
    if (registry.empty())
        GTEST_SKIP() << why_not;
    Project p;
    // npm and yarn in the container get the host's registry and, where the
    // host trusts its own CA file for it, a copy of that file: yarn from the
    // project's .npmrc, npm from its environment variables.
    // npm's global installs read no project .npmrc, so the config passes
    // the same settings as npm's environment variables.
    auto [env, npmrc] = npm_settings(p, registry);
    p.write(".npmrc", npmrc);
    p.write("package.json",
            R"({"name": "t", "version": "1.0.0", "dependencies": {"is-number": "7.0.0"},)"
            R"( "devDependencies": {"is-odd": "3.0.1"}})");
    p.write("web/package.json",
            R"({"name": "w", "version": "1.0.0", "dependencies": {"left-pad": "1.3.0"}})");
    p.write("web/.npmrc", npmrc);
    p.write("vagga.yaml", "containers:\n"
                          "  node:\n"
                          "    setup:\n"
                          "    - !Debian bookworm\n" +
                              env +
                              "    - !NpmInstall [is-even@1.0.0]\n"
                              "    - !NpmDependencies {dev: false}\n"
                              "    - !YarnDependencies {dir: web}\n"
                              "commands:\n"
                              "  node: !Command\n"
                              "    container: node\n"
                              "    run: [node, -e, \"const g = '/usr/local/lib/node_modules/'; "
                              "console.log(require(g + 'is-even')(4), require(g + 'is-number')(5), "
                              "require('/usr/lib/node_modules/left-pad')('x', 3))\"]\n");
    Output r = p.vagga({"node"}, 1500);
    ASSERT_FALSE(r.timed_out) << r.err;
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "true true   x\n");
    std::string dir = ".vagga/.roots/node." + p.linked_version("node");
    EXPECT_TRUE(p.exists(dir + "/npm-list.txt"));
    // dev: false leaves devDependencies out.
    EXPECT_FALSE(p.exists(".vagga/node/usr/local/lib/node_modules/is-odd"));
    // yarn records what it installed in the project, as the original's did.
    EXPECT_TRUE(p.exists("web/yarn.lock"));
}

// npm and a gem on Ubuntu roots: the core image and the `jammy` mirror are
// the test's (loopback_ubuntu), and `!UbuntuRepo` adds the Debian archive
// the host's apt uses, so that the packages the Ubuntu names ask for
// (nodejs, npm and ruby, libeatmydata1 before them) are real ones (but
// nodejs-dev, see below). The steps run as the original runs them on
// Ubuntu: universe enabled for the first language step, the packages
// through apt, npm from the registry, the gem from the project.
TEST(DebianLang, UbuntuNpmAndGemWithTheDebianArchiveAsARepo) {
    if (auto why = debian_skip())
        GTEST_SKIP() << *why;
    auto [registry, why_not] = npm_registry();
    if (registry.empty())
        GTEST_SKIP() << why_not;
    Project p;
    // The original asks for `nodejs-dev` on Ubuntu, a name bookworm does not
    // have (it is libnode-dev there): the test's mirror has an empty one.
    auto files =
        loopback_ubuntu(p, "", {}, {{"nodejs-dev", {{"usr/share/doc/nodejs-dev/x", ""}}}}, "jammy");
    testing::HttpServer server(files);
    std::string env = npm_settings(p, registry).env;
    p.write(".home/.vagga.yaml", "ubuntu-mirror: " + server.url("/ubuntu/") + "\n");
    p.write("vagga.yaml", "containers:\n"
                          "  u:\n"
                          "    setup:\n"
                          "    - !UbuntuRelease {codename: jammy, url: \"" +
                              server.url("/core.tar.gz") +
                              "\"}\n"
                              "    - !UbuntuRepo {url: \"" +
                              *runtime::build::host_debian_mirror() +
                              "\", suite: bookworm, components: [main]}\n" + env +
                              "    - !NpmInstall [is-even@1.0.0]\n"
                              "  rb:\n"
                              "    setup:\n"
                              "    - !UbuntuRelease {codename: jammy, url: \"" +
                              server.url("/core.tar.gz") +
                              "\"}\n"
                              "    - !UbuntuRepo {url: \"" +
                              *runtime::build::host_debian_mirror() +
                              "\", suite: bookworm, components: [main]}\n"
                              "    - !Sh ln -s /bin/true /usr/bin/bundle\n"
                              "    - !GemConfig {update-gem: false}\n"
                              "    - !GemInstall []\n"
                              "    - !Sh cd /work/gemsrc && gem build tiny.gemspec\n"
                              "    - !GemInstall [--local, gemsrc/tiny-1.0.gem]\n"
                              "commands:\n"
                              "  node: !Command\n"
                              "    container: u\n"
                              "    run: [node, -e, \"console.log(require("
                              "'/usr/local/lib/node_modules/is-even')(4))\"]\n"
                              "  rb: !Command\n"
                              "    container: rb\n"
                              "    run: [ruby, -e, 'require \"tiny\"; puts Tiny.hi']\n");
    p.write("gemsrc/tiny.gemspec",
            "Gem::Specification.new do |s|\n  s.name = 'tiny'\n  s.version = '1.0'\n"
            "  s.summary = 'tiny'\n  s.authors = ['t']\n  s.files = ['lib/tiny.rb']\nend\n");
    p.write("gemsrc/lib/tiny.rb", "module Tiny\n  def self.hi; 'gem on ubuntu'; end\nend\n");
    Output r = p.vagga({"node"}, 1500);
    ASSERT_FALSE(r.timed_out) << r.err;
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "true\n");
    EXPECT_NE(r.err.find("Eatmydata activated: /usr/lib/x86_64-linux-gnu/libeatmydata.so"),
              std::string::npos)
        << r.err;
    EXPECT_NE(p.read(".vagga/u/etc/apt/sources.list.d/universe.list").find(" jammy universe"),
              std::string::npos);
    std::string dir = ".vagga/.roots/u." + p.linked_version("u");
    EXPECT_NE(p.read(dir + "/npm-list.txt").find("is-even@1.0.0"), std::string::npos)
        << p.read(dir + "/npm-list.txt");
    // npm is only a build dependency on Ubuntu, as in the original; apt's
    // autoremove keeps it all the same, because bookworm's nodejs suggests it
    // (APT::AutoRemove::SuggestsImportant).
    EXPECT_NE(p.read(dir + "/debian-packages.txt").find(" nodejs "), std::string::npos);

    // A gem from the project, with gem's update left out and a stand-in for
    // bundler, which the original's gem steps install from rubygems.org when
    // the image has no /usr/bin/bundle (not reachable from here).
    Output rb = p.vagga({"rb"}, 1500);
    ASSERT_FALSE(rb.timed_out) << rb.err;
    ASSERT_EQ(rb.code, 0) << rb.err;
    EXPECT_EQ(rb.out, "gem on ubuntu\n");
    std::string rdir = ".vagga/.roots/rb." + p.linked_version("rb");
    EXPECT_NE(p.read(rdir + "/gems-list.txt").find("tiny (1.0)"), std::string::npos)
        << p.read(rdir + "/gems-list.txt");
}

} // namespace
} // namespace vagga::test
