// decode: build steps; the "bare tag" matrix of config.md §7.8 for all 47
// tags (and the `!Debian` extension), a representative set of full forms,
// and the documented defaults.
#include "helpers.h"

namespace vagga::testing {
namespace {

using Codes = std::vector<std::string>;

std::string setup(const std::string& step) {
    return "containers:\n  c:\n    setup:\n    - " + step + "\n";
}

// Verdict of `- !T` with no value (config.md §7.8): "" = OK, else the code
// of the diagnostic we report at the tag (4:7), `count` times. The original
// stopped at the first missing field (a fatal decode error); we go on and
// report each required field, so Git, Copy and Download give two.
struct Bare {
    const char* tag;
    const char* code;
    int count = 1;
};
const Bare kBare[] = {
    // OK, all defaults
    {"UbuntuRelease", ""},
    {"UbuntuRepo", ""},
    {"AptTrust", ""},
    {"GitDescribe", ""},
    {"PipConfig", ""},
    {"NpmConfig", ""},
    {"NpmDependencies", ""},
    {"YarnDependencies", ""},
    {"GemBundle", ""},
    {"GemConfig", ""},
    {"ComposerDependencies", ""},
    {"ComposerConfig", ""},
    // OK, empty list or map
    {"Install", ""},
    {"BuildDeps", ""},
    {"Cmd", ""},
    {"Env", ""},
    {"Text", ""},
    {"CacheDirs", ""},
    {"Py2Install", ""},
    {"Py3Install", ""},
    {"NpmInstall", ""},
    {"GemInstall", ""},
    {"ComposerInstall", ""},
    // OK, null required
    {"UbuntuUniverse", ""},
    // ERROR: a scalar is required
    {"Alpine", "bad-type"},
    {"Ubuntu", "bad-type"},
    {"Debian", "bad-type"}, // extension
    {"UbuntuPPA", "bad-type"},
    {"Repo", "bad-type"},
    {"Sh", "bad-type"},
    {"Container", "bad-type"},
    {"Py2Requirements", "bad-type"},
    {"Py3Requirements", "bad-type"},
    // ERROR: a path is required
    {"EnsureDir", "bad-type"},
    {"EmptyDir", "bad-type"},
    {"Remove", "bad-type"},
    // ERROR: a required field is missing
    {"AlpineRepo", "missing-field"},
    {"Git", "missing-field", 2},
    {"GitInstall", "missing-field"},
    {"Tar", "missing-field"},
    {"TarInstall", "missing-field"},
    {"Unzip", "missing-field"},
    {"RunAs", "missing-field"},
    {"Copy", "missing-field", 2},
    {"Download", "missing-field", 2},
    {"Depends", "missing-field"},
    {"Build", "missing-field"},
    {"SubConfig", "missing-field"},
};

TEST(DecodeSteps, BareTagMatrixCoversAll47Tags) {
    EXPECT_EQ(std::size(kBare), 48u); // the original's 47 and !Debian
    std::set<std::string> seen;
    for (const auto& b : kBare)
        seen.insert(b.tag);
    for (size_t k = 0; k < std::variant_size_v<decltype(ir::Step::value)>; ++k)
        EXPECT_TRUE(seen.count(std::string(ir::tag_name(static_cast<ir::StepKind>(k)))))
            << ir::tag_name(static_cast<ir::StepKind>(k));
}

TEST(DecodeSteps, BareTagMatrix) {
    for (const auto& b : kBare) {
        Decoded d(setup(std::string("!") + b.tag));
        Codes want;
        for (int i = 0; *b.code && i < b.count; ++i)
            want.push_back(std::string(b.code) + "@4:7");
        EXPECT_EQ(d.codes(), want) << "bare !" << b.tag << "\n" << d.text();
        if (!*b.code) {
            ASSERT_EQ(d.container("c").setup.size(), 1u);
            EXPECT_EQ(ir::tag_name(d.container("c").setup[0].kind()), b.tag);
        }
    }
}

TEST(DecodeSteps, BareMissingFieldNamesFirstRequiredField) {
    const std::pair<const char*, const char*> cases[] = {
        {"AlpineRepo", "repo"}, {"Git", "url"},
        {"GitInstall", "url"},  {"Tar", "url"},
        {"RunAs", "script"},    {"Copy", "source"},
        {"Download", "url"},    {"Depends", "path"},
        {"Build", "container"}, {"SubConfig", "container"}};
    for (const auto& [tag, field] : cases) {
        Decoded d(setup(std::string("!") + tag));
        ASSERT_GE(d.diags.size(), 1u) << tag;
        EXPECT_EQ(d.first().message,
                  fmt::format("missing field `{}` in `!{}` in container `c`", field, tag))
            << tag;
    }
}

TEST(DecodeSteps, ExplicitNullOnlyForUbuntuUniverse) {
    EXPECT_EQ(Decoded(setup("!UbuntuUniverse ~")).codes(), Codes{});
    for (const char* tag : {"Install", "Env", "PipConfig", "Alpine", "EnsureDir", "Text"})
        EXPECT_EQ(Decoded(setup(std::string("!") + tag + " ~")).codes().size(), 1u) << tag;
    EXPECT_EQ(Decoded(setup("!UbuntuUniverse x")).codes(), Codes{"bad-type@4:23"});
}

TEST(DecodeSteps, EmptyMappingGivesOneMissingFieldPerField) {
    Decoded d(setup("!Copy {}"));
    EXPECT_EQ(d.codes(), (Codes{"missing-field@4:13", "missing-field@4:13"}));
}

TEST(DecodeSteps, UnknownAndOldTags) {
    for (const char* tag : {"Docker", "Npm", "NpmDeps", "PyFreeze", "GemSettings",
                            "ComposerSettings", "AlpineUniverse", "Arch"}) {
        Decoded d(setup(std::string("!") + tag + " x"));
        EXPECT_EQ(d.codes(), Codes{"unknown-tag@4:7"}) << tag;
    }
    Decoded s(setup("!Shh echo"));
    EXPECT_EQ(s.first().label, "did you mean `!Sh`?");
    Decoded u(setup("just-a-string"));
    EXPECT_EQ(u.codes(), Codes{"missing-tag@4:7"});
}

TEST(DecodeSteps, InstallNeedsAList) {
    EXPECT_EQ(Decoded(setup("!Install python")).codes(), Codes{"bad-type@4:16"});
    Decoded d(setup("!Install [a, b]"));
    EXPECT_EQ(d.step<ir::step::Install>("c", 0).value.size(), 2u);
}

TEST(DecodeSteps, ScalarSteps) {
    Decoded d("containers:\n  c:\n    setup:\n"
              "    - !Ubuntu bionic\n    - !UbuntuPPA a/b\n    - !Repo edge/testing\n"
              "    - !Sh echo hi\n    - !Py3Requirements req.txt\n    - !EnsureDir /x\n"
              "    - !Container base\n");
    ASSERT_EQ(d.codes(), Codes{});
    EXPECT_EQ(d.step<ir::step::Ubuntu>("c", 0).value.text, "bionic");
    EXPECT_EQ(d.step<ir::step::UbuntuPPA>("c", 1).value.text, "a/b");
    EXPECT_EQ(d.step<ir::step::Repo>("c", 2).value.text, "edge/testing");
    EXPECT_EQ(d.step<ir::step::Sh>("c", 3).value.text, "echo hi");
    EXPECT_EQ(d.step<ir::step::Py3Requirements>("c", 4).value.text, "req.txt");
    EXPECT_EQ(d.step<ir::step::EnsureDir>("c", 5).value.text, "/x");
    EXPECT_EQ(d.step<ir::step::Container>("c", 6).value.text, "base");
    EXPECT_EQ(Decoded(setup("!EnsureDir rel")).codes(), Codes{"bad-path@4:18"});
}

TEST(DecodeSteps, Defaults) {
    Decoded d("containers:\n  c:\n    setup:\n"
              "    - !Tar {url: http://x/a.tar}\n"
              "    - !Download {url: http://x/f, path: /f}\n"
              "    - !Copy {source: /work/a, path: /a}\n"
              "    - !GitInstall {url: http://x/r.git}\n"
              "    - !UbuntuRelease {codename: focal}\n"
              "    - !Build {container: c}\n"
              "    - !SubConfig {container: x}\n"
              "    - !RunAs {script: id}\n"
              "    - !NpmConfig\n"
              "    - !GitDescribe\n");
    ASSERT_EQ(d.codes(), Codes{});
    const auto& tar = d.step<ir::step::Tar>("c", 0);
    EXPECT_EQ(tar.path.text, "/");
    EXPECT_EQ(tar.subdir.text, "");
    EXPECT_FALSE(tar.sha256);
    EXPECT_EQ(d.step<ir::step::Download>("c", 1).mode, 0644u);
    const auto& copy = d.step<ir::step::Copy>("c", 2);
    EXPECT_EQ(copy.umask, 0002u);
    EXPECT_FALSE(copy.preserve_permissions);
    EXPECT_FALSE(copy.ignore_regex);
    const auto& gi = d.step<ir::step::GitInstall>("c", 3);
    EXPECT_EQ(gi.subdir.text, ".");
    EXPECT_EQ(gi.script.text, "./configure --prefix=/usr\nmake\nmake install\n");
    const auto& ur = d.step<ir::step::UbuntuRelease>("c", 4);
    EXPECT_EQ(ur.arch.text, "amd64");
    EXPECT_TRUE(ur.eatmydata);
    EXPECT_FALSE(ur.keep_chfn_command);
    const auto& b = d.step<ir::step::Build>("c", 5);
    EXPECT_EQ(b.source.text, "/");
    EXPECT_FALSE(b.content_hash);
    const auto& sc = d.step<ir::step::SubConfig>("c", 6);
    EXPECT_EQ(sc.source.kind(), ir::SubConfigSourceKind::Directory);
    EXPECT_EQ(sc.path.text, "vagga.yaml");
    const auto& ra = d.step<ir::step::RunAs>("c", 7);
    EXPECT_EQ(ra.work_dir.text, "/work");
    EXPECT_EQ(ra.user_id, 0u);
    const auto& nc = d.step<ir::step::NpmConfig>("c", 8);
    EXPECT_EQ(nc.npm_exe.text, "npm");
    EXPECT_EQ(nc.yarn_exe.text, "/usr/bin/yarn");
    EXPECT_TRUE(nc.install_node);
    EXPECT_EQ(d.step<ir::step::GitDescribe>("c", 9).repo.text, "/work");
}

TEST(DecodeSteps, ModeAndUmaskAreNumbersWithUnitsAndPrefixes) {
    Decoded d("containers:\n  c:\n    setup:\n"
              "    - !Download {url: u, path: /f, mode: 644}\n"
              "    - !Download {url: u, path: /f, mode: 0o755}\n"
              "    - !Copy {source: /s, path: /p, umask: 0o022}\n");
    ASSERT_EQ(d.codes(), Codes{});
    EXPECT_EQ(d.step<ir::step::Download>("c", 0).mode, 644u); // decimal 644
    EXPECT_EQ(d.step<ir::step::Download>("c", 1).mode, 0755u);
    EXPECT_EQ(d.step<ir::step::Copy>("c", 2).umask, 022u);
    EXPECT_EQ(Decoded(setup("!Copy {source: /s, path: /p, umask: 0o1000}")).codes(),
              Codes{"bad-value@4:43"});
}

TEST(DecodeSteps, ShorthandForms) {
    Decoded d("containers:\n  c:\n    setup:\n"
              "    - !Depends requirements.txt\n    - !GitDescribe /version.txt\n"
              "    - !Env {HOME: /root}\n    - !Text {/etc/x: hello}\n"
              "    - !CacheDirs {/var/cache/apt: apt}\n");
    ASSERT_EQ(d.codes(), Codes{});
    EXPECT_EQ(d.step<ir::step::Depends>("c", 0).path.text, "requirements.txt");
    EXPECT_EQ(d.step<ir::step::GitDescribe>("c", 1).output_file->text, "/version.txt");
    EXPECT_EQ(d.step<ir::step::Env>("c", 2).value.at(ir::Str("HOME")).text, "/root");
    EXPECT_EQ(d.step<ir::step::Text>("c", 3).value.at(ir::Str("/etc/x")).text, "hello");
    EXPECT_EQ(d.step<ir::step::CacheDirs>("c", 4).value.at(ir::Str("/var/cache/apt")).text, "apt");
    EXPECT_EQ(Decoded(setup("!Text {rel: x}")).codes(), Codes{"bad-path@4:14"});
}

TEST(DecodeSteps, GitDescribeMatchIsUnknownKey) {
    Decoded d(setup("!GitDescribe {match: v*}"));
    ASSERT_EQ(d.codes(), Codes{"unknown-key@4:21"});
    EXPECT_EQ(d.first().message, "unknown field `match` in `!GitDescribe` in container `c`");
}

TEST(DecodeSteps, SubConfigSources) {
    Decoded d("containers:\n  c:\n    setup:\n"
              "    - !SubConfig {source: !Container base, path: sub/vagga.yaml, container: x}\n"
              "    - !SubConfig {source: !Git {url: http://x/r.git, branch: b}, container: y}\n"
              "    - !SubConfig {source: !Directory, container: z, cache: true}\n");
    ASSERT_EQ(d.codes(), Codes{});
    const auto& a = d.step<ir::step::SubConfig>("c", 0);
    EXPECT_EQ(ir::get<ir::sub_config_source::Container>(a.source.value).value.text, "base");
    EXPECT_EQ(a.path.text, "sub/vagga.yaml");
    const auto& b = d.step<ir::step::SubConfig>("c", 1);
    EXPECT_EQ(ir::get<ir::sub_config_source::Git>(b.source.value).branch->text, "b");
    EXPECT_EQ(d.step<ir::step::SubConfig>("c", 2).cache, std::optional<bool>(true));
    EXPECT_EQ(Decoded(setup("!SubConfig {path: /abs.yaml, container: x}")).codes(),
              Codes{"bad-path@4:25"});
}

TEST(DecodeSteps, PipAndComposerConfigSnakeCaseKeys) {
    Decoded d("containers:\n  c:\n    setup:\n"
              "    - !PipConfig {dependencies: true, index-urls: [a], allow-pre-releases: true}\n"
              "    - !ComposerDependencies {ignore_platform_reqs: true, dev: false}\n");
    ASSERT_EQ(d.codes(), Codes{});
    const auto& p = d.step<ir::step::PipConfig>("c", 0);
    EXPECT_TRUE(p.dependencies);
    EXPECT_TRUE(p.cache_wheels);
    EXPECT_EQ(p.index_urls.size(), 1u);
    EXPECT_TRUE(p.allow_pre_releases);
    const auto& c = d.step<ir::step::ComposerDependencies>("c", 1);
    EXPECT_TRUE(c.ignore_platform_reqs);
    EXPECT_FALSE(c.dev);
}

} // namespace
} // namespace vagga::testing
