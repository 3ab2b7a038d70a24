// lower_build: what each build step becomes, and the located errors of the
// steps this version cannot build.
#include "compiler/hash/apt_list.h"
#include "compiler/lower/build.h"
#include "compiler/plan/build_plan_json.h"
#include "tests/compiler/frontend/helpers.h"
#include "tests/compiler/lower/build/lowered.h"

#include <gtest/gtest.h>

namespace vagga {
namespace {

using testing::Decoded;

using testing::lines;
using testing::Lowered;

TEST(LowerBuild, PlanFields) {
    Lowered l("    - !Sh echo hi\n",
              "    uids: [0-10]\n    data-dirs: [/data]\n    hosts-file-path: null\n");
    EXPECT_TRUE(l.codes().empty()) << l.text();
    EXPECT_EQ(l.plan.container, "c");
    EXPECT_EQ(l.plan.root_dir, "/p/.vagga/.roots/.tmp.c/root");
    EXPECT_EQ(l.plan.timings_log, "/p/.vagga/.roots/.tmp.c/timings.log");
    EXPECT_EQ(l.plan.idmap.uids, (std::vector<plan::IdRange>{{0, 10}}));
    EXPECT_EQ(l.plan.idmap.gids, (std::vector<plan::IdRange>{{0, 65535}}));
    EXPECT_EQ(l.plan.truncate_files, std::vector<std::string>{"/etc/resolv.conf"});
    EXPECT_EQ(l.plan.data_dirs, std::vector<std::string>{"/data"});
    using Env = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(l.plan.env,
              (Env{{"TERM", "dumb"},
                   {"HOME", "/tmp"},
                   {"PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
                   {"http_proxy", "http://proxy:3128"},
                   {"NO_PROXY", "localhost"}}));
    l.settings.proxy_env_vars = false;
    l.run();
    EXPECT_EQ(l.plan.env.size(), 3u);
}

TEST(LowerBuild, UnknownContainer) {
    Lowered l("    - !Sh x\n");
    l.run("nope");
    EXPECT_EQ(l.codes(), std::vector<std::string>{"unknown-container"});
}

TEST(LowerBuild, CommandSteps) {
    Lowered l("    - !Sh \"echo hi\"\n"
              "    - !Cmd [ls, -l]\n"
              "    - !RunAs {script: id, user-id: 1, group-id: 2, work-dir: sub,\n"
              "              supplementary-gids: [3], external-user-id: 7,\n"
              "              isolate-network: true}\n"
              "    - !RunAs {script: id, work-dir: /tmp}\n");
    EXPECT_TRUE(l.codes().empty()) << l.text();
    EXPECT_EQ(l.step(0).label, "!Sh \"echo hi\"");
    EXPECT_EQ(l.op<plan::BuildCommand>(0, 0).argv,
              (std::vector<std::string>{"/bin/sh", "-exc", "echo hi"}));
    EXPECT_EQ(l.op<plan::BuildCommand>(0, 0).work_dir, "/work");
    EXPECT_EQ(l.step(1).label, "!Cmd [ls, -l]");
    EXPECT_EQ(l.op<plan::BuildCommand>(1, 0).argv, (std::vector<std::string>{"ls", "-l"}));
    const auto& r = l.op<plan::BuildCommand>(2, 0);
    EXPECT_EQ(r.work_dir, "/work/sub");
    EXPECT_EQ(r.uid, 1u);
    EXPECT_EQ(r.gid, 2u);
    EXPECT_EQ(r.supplementary_gids, std::vector<uint32_t>{3});
    EXPECT_EQ(r.external_uid, 7u);
    EXPECT_TRUE(r.isolate_network);
    EXPECT_EQ(l.op<plan::BuildCommand>(3, 0).work_dir, "/tmp");
    auto lc = l.d.sm.start(l.step(1).span);
    EXPECT_EQ(lc.line, 5u);
}

TEST(LowerBuild, LongLabelIsShortenedToOneLine) {
    Lowered l("    - !Sh |\n        echo one\n        echo "
              "twotwotwotwotwotwotwotwotwotwotwotwotwotwotwotwotwotwo\n");
    const std::string& label = l.step(0).label;
    EXPECT_EQ(label.find('\n'), std::string::npos);
    EXPECT_EQ(label.rfind("!Sh \"echo one\\necho two", 0), 0u) << label;
    EXPECT_EQ(label.substr(label.size() - 3), "\u2026");
    EXPECT_LE(label.size(), 62u);
}

TEST(LowerBuild, FileSteps) {
    Lowered l("    - !Env {A: 1, B: two}\n"
              "    - !Text {/etc/a: x, /etc/b: y}\n"
              "    - !EnsureDir /d\n"
              "    - !Remove /r\n"
              "    - !EmptyDir /e\n"
              "    - !CacheDirs {/var/cache/x: xc}\n"
              "    - !Download {url: \"https://h/f.bin\", path: /f, mode: 0o755}\n"
              "    - !Depends x.txt\n");
    EXPECT_TRUE(l.codes().empty()) << l.text();
    using Env = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(l.op<plan::BuildEnv>(0, 0).vars, (Env{{"A", "1"}, {"B", "two"}}));
    ASSERT_EQ(l.step(1).ops.size(), 2u);
    EXPECT_EQ(l.op<plan::BuildWriteFile>(1, 1).path, "/etc/b");
    EXPECT_EQ(l.op<plan::BuildWriteFile>(1, 1).contents, "y");
    EXPECT_EQ(l.op<plan::BuildWriteFile>(1, 1).mode, 0644u);
    EXPECT_FALSE(l.op<plan::BuildWriteFile>(1, 1).make_parents);
    EXPECT_EQ(l.op<plan::BuildEnsureDir>(2, 0).path, "/d");
    EXPECT_EQ(l.op<plan::BuildRemove>(3, 0).path, "/r");
    EXPECT_EQ(l.op<plan::BuildEmptyDir>(4, 0).path, "/e");
    EXPECT_EQ(l.op<plan::BuildCacheMount>(5, 0).name, "xc");
    EXPECT_EQ(l.op<plan::BuildDownload>(6, 0).mode, 0755u);
    EXPECT_EQ(l.op<plan::BuildDownload>(6, 0).source.url, "https://h/f.bin");
    EXPECT_TRUE(l.step(7).ops.empty());
    EXPECT_EQ(l.step(7).label, "!Depends x.txt");
}

TEST(LowerBuild, Copy) {
    Lowered l("    - !Copy {source: /work/src, path: /app, owner-uid: 1, umask: 0o22}\n"
              "    - !Copy {source: /work, path: /w, rules: [/src, \"!*.pyc\"]}\n"
              "    - !Copy {source: /work/a, path: /a, rules: [/x], no-default-rules: "
              "true}\n"
              "    - !Copy {source: /etc/passwd, path: /x}\n"
              "    - !Copy {source: /work/a, path: /a, rules: [x]}\n");
    EXPECT_EQ(l.codes(), (std::vector<std::string>{"bad-value@8"})) << l.text();
    const auto& a = l.op<plan::BuildCopy>(0, 0);
    EXPECT_EQ(l.step(0).label, "!Copy /work/src -> /app");
    EXPECT_EQ(a.host_source, "/p/src");
    EXPECT_FALSE(a.filter.glob);
    EXPECT_EQ(a.filter.ignore_regex,
              std::string("(^|/)\\.(git|hg|svn|vagga)($|/)|~$|\\.bak$|\\.orig$|^#.*#$"));
    EXPECT_EQ(a.owner_uid, 1u);
    EXPECT_EQ(a.umask, 022u);
    const auto& b = l.op<plan::BuildCopy>(1, 0);
    EXPECT_EQ(b.host_source, "/p");
    EXPECT_TRUE(b.filter.glob);
    EXPECT_EQ(b.filter.rules,
              (std::vector<std::string>{"!.git/", "!.hg/", "!.svn/", "!.vagga/", "!*.bak",
                                        "!*.orig", "!*~", "!#*#", "!.#*", "/src", "!*.pyc"}));
    EXPECT_EQ(l.op<plan::BuildCopy>(2, 0).filter.rules, std::vector<std::string>{"/x"});
    // Outside /work the source is in the image being built.
    EXPECT_EQ(l.op<plan::BuildCopy>(3, 0).host_source, "/p/.vagga/.roots/.tmp.c/root/etc/passwd");
}

TEST(LowerBuild, Archives) {
    Lowered l("    - !Tar {url: \"https://h/a.tar.gz\", sha256: abc, path: /opt, "
              "subdir: x}\n"
              "    - !Unzip {url: ./files/b.zip}\n"
              "    - !TarInstall {url: /volumes/dl/c.tar.xz, subdir: c-1}\n"
              "    - !TarInstall {url: \"http://h/d.tgz\", script: make}\n"
              "    - !Tar {url: /volumes/nope/e.tgz}\n"
              "    - !Tar {url: \"ftp://h/f.tgz\"}\n");
    l.settings.external_volumes["dl"] = "/srv/dl";
    l.run();
    EXPECT_EQ(l.codes(), (std::vector<std::string>{"bad-value@8", "unsupported-step@9"}))
        << l.text();
    const auto& t = l.op<plan::BuildUnpack>(0, 0);
    EXPECT_EQ(t.kind, plan::ArchiveKind::Tar);
    EXPECT_EQ(t.source.sha256, std::string("abc"));
    EXPECT_EQ(t.source.host_path, "");
    EXPECT_EQ(t.path, "/opt");
    EXPECT_EQ(t.subdir, "x");
    const auto& z = l.op<plan::BuildUnpack>(1, 0);
    EXPECT_EQ(z.kind, plan::ArchiveKind::Zip);
    EXPECT_EQ(z.source.host_path, "/p/files/b.zip");
    EXPECT_EQ(z.path, "/");
    EXPECT_EQ(l.op<plan::BuildUnpack>(2, 0).source.host_path, "/srv/dl/c.tar.xz");
    EXPECT_EQ(l.op<plan::BuildUnpack>(2, 0).path, "/tmp/tar-install-0");
    EXPECT_EQ(l.op<plan::BuildCommand>(2, 1).work_dir, "/tmp/tar-install-0/c-1");
    EXPECT_EQ(l.op<plan::BuildCommand>(2, 1).argv.at(2),
              "./configure --prefix=/usr\nmake\nmake install\n");
    const auto& c = l.op<plan::BuildCommand>(3, 1);
    EXPECT_EQ(c.work_dir, "/tmp/tar-install-1"); // numbered per scratch folder
    EXPECT_EQ(c.argv.at(2).rfind("set -- *;", 0), 0u);
    EXPECT_EQ(c.argv.at(2).substr(c.argv.at(2).size() - 5), "\nmake");
}

TEST(LowerBuild, Debian) {
    Lowered l("    - !Debian bookworm\n    - !Install [python3-minimal]\n"
              "    - !BuildDeps [gcc]\n    - !Repo bookworm/contrib\n");
    EXPECT_TRUE(l.codes().empty()) << l.text();
    const auto& b = l.op<plan::BuildBootstrap>(0, 0);
    EXPECT_EQ(b.distro, plan::Distro::Debian);
    EXPECT_EQ(b.release, "bookworm");
    EXPECT_EQ(b.mirror, "http://mirror.invalid/debian");
    using Env = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(l.op<plan::BuildEnv>(0, 1).vars, (Env{{"DEBIAN_FRONTEND", "noninteractive"}}));
    EXPECT_EQ(l.step(1).label, "!Install [python3-minimal]");
    EXPECT_EQ(l.op<plan::BuildPackages>(1, 0).packages,
              std::vector<std::string>{"python3-minimal"});
    EXPECT_FALSE(l.op<plan::BuildPackages>(1, 0).build_deps);
    EXPECT_TRUE(l.op<plan::BuildPackages>(2, 0).build_deps);
    EXPECT_EQ(l.op<plan::BuildRepo>(3, 0).line,
              "deb http://mirror.invalid/debian bookworm contrib");
    l.in.debian_mirror = "";
    l.run();
    EXPECT_EQ(l.codes(), std::vector<std::string>{"unsupported-step@4"});
    EXPECT_NE(l.text().find("the host's Debian mirror is unknown"), std::string::npos);
}

TEST(LowerBuild, InstallNeedsADistribution) {
    Lowered l("    - !Install [x]\n");
    EXPECT_EQ(l.codes(), std::vector<std::string>{"unsupported-step@4"});
    EXPECT_NE(l.text().find("no distribution step before `!Install`"), std::string::npos);
    EXPECT_TRUE(l.step(0).ops.empty());
}

TEST(LowerBuild, Ubuntu) {
    Lowered l("    - !UbuntuRelease {codename: jammy, url: \"http://img/r.tgz\", "
              "arch: arm64}\n"
              "    - !UbuntuUniverse\n"
              "    - !UbuntuRepo {url: \"http://r/u\", components: [main], trusted: true}\n"
              "    - !AptTrust {server: \"hkps://keys.invalid\", keys: [ABCD]}\n"
              "    - !Install [git]\n");
    EXPECT_TRUE(l.codes().empty()) << l.text();
    const auto& b = l.op<plan::BuildBootstrap>(0, 0);
    EXPECT_EQ(b.distro, plan::Distro::Ubuntu);
    EXPECT_EQ(b.release, "jammy");
    EXPECT_EQ(b.image_url, "http://img/r.tgz");
    EXPECT_EQ(b.arch, "arm64");
    EXPECT_EQ(b.mirror, l.settings.ubuntu_mirror);
    EXPECT_TRUE(b.eatmydata);
    ASSERT_EQ(l.step(1).ops.size(), 3u);
    EXPECT_EQ(l.op<plan::BuildRepo>(1, 1).line,
              "deb " + l.settings.ubuntu_mirror + " jammy-updates universe");
    EXPECT_EQ(l.op<plan::BuildRepo>(2, 0).line, "deb [trusted=yes] http://r/u jammy main");
    // spec/version-hash.md §8: the digest of (url, suite, components).
    EXPECT_EQ(l.op<plan::BuildRepo>(2, 0).file,
              hash::apt_list_name(std::string("http://r/u"), "jammy", {"main"}));
    EXPECT_EQ(l.op<plan::BuildRepo>(2, 0).file.substr(8), "-jammy.list");
    EXPECT_EQ(l.op<plan::BuildAptTrust>(3, 0).keys, std::vector<std::string>{"ABCD"});
    EXPECT_EQ(l.op<plan::BuildPackages>(4, 0).distro, plan::Distro::Ubuntu);
}

TEST(LowerBuild, UbuntuDefaultsAreTheOriginals) {
    Lowered l("    - !Ubuntu bionic\n    - !UbuntuPPA user/tool\n    - !Install [git]\n");
    l.settings.ubuntu_mirror = ""; // an empty setting is the default too
    l.run();
    EXPECT_TRUE(l.codes().empty()) << l.text();
    const auto& b = l.op<plan::BuildBootstrap>(0, 0);
    EXPECT_EQ(b.mirror, "mirror://mirrors.ubuntu.com/mirrors.txt");
    EXPECT_EQ(b.image_url, "https://partner-images.canonical.com/core/bionic/current/"
                           "ubuntu-bionic-core-cloudimg-amd64-root.tar.gz");
    EXPECT_EQ(b.image_fallback_url, "https://partner-images.canonical.com/core/unsupported/"
                                    "bionic/current/ubuntu-bionic-core-cloudimg-amd64-root.tar.gz");
    const auto& ppa = l.op<plan::BuildRepo>(1, 0);
    EXPECT_EQ(ppa.line, "deb http://ppa.launchpad.net/user/tool/ubuntu bionic main");
    // Named as the !UbuntuRepo of the same url, suite and component.
    EXPECT_EQ(ppa.file,
              hash::apt_list_name(std::string("http://ppa.launchpad.net/user/tool/ubuntu"),
                                  "bionic", {"main"}));
    EXPECT_EQ(l.op<plan::BuildPackages>(2, 0).distro, plan::Distro::Ubuntu);
    // A written image has no fallback.
    Lowered w("    - !UbuntuRelease {codename: jammy, arch: arm64, url: 'http://img/r.tgz'}\n");
    EXPECT_EQ(w.op<plan::BuildBootstrap>(0, 0).image_url, "http://img/r.tgz");
    EXPECT_EQ(w.op<plan::BuildBootstrap>(0, 0).image_fallback_url, "");
}

TEST(LowerBuild, Alpine) {
    Lowered l("    - !Alpine v3.15\n    - !AlpineRepo {repo: community, tag: c}\n"
              "    - !Repo edge/testing\n    - !Install [bash]\n");
    EXPECT_TRUE(l.codes().empty()) << l.text();
    const auto& b = l.op<plan::BuildBootstrap>(0, 0);
    EXPECT_EQ(b.distro, plan::Distro::Alpine);
    EXPECT_EQ(b.mirror, l.settings.alpine_mirror);
    std::string m = l.settings.alpine_mirror;
    EXPECT_EQ(l.op<plan::BuildRepo>(1, 0).line, "@c " + m + "v3.15/community");
    EXPECT_EQ(l.op<plan::BuildRepo>(2, 0).line, m + "edge/testing");
    EXPECT_EQ(l.op<plan::BuildPackages>(3, 0).distro, plan::Distro::Alpine);
    l.settings.alpine_mirror = "";
    l.run();
    EXPECT_TRUE(l.codes().empty()) << l.text();
    EXPECT_EQ(l.op<plan::BuildBootstrap>(0, 0).mirror, "http://dl-cdn.alpinelinux.org/alpine/");
}

TEST(LowerBuild, SecondDistributionIsAnError) {
    Lowered l("    - !Alpine v3.15\n    - !Debian bookworm\n");
    EXPECT_EQ(l.codes(), std::vector<std::string>{"bad-value@5"});
}

TEST(LowerBuild, ContainerAndBuild) {
    Decoded d("containers:\n"
              "  base:\n    setup:\n    - !Debian bookworm\n    - !Env {A: a}\n"
              "  mid:\n    setup:\n    - !Container base\n    - !Env {B: b}\n"
              "  c:\n    setup:\n    - !Container mid\n    - !Install [x]\n"
              "    - !Build {container: base, source: /usr/lib, path: /lib2}\n"
              "    - !Build {container: mid, temporary-mount: /mnt}\n"
              "    - !Container missing\n");
    ASSERT_FALSE(d.diags.has_errors()) << d.text();
    lower::BuildInput in;
    in.config = &d.config;
    in.debian_mirror = "http://m/";
    in.container_root = [](const std::string& n) -> std::optional<std::string> {
        if (n == "missing")
            return std::nullopt;
        return "/roots/" + n;
    };
    diag::Diagnostics diags;
    auto plan = lower::lower_build(in, "c", diags);
    EXPECT_EQ(lines(testing::summary(d.sm, diags)),
              std::vector<std::string>{"unknown-container@16"});
    using Env = std::vector<std::pair<std::string, std::string>>;
    const auto& s0 = plan.steps.at(0).ops;
    ASSERT_EQ(s0.size(), 2u);
    EXPECT_EQ(std::get<plan::BuildEnv>(s0[0]).vars,
              (Env{{"DEBIAN_FRONTEND", "noninteractive"}, {"A", "a"}, {"B", "b"}}));
    EXPECT_EQ(std::get<plan::BuildCopyRoot>(s0[1]).host_root, "/roots/mid");
    EXPECT_EQ(std::get<plan::BuildPackages>(plan.steps.at(1).ops.at(0)).distro,
              plan::Distro::Debian);
    const auto& b = std::get<plan::BuildFromContainer>(plan.steps.at(2).ops.at(0));
    EXPECT_EQ(b.host_source, "/roots/base/usr/lib");
    EXPECT_EQ(b.path, "/lib2");
    EXPECT_FALSE(b.temporary_mount);
    const auto& m = std::get<plan::BuildFromContainer>(plan.steps.at(3).ops.at(0));
    EXPECT_EQ(m.host_source, "/roots/mid");
    EXPECT_EQ(m.path, "/mnt");
    EXPECT_TRUE(m.temporary_mount);
    EXPECT_EQ(lower::build_dependencies(d.config, "c"), (std::vector<std::string>{"base", "mid"}));
    EXPECT_EQ(lower::build_dependencies(d.config, "mid"), std::vector<std::string>{"base"});
    EXPECT_TRUE(lower::build_dependencies(d.config, "base").empty());
}

TEST(LowerBuild, DependenciesDoNotLoopOnCycles) {
    Decoded d("containers:\n"
              "  a:\n    setup:\n    - !Container b\n"
              "  b:\n    setup:\n    - !Build {container: a, path: /x}\n    - !Container c\n"
              "  c:\n    setup:\n    - !Sh x\n");
    EXPECT_EQ(lower::build_dependencies(d.config, "a"), (std::vector<std::string>{"c", "b"}));
}

TEST(LowerBuild, NoStepIsUnsupported) {
    // Every step of the original has a lowering now (issue: "no step answers
    // unsupported"); with a distribution before it each lowers cleanly.
    const char* steps[] = {
        "!PipConfig {}",
        "!Py3Install [x]",
        "!Py3Requirements r.txt",
        "!NpmConfig {}",
        "!NpmInstall [x]",
        "!YarnDependencies {}",
        "!GemInstall [x]",
        "!GemBundle {}",
        "!GemConfig {}",
        "!ComposerInstall [x]",
        "!ComposerDependencies {}",
        "!ComposerConfig {}",
        "!NpmDependencies {}",
    };
    for (const char* step : steps) {
        Lowered l(std::string("    - !Debian bookworm\n    - ") + step + "\n");
        EXPECT_TRUE(l.codes().empty()) << step << "\n" << l.text();
        EXPECT_EQ(l.text().find("not supported"), std::string::npos) << l.text();
    }
}

TEST(LowerBuild, GitAndGitInstall) {
    Lowered l("    - !Git {url: 'https://h/r.git', branch: dev, path: /src}\n"
              "    - !GitInstall {url: /work/r, revision: v1, subdir: b, script: make}\n");
    EXPECT_TRUE(l.codes().empty()) << l.text();
    const auto& git = l.op<plan::BuildGitCheckout>(0, 0);
    EXPECT_EQ(git.url, "https://h/r.git");
    EXPECT_EQ(git.branch, std::optional<std::string>("dev"));
    EXPECT_EQ(git.revision, std::nullopt);
    EXPECT_EQ(git.path, "/src");
    EXPECT_EQ(l.step(0).label, "!Git https://h/r.git -> /src");
    // !GitInstall reuses the op, into the image's /tmp, and builds there.
    ASSERT_EQ(l.step(1).ops.size(), 2u);
    const auto& co = l.op<plan::BuildGitCheckout>(1, 0);
    EXPECT_EQ(co.path, "/tmp/%2Fwork%2Fr");
    EXPECT_EQ(co.revision, std::optional<std::string>("v1"));
    const auto& sh = l.op<plan::BuildCommand>(1, 1);
    EXPECT_EQ(sh.argv, (std::vector<std::string>{"/bin/sh", "-exc", "make"}));
    EXPECT_EQ(sh.work_dir, "/tmp/%2Fwork%2Fr/b");
    Lowered bad("    - !GitInstall {url: '..'}\n");
    EXPECT_EQ(bad.codes(), std::vector<std::string>{"bad-value@4"}) << bad.text();
}

TEST(LowerBuild, GitDescribe) {
    // Without output-file, !GitDescribe only feeds the hash.
    Lowered g("    - !GitDescribe\n");
    EXPECT_TRUE(g.codes().empty()) << g.text();
    EXPECT_TRUE(g.step(0).ops.empty());
    // With it, the description the version encodes becomes the file's text.
    Lowered l("    - !GitDescribe {repo: sub, pattern: 'v*', output-file: /version}\n");
    std::string seen_repo;
    std::optional<std::string> seen_pattern;
    l.in.git_describe = [&](const std::string& repo, const std::optional<std::string>& pattern,
                            std::string&) -> std::optional<std::string> {
        seen_repo = repo;
        seen_pattern = pattern;
        return "v1.2-3-gabcdef0";
    };
    l.run();
    EXPECT_TRUE(l.codes().empty()) << l.text();
    EXPECT_EQ(seen_repo, "sub");
    EXPECT_EQ(seen_pattern, std::optional<std::string>("v*"));
    const auto& w = l.op<plan::BuildWriteFile>(0, 0);
    EXPECT_EQ(w.path, "/version");
    EXPECT_EQ(w.contents, "v1.2-3-gabcdef0"); // no newline, as the original
    EXPECT_EQ(w.mode, 0644u);
    EXPECT_FALSE(w.make_parents);
    EXPECT_EQ(l.step(0).label, "!GitDescribe /version");
    // No description: a located build error, and no op.
    l.in.git_describe = [](const std::string&, const std::optional<std::string>&,
                           std::string& error) -> std::optional<std::string> {
        error = "no git repository at /work/sub";
        return std::nullopt;
    };
    l.run();
    EXPECT_EQ(l.codes(), std::vector<std::string>{"build-failed@4"}) << l.text();
    EXPECT_NE(l.text().find("`!GitDescribe`: no git repository at /work/sub"), std::string::npos)
        << l.text();
    EXPECT_TRUE(l.step(0).ops.empty());
}

TEST(LowerBuild, PlanSurvivesJson) {
    Lowered l("    - !Debian bookworm\n    - !Copy {source: /work/a, path: /a}\n");
    auto j = plan::to_json(l.plan);
    plan::BuildPlan back;
    std::string error;
    ASSERT_TRUE(plan::from_json(nlohmann::json::parse(j.dump()), &back, &error)) << error;
    EXPECT_EQ(plan::to_json(back).dump(), j.dump());
}

TEST(LowerBuild, MirrorAndKeyServerDefaultToTheOriginals) {
    Lowered l("    - !UbuntuRelease {codename: jammy, url: \"http://img/r.tgz\"}\n"
              "    - !UbuntuUniverse\n"
              "    - !AptTrust {keys: [ABCD]}\n");
    l.settings.ubuntu_mirror = "";
    l.run();
    EXPECT_TRUE(l.codes().empty()) << l.text();
    EXPECT_EQ(l.op<plan::BuildRepo>(1, 0).line,
              "deb mirror://mirrors.ubuntu.com/mirrors.txt jammy universe");
    EXPECT_EQ(l.op<plan::BuildAptTrust>(2, 0).server, "hkps://keyserver.ubuntu.com:443");
}

} // namespace
} // namespace vagga
