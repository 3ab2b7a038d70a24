// The container-level stream (spec §2) and the field encoding of every one
// of the 47 step kinds (spec §5), on IR built in code.
#include "compiler/hash/version.h"
#include "tests/support/fake_file_system.h"

#include <gtest/gtest.h>

namespace vagga::hash {
namespace {

using namespace std::string_literals;
namespace st = ir::step;

struct World {
    test::FakeFileSystem fs;
    ir::Config config;
    Env env;
    World() {
        fs.dir("/p");
        env.project_root = "/p";
        env.fs = &fs;
        env.digest.dump = true;
    }
    template <class S> ir::Container& add(const std::string& name, std::vector<S> steps) {
        ir::Container c;
        for (auto& s : steps) {
            ir::Step step;
            step.value = std::move(s);
            c.setup.push_back(std::move(step));
        }
        return config.containers[ir::Str(name)] = std::move(c);
    }
    Result hash(const std::string& name) { return version_hash(config, name, env); }
};

const std::string kHead = "uids\0"
                          "0-65536\0gids\0"
                          "0-65536\0"s;

// The bytes a single step adds after the default uids/gids.
template <class S> std::string step_bytes(S step) {
    World w;
    w.add<S>("c", {std::move(step)});
    Result r = w.hash("c");
    EXPECT_EQ(r.kind, Result::Kind::Ok) << r.message;
    EXPECT_EQ(r.dump.substr(0, kHead.size()), kHead);
    return r.dump.substr(kHead.size());
}

TEST(Version, ContainerStream) {
    World w;
    auto& c = w.add<st::Alpine>("c", {st::Alpine{ir::Str("v3.4"), {}}});
    c.uids = {{1000, 1000, {}}, {0, 999, {}}};
    c.data_dirs = {ir::Str("/etc"), ir::Str("/var/lib/")};
    Result r = w.hash("c");
    ASSERT_EQ(r.kind, Result::Kind::Ok);
    EXPECT_EQ(r.dump, "uids\0"
                      "1000-1001\0"
                      "0-1000\0gids\0"
                      "0-65536\0"
                      "COMMAND\0Alpine\0version\0v3.4\0data_dirs\0/etc\0/var/lib/\0"s);
    EXPECT_EQ(r.hash.size(), 128u);
}

TEST(Version, AlpineV34IsD304a005) {
    World w;
    w.add<st::Alpine>("c", {st::Alpine{ir::Str("v3.4"), {}}});
    EXPECT_EQ(w.hash("c").short_hash(), "d304a005");
}

TEST(Version, SimpleSteps) {
    EXPECT_EQ(step_bytes(st::Alpine{ir::Str("3.10"), {}}), "COMMAND\0Alpine\0version\0"
                                                           "3.10\0"s);
    EXPECT_EQ(step_bytes(st::AlpineRepo{
                  std::nullopt, ir::Str("edge"), ir::Str("testing"), std::nullopt, {}}),
              "COMMAND\0AlpineRepo\0branch\0edge\0repo\0testing\0"s);
    EXPECT_EQ(step_bytes(st::Ubuntu{ir::Str("xenial"), {}}),
              "COMMAND\0Ubuntu\0codename\0xenial\0"s);
    EXPECT_EQ(
        step_bytes(st::UbuntuRepo{std::nullopt, std::nullopt, {ir::Str("universe")}, false, {}}),
        "COMMAND\0UbuntuRepo\0components\0universe\0trusted\0false\0"s);
    st::UbuntuRelease rel;
    rel.codename = ir::Str("xenial");
    EXPECT_EQ(step_bytes(rel), "COMMAND\0UbuntuRelease\0codename\0xenial\0arch\0amd64\0"
                               "keep_chfn_command\0false\0"s);
    EXPECT_EQ(step_bytes(st::UbuntuPPA{ir::Str("a/b"), {}}),
              "COMMAND\0UbuntuPPA\0ppa_name\0a/b\0"s);
    EXPECT_EQ(step_bytes(st::UbuntuUniverse{}), "COMMAND\0UbuntuUniverse\0"s);
    EXPECT_EQ(step_bytes(st::AptTrust{std::nullopt, {ir::Str("K1")}, {}}),
              "COMMAND\0AptTrust\0keys\0K1\0"s);
    EXPECT_EQ(step_bytes(st::Repo{ir::Str("community"), {}}), "COMMAND\0Repo\0name\0community\0"s);
    EXPECT_EQ(step_bytes(st::Install{{ir::Str("a"), ir::Str("b")}, {}}),
              "COMMAND\0Install\0packages\0a\0b\0"s);
    EXPECT_EQ(step_bytes(st::BuildDeps{{}, {}}), "COMMAND\0BuildDeps\0packages\0"s);
    EXPECT_EQ(step_bytes(st::Py2Install{{ir::Str("x")}, {}}),
              "COMMAND\0Py2Install\0packages\0x\0"s);
    EXPECT_EQ(step_bytes(st::Py3Install{{}, {}}), "COMMAND\0Py3Install\0packages\0"s);
    EXPECT_EQ(step_bytes(st::NpmInstall{{}, {}}), "COMMAND\0NpmInstall\0packages\0"s);
    EXPECT_EQ(step_bytes(st::GemInstall{{}, {}}), "COMMAND\0GemInstall\0packages\0"s);
    EXPECT_EQ(step_bytes(st::ComposerInstall{{}, {}}), "COMMAND\0ComposerInstall\0packages\0"s);
    EXPECT_EQ(step_bytes(st::Cmd{{ir::Str("ls"), ir::Str("-l")}, {}}),
              "COMMAND\0Cmd\0command-line\0ls\0-l\0"s);
    EXPECT_EQ(step_bytes(st::Sh{ir::Str("echo\n"), {}}), "COMMAND\0Sh\0script\0echo\n\0"s);
    EXPECT_EQ(step_bytes(st::EnsureDir{ir::Str("/d/"), {}}), "COMMAND\0EnsureDir\0path\0/d/\0"s);
    EXPECT_EQ(step_bytes(st::EmptyDir{ir::Str("/d"), {}}), "COMMAND\0EmptyDir\0path\0/d\0"s);
    EXPECT_EQ(step_bytes(st::Remove{ir::Str("/d"), {}}), "COMMAND\0Remove\0path\0/d\0"s);
}

TEST(Version, VcsAndArchives) {
    st::Git git;
    git.url = ir::Str("u");
    git.branch = ir::Str("b");
    git.path = ir::Str("/p");
    EXPECT_EQ(step_bytes(git), "COMMAND\0Git\0url\0u\0branch\0b\0path\0/p\0"s);
    st::GitInstall gi;
    gi.url = ir::Str("u");
    gi.revision = ir::Str("r");
    EXPECT_EQ(step_bytes(gi), "COMMAND\0GitInstall\0url\0u\0revision\0r\0subdir\0.\0script\0"
                              "./configure --prefix=/usr\nmake\nmake install\n\0"s);
    st::Tar tar;
    tar.url = ir::Str("http://x");
    EXPECT_EQ(step_bytes(tar), "COMMAND\0Tar\0url\0http://x\0path\0/\0subdir\0\0"s);
    tar.sha256 = ir::Str("abc");
    EXPECT_EQ(step_bytes(tar), "COMMAND\0Tar\0hash\0abc\0path\0/\0subdir\0\0"s);
    st::TarInstall ti;
    ti.url = ir::Str("u");
    ti.subdir = ir::Str("s");
    EXPECT_EQ(step_bytes(ti), "COMMAND\0TarInstall\0url\0u\0subdir\0s\0script\0"
                              "./configure --prefix=/usr\nmake\nmake install\n\0"s);
    st::Unzip uz;
    uz.url = ir::Str("u");
    uz.path = ir::Str("/x");
    EXPECT_EQ(step_bytes(uz), "COMMAND\0Unzip\0url\0u\0path\0/x\0subdir\0\0"s);
    st::Download dl;
    dl.url = ir::Str("u");
    dl.path = ir::Str("/f");
    EXPECT_EQ(step_bytes(dl), "COMMAND\0Download\0url\0u\0path\0/f\0mode\0"
                              "420\0"s);
}

TEST(Version, SettingsSteps) {
    st::PipConfig pip;
    EXPECT_EQ(step_bytes(pip), "COMMAND\0PipConfig\0find_links\0index_urls\0trusted_hosts\0"
                               "dependencies\0false\0cache_wheels\0true\0install_python\0true\0"s);
    pip.allow_pre_releases = true;
    pip.python_exe = ir::Str("py");
    pip.get_pip_args = {ir::Str("-q")};
    EXPECT_EQ(step_bytes(pip), "COMMAND\0PipConfig\0find_links\0index_urls\0trusted_hosts\0"
                               "dependencies\0false\0cache_wheels\0true\0install_python\0true\0"
                               "allow_pre_releases\0true\0python_exe\0py\0get_pip_args\0-q\0"s);
    st::NpmConfig npm;
    EXPECT_EQ(step_bytes(npm), "COMMAND\0NpmConfig\0npm_exe\0npm\0install_node\0true\0"
                               "yarn_exe\0/usr/bin/yarn\0"s);
    npm.yarn_exe = ir::Str("yarn");
    npm.install_yarn = false;
    npm.yarn_version = ir::Str("1.0");
    EXPECT_EQ(step_bytes(npm), "COMMAND\0NpmConfig\0npm_exe\0npm\0install_node\0true\0"
                               "install_yarn\0false\0yarn_version\0"
                               "1.0\0"s);
    EXPECT_EQ(step_bytes(st::GemConfig{}),
              "COMMAND\0GemConfig\0install_ruby\0true\0update_gem\0true\0"s);
    st::ComposerConfig cc;
    cc.vendor_dir = ir::Str("/v");
    EXPECT_EQ(step_bytes(cc), "COMMAND\0ComposerConfig\0install_runtime\0true\0"
                              "install_dev\0false\0keep_composer\0false\0vendor_dir\0/v\0"s);
    st::RunAs ra;
    ra.script = ir::Str("id");
    ra.external_user_id = 1000;
    ra.supplementary_gids = {1, 2};
    EXPECT_EQ(step_bytes(ra), "COMMAND\0RunAs\0user_id\0"
                              "0\0group_id\0"
                              "0\0"
                              "external_user_id\0"
                              "1000\0supplementary_gids\0"
                              "1\0"
                              "2\0"
                              "work_dir\0/work\0isolate_network\0false\0script\0id\0"s);
}

TEST(Version, Maps) {
    st::Env env;
    env.value = {{ir::Str("B"), ir::Str("2")}, {ir::Str("A"), ir::Str("1")}};
    EXPECT_EQ(step_bytes(env), "COMMAND\0Env\0key\0A\0value\0"
                               "1\0key\0B\0value\0"
                               "2\0"s);
    st::Text text;
    text.value = {{ir::Str("/a-b"), ir::Str("1")},
                  {ir::Str("/a/b"), ir::Str("2")},
                  {ir::Str("/c"), ir::Str("3")},
                  {ir::Str("/c/"), ir::Str("4")}};
    // Path order; `/c` and `/c/` collapse: first spelling, last value.
    EXPECT_EQ(step_bytes(text), "COMMAND\0Text\0path\0/a/b\0data\0"
                                "2\0path\0/a-b\0data\0"
                                "1\0"
                                "path\0/c\0data\0"
                                "4\0"s);
    st::CacheDirs cd;
    cd.value = {{ir::Str("/var/cache"), ir::Str("vc")}};
    EXPECT_EQ(step_bytes(cd), "COMMAND\0CacheDirs\0source\0/var/cache\0name\0vc\0"s);
}

TEST(Version, CopyFromWorkAndElsewhere) {
    World w;
    w.fs.dir("/p/d");
    w.fs.file("/p/d/x", "X", 0755);
    st::Copy cp;
    cp.source = ir::Str("/work/d");
    cp.path = ir::Str("/dst");
    w.add<st::Copy>("c", {cp});
    Result r = w.hash("c");
    ASSERT_EQ(r.kind, Result::Kind::Ok) << r.message;
    EXPECT_EQ(r.dump.substr(kHead.size()), "COMMAND\0Copy\0filename\0/work/d\0mode\0"
                                           "509\0uid\0"
                                           "0\0gid\0"
                                           "0\0"
                                           "filename\0/work/d/x\0mode\0"
                                           "509\0uid\0"
                                           "0\0gid\0"
                                           "0\0X"
                                           "path\0/dst\0"s);
    st::Copy other;
    other.source = ir::Str("/workspace");
    other.path = ir::Str("/x");
    other.owner_uid = 1;
    other.preserve_times = true;
    EXPECT_EQ(step_bytes(other), "COMMAND\0Copy\0source\0/workspace\0path\0/x\0"
                                 "preserve_permissions\0false\0owner_uid\0"
                                 "1\0umask\0"
                                 "2\0"
                                 "preserve_times\0true\0"s);
    st::Copy missing;
    missing.source = ir::Str("/work/nope");
    missing.path = ir::Str("/x");
    World w2;
    w2.add<st::Copy>("c", {missing});
    EXPECT_EQ(w2.hash("c").kind, Result::Kind::NeedsBuild);
}

TEST(Version, DependsHashesExecBitOnly) {
    World w;
    w.fs.dir("/p/d");
    w.fs.file("/p/d/x", "X", 0600);
    w.fs.link("/p/d/l", "x");
    st::Depends dep;
    dep.path = ir::Str("d");
    w.add<st::Depends>("c", {dep});
    Result r = w.hash("c");
    ASSERT_EQ(r.kind, Result::Kind::Ok) << r.message;
    EXPECT_EQ(r.dump.substr(kHead.size()),
              "COMMAND\0Depends\0filename\0/work/d\0filename\0/work/d/l\0symlink\0x\0"
              "filename\0/work/d/x\0is_executable\0false\0X"s);
}

TEST(Version, ContainerAndBuildInline) {
    World w;
    w.add<st::Alpine>("base", {st::Alpine{ir::Str("v3.4"), {}}});
    w.config.containers[ir::Str("base")].uids = {{5, 5, {}}};
    w.add<st::Container>("child", {st::Container{ir::Str("base"), {}}});
    st::Build b;
    b.container = ir::Str("base");
    b.source = ir::Str("/x");
    b.path = ir::Str("/y");
    w.add<st::Build>("builder", {b});
    EXPECT_EQ(w.hash("child").dump,
              kHead + "COMMAND\0Container\0COMMAND\0Alpine\0version\0v3.4\0"s);
    EXPECT_EQ(w.hash("builder").dump, kHead + "COMMAND\0Build\0COMMAND\0Alpine\0version\0v3.4\0"s);
    w.add<st::Container>("loop", {st::Container{ir::Str("loop"), {}}});
    Result r = w.hash("loop");
    EXPECT_EQ(r.kind, Result::Kind::Error);
    w.add<st::Container>("dangling", {st::Container{ir::Str("nope"), {}}});
    EXPECT_EQ(w.hash("dangling").kind, Result::Kind::Error);
}

// The hash after each of the container's own steps: what a kept root is
// keyed by (runtime/build/snapshot.h).
TEST(Version, StepHashesArePrefixesOfTheStream) {
    World w;
    w.add<st::Alpine>("a", {st::Alpine{ir::Str("v3.4"), {}}, st::Alpine{ir::Str("v3.5"), {}}});
    w.add<st::Alpine>("b", {st::Alpine{ir::Str("v3.4"), {}}, st::Alpine{ir::Str("v3.6"), {}}});
    Result a = w.hash("a");
    Result b = w.hash("b");
    ASSERT_EQ(a.step_hashes.size(), 2u);
    ASSERT_EQ(b.step_hashes.size(), 2u);
    EXPECT_EQ(a.step_hashes[0], to_hex(blake2b_512(kHead + "COMMAND\0Alpine\0version\0v3.4\0"s)));
    EXPECT_EQ(a.step_hashes[0], b.step_hashes[0]);
    EXPECT_NE(a.step_hashes[1], b.step_hashes[1]);
    EXPECT_EQ(a.step_hashes[1], a.hash) << "nothing follows the last step here";
    // An inlined container's steps are one step of the container.
    std::vector<ir::Step> setup(2);
    setup[0].value = st::Container{ir::Str("a"), {}};
    setup[1].value = st::Alpine{ir::Str("v3.7"), {}};
    w.config.containers[ir::Str("child")].setup = setup;
    EXPECT_EQ(w.hash("child").step_hashes.size(), 2u);
    // A step that cannot be hashed yet ends them.
    st::Build later;
    later.container = ir::Str("a");
    later.source = ir::Str("/x");
    later.path = ir::Str("/y");
    later.content_hash = true;
    setup[1].value = later;
    w.config.containers[ir::Str("waits")].setup = setup;
    Result waits = w.hash("waits");
    EXPECT_EQ(waits.kind, Result::Kind::NeedsBuild);
    EXPECT_EQ(waits.step_hashes.size(), 1u);
}

TEST(Version, BuildContentHashNeedsTheBuiltContainer) {
    World w;
    w.add<st::Alpine>("dep", {st::Alpine{ir::Str("v3.4"), {}}});
    st::Build b;
    b.container = ir::Str("dep");
    b.source = ir::Str("/usr/share/hello");
    b.path = ir::Str("/dst");
    b.content_hash = true;
    w.add<st::Build>("c", {b});
    EXPECT_EQ(w.hash("c").kind, Result::Kind::NeedsBuild);
    std::string root = "/p/.vagga/.roots/dep.d304a005/root";
    w.fs.dir("/p/.vagga");
    w.fs.dir("/p/.vagga/.roots");
    w.fs.dir("/p/.vagga/.roots/dep.d304a005");
    w.fs.dir(root);
    w.fs.dir(root + "/usr");
    w.fs.dir(root + "/usr/share");
    w.fs.dir(root + "/usr/share/hello");
    w.fs.file(root + "/usr/share/hello/hello.txt", "hi", 0640);
    Result r = w.hash("c");
    ASSERT_EQ(r.kind, Result::Kind::Ok) << r.message;
    std::string name = "/vagga/base/.roots/dep.d304a005/root/usr/share/hello";
    EXPECT_EQ(r.dump.substr(kHead.size()), "COMMAND\0Build\0filename\0"s + name +
                                               "\0mode\0"
                                               "493\0uid\0"
                                               "0\0gid\0"
                                               "0\0"s +
                                               "filename\0"s + name +
                                               "/hello.txt\0mode\0"
                                               "416\0uid\0"
                                               "0\0gid\0"
                                               "0\0hi"s +
                                               "path\0/dst\0"s);
}

TEST(Version, ProjectFileSteps) {
    World w;
    w.fs.file("/p/requirements.txt", "a\n");
    w.fs.file("/p/package.json", R"({"dependencies": {"x": "1"}})");
    w.fs.file("/p/Gemfile", "gem 'a'\n");
    w.fs.file("/p/composer.json", "{}");
    ir::Container& c = w.config.containers[ir::Str("c")];
    auto push = [&](auto s) {
        ir::Step step;
        step.value = std::move(s);
        c.setup.push_back(std::move(step));
    };
    push(st::Py2Requirements{ir::Str("requirements.txt"), {}});
    push(st::Py3Requirements{ir::Str("requirements.txt"), {}});
    push(st::NpmDependencies{});
    push(st::GemBundle{});
    push(st::ComposerDependencies{});
    Result r = w.hash("c");
    ASSERT_EQ(r.kind, Result::Kind::Ok) << r.message;
    EXPECT_EQ(r.dump.substr(kHead.size()),
              "COMMAND\0Py2Requirements\0line\0a\0COMMAND\0Py3Requirements\0line\0a\0"
              "COMMAND\0NpmDependencies\0x\0"
              "1\0"
              "COMMAND\0GemBundle\0gemfile\0Gemfile\0line\0gem 'a'\0"
              "COMMAND\0ComposerDependencies\0require\0null\0conflict\0null\0replace\0null\0"
              "provide\0null\0autoload\0null\0repositories\0null\0minimum-stability\0null\0"
              "prefer-stable\0null\0require-dev\0null\0"s);
    ir::Container& y = w.config.containers[ir::Str("y")];
    ir::Step ys;
    ys.value = st::YarnDependencies{};
    y.setup.push_back(ys);
    EXPECT_EQ(w.hash("y").kind, Result::Kind::NeedsBuild);
}

class NoRepoGit final : public Git {
  public:
    Result describe(const std::string&, const std::optional<std::string>&, std::string&,
                    std::string&) override {
        return Result::NoRepository;
    }
};

TEST(Version, GitDescribeWithoutRepositoryNeedsBuild) {
    World w;
    NoRepoGit git;
    w.env.git = &git;
    w.add<st::GitDescribe>("c", {st::GitDescribe{}});
    Result r = w.hash("c");
    EXPECT_EQ(r.kind, Result::Kind::NeedsBuild);
    EXPECT_EQ(r.step, "GitDescribe");
}

TEST(Version, SubConfigInlinesAgainstOuterConfig) {
    World w;
    w.add<st::Alpine>("base", {st::Alpine{ir::Str("v3.4"), {}}});
    st::SubConfig sc;
    sc.source.value = ir::sub_config_source::Directory{};
    sc.path = ir::Str("sub.yaml");
    sc.container = ir::Str("inner");
    w.add<st::SubConfig>("c", {sc});
    EXPECT_EQ(w.hash("c").kind, Result::Kind::NeedsBuild); // no sub.yaml yet
    w.fs.file("/p/sub.yaml", "");
    w.env.load_subconfig = [](const std::string& dir, const std::string& file,
                              std::string&) -> std::optional<ir::Config> {
        EXPECT_EQ(dir, "/p");
        EXPECT_EQ(file, "/p/sub.yaml");
        ir::Config sub;
        ir::Step s;
        s.value = st::Container{ir::Str("base"), {}};
        sub.containers[ir::Str("inner")].setup.push_back(s);
        return sub;
    };
    Result r = w.hash("c");
    ASSERT_EQ(r.kind, Result::Kind::Ok) << r.message;
    EXPECT_EQ(r.dump.substr(kHead.size()),
              "COMMAND\0SubConfig\0COMMAND\0Container\0COMMAND\0Alpine\0version\0v3.4\0"s);
}

TEST(Version, TraceNamesEveryInput) {
    World w;
    w.env.digest.trace = true;
    w.add<st::Sh>("c", {st::Sh{ir::Str("ls"), {}}});
    Result r = w.hash("c");
    EXPECT_EQ(r.trace, "field:list \"uids\" [0-65536]\nfield:list \"gids\" [0-65536]\n"
                       "----- Command Sh -----\nfield \"script\" \"ls\"\n");
}

} // namespace
} // namespace vagga::hash
