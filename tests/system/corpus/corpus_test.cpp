// Every config in ../shared/corpus, found by walking the folder at test
// time, gets the verdict of corpus/README.md: loaded as the project's main
// file (the way `vagga check --config FILE` does), with the load-time checks
// and the references `vagga check` adds.
#include "compiler/checks/checks.h"
#include "compiler/project/project.h"
#include "helpers.h"

namespace vagga::testing {
namespace {

namespace fs = std::filesystem;
using Codes = std::vector<std::string>;

const fs::path kCorpus = fs::canonical(VAGGA_CORPUS_DIR);

// Files that are not configs on their own: the config that loads them.
const std::map<std::string, std::string> kLoadedThrough = {
    {"vagga-tests/mixins/mixins1.yaml", "vagga-tests/mixins/vagga.yaml"},
    {"vagga-tests/mixins/mixins2.yaml", "vagga-tests/mixins/vagga.yaml"},
    {"vagga-tests/mixins_version/mixins.yaml", "vagga-tests/mixins_version/vagga.yaml"},
    {"vagga-tests/subconfig/docker-parser.yaml", "vagga-tests/subconfig/vagga.yaml"},
    {"vagga-tests/subconfig/subdir/docker-subconfigs.yaml", "vagga-tests/subconfig/vagga.yaml"},
};

// Expected diagnostics ("code@line:col", warnings prefixed); every other
// config must give none at all.
const std::map<std::string, Codes> kExpected = {
    {"vagga-tests/badcmd/vagga.yaml", {"missing-field@7:5"}},
    // The original reported the unknown tag at 8:1, the token AFTER the bare
    // tag (past the end of this 7-line file); we point at the tag itself.
    {"vagga-tests/version/vagga.yaml", {"minimum-version@2:16", "unknown-tag@7:9"}},
    {"vagga-tests/cyclic/vagga.yaml", {"container-cycle@5:18"}},
    {"vagga-tests/mixins_version/vagga.yaml", {"warning:mixin-skipped@2:3"}},
    // The original warned about `version` only when building; we say it at once.
    {"vagga-tests/ubuntu_release/vagga.yaml", {"warning:deprecated@14:24"}},
    // The six doc examples that name a container they do not define.
    {"docs/010_commands_L71.yaml", {"unknown-container@4:16"}},
    {"docs/013_commands_L177.yaml", {"unknown-container@12:20", "unknown-container@16:20"}},
    {"docs/017_config_overview_L99.yaml", {"unknown-container@4:16"}},
    {"docs/020_supervision_L45.yaml", {"unknown-container@6:20", "unknown-container@9:20"}},
    {"docs/022_vagga_features_L104.yaml", {"unknown-container@4:16", "unknown-container@8:16"}},
    {"docs/024_vagga_features_L314.yaml",
     {"unknown-container@5:20", "unknown-container@8:20", "unknown-container@11:20"}},
};

std::vector<std::string> corpus_configs() {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(kCorpus)) {
        auto ext = e.path().extension();
        if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml"))
            out.push_back(e.path().lexically_relative(kCorpus).string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

struct Checked {
    project::Frontend fe;
    project::Project p;
    explicit Checked(const std::string& rel) {
        fs::path file = kCorpus / rel;
        fe.sources.set_display_base(file.parent_path());
        project::Discovery where{file.parent_path(), file, {}};
        p = project::load(fe, where, {false, std::nullopt, std::nullopt});
        checks::check_load(p.config, fe.diags);
        checks::check_references(p.config, fe.diags);
    }
    Codes codes() const { return summary(fe.sources, fe.diags); }
    std::string text() const { return diag::render_text(fe.sources, fe.diags); }
};

class Corpus : public ::testing::TestWithParam<std::string> {};

TEST_P(Corpus, Verdict) {
    const std::string& rel = GetParam();
    if (auto it = kLoadedThrough.find(rel); it != kLoadedThrough.end()) {
        // Checked through its including config (see the tests below).
        Checked c(it->second);
        EXPECT_FALSE(c.fe.diags.has_errors()) << c.text();
        return;
    }
    Checked c(rel);
    Codes want;
    if (auto it = kExpected.find(rel); it != kExpected.end())
        want = it->second;
    // The API reports in check order (`vagga check` sorts by position).
    Codes got = c.codes();
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    EXPECT_EQ(got, want) << c.text();
}

std::string test_name(const ::testing::TestParamInfo<std::string>& p) {
    std::string n = p.param;
    for (char& ch : n)
        if (!isalnum(static_cast<unsigned char>(ch)))
            ch = '_';
    return n;
}

INSTANTIATE_TEST_SUITE_P(Files, Corpus, ::testing::ValuesIn(corpus_configs()), test_name);

TEST(CorpusInventory, EveryExpectationNamesAFile) {
    auto all = corpus_configs();
    EXPECT_GE(all.size(), 80u);
    for (const auto& [rel, codes] : kExpected)
        EXPECT_TRUE(std::count(all.begin(), all.end(), rel)) << rel;
    for (const auto& [rel, through] : kLoadedThrough)
        EXPECT_TRUE(std::count(all.begin(), all.end(), rel)) << rel;
    size_t docs_unknown = 0;
    for (const auto& [rel, codes] : kExpected)
        if (rel.rfind("docs/", 0) == 0)
            ++docs_unknown;
    EXPECT_EQ(docs_unknown, 6u);
}

TEST(CorpusThrough, SubconfigFragmentsAreIncluded) {
    Checked c("vagga-tests/subconfig/vagga.yaml");
    ASSERT_EQ(c.codes(), Codes{});
    for (const char* name : {"docker-parser", "docker-raw", "docker-smart", "subdir"})
        EXPECT_EQ(c.p.config.containers.count(ir::Str(name)), 1u) << name;
    // !SubConfig reads subdir/vagga.yaml on its own: valid too.
    project::Frontend fe;
    auto sub = project::load_config_file(fe, kCorpus / "vagga-tests/subconfig/subdir",
                                         kCorpus / "vagga-tests/subconfig/subdir/vagga.yaml");
    EXPECT_TRUE(fe.diags.empty());
    EXPECT_EQ(sub.containers.count(ir::Str("calc")), 1u);
}

TEST(CorpusThrough, MixinsUseTheIncludersContainer) {
    Checked c("vagga-tests/mixins/vagga.yaml");
    ASSERT_EQ(c.codes(), Codes{});
    std::map<std::string, std::string> from;
    for (const auto& [name, cmd] : c.p.config.commands)
        from[name.text] = c.fe.sources.file(cmd.span.file).path.filename().string();
    // vagga.yaml wins over both mixins, mixins2.yaml over mixins1.yaml.
    EXPECT_EQ(from, (std::map<std::string, std::string>{{"m1", "mixins1.yaml"},
                                                        {"m1x", "mixins2.yaml"},
                                                        {"m2", "mixins2.yaml"},
                                                        {"overrides", "vagga.yaml"},
                                                        {"top", "vagga.yaml"}}));
}

TEST(CorpusThrough, TooNewMixinIsSkippedShowingOnlyItsVersion) {
    Checked c("vagga-tests/mixins_version/vagga.yaml");
    ASSERT_EQ(c.codes(), Codes{"warning:mixin-skipped@2:3"});
    const auto& w = c.fe.diags.list()[0];
    ASSERT_EQ(w.notes.size(), 1u);
    auto lc = c.fe.sources.start(w.notes[0].span);
    EXPECT_EQ(lc.line, 2u);
    EXPECT_EQ(lc.col, 16u);
    EXPECT_EQ(w.notes[0].message,
              "this config needs vagga 9999.0.0 or newer; this is vagga v0.8.1");
    EXPECT_EQ(c.p.config.containers.size(), 1u);
}

TEST(CorpusThrough, CyclicMessage) {
    Checked c("vagga-tests/cyclic/vagga.yaml");
    ASSERT_EQ(c.fe.diags.size(), 1u);
    EXPECT_EQ(c.fe.diags.list()[0].message, "container `crash` depends on itself");
}

} // namespace
} // namespace vagga::testing
