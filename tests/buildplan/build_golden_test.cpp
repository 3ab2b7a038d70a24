// Every container of every project in ../shared/corpus is lowered to a build
// plan with a fixed, fake host (no privileges, nothing built), and the plans
// with their rendered diagnostics are compared with
// tests/buildplan/golden/<project>.json. VAGGA_UPDATE_GOLDEN=1 rewrites the
// golden files; review the diff before keeping it.
#include "compiler/checks/checks.h"
#include "compiler/diag/render.h"
#include "compiler/lower/build.h"
#include "compiler/lower/build_json.h"
#include "compiler/project/project.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace vagga;

namespace {

const fs::path kCorpus = VAGGA_CORPUS_DIR;
const fs::path kGolden = VAGGA_GOLDEN_DIR;

std::vector<fs::path> corpus_projects() {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(kCorpus))
        if (e.path().filename() == "vagga.yaml")
            out.push_back(e.path().parent_path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string golden_name(const fs::path& project) {
    std::string rel = project.lexically_relative(kCorpus).string();
    std::replace(rel.begin(), rel.end(), '/', '_');
    return rel + ".json";
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The project's settings with the mirrors a user would set (the code knows
// no mirror host names, so without them those steps are errors).
project::Settings with_mirrors(project::Settings s) {
    if (s.ubuntu_mirror.empty())
        s.ubuntu_mirror = "http://ubuntu.invalid/ubuntu/";
    if (s.alpine_mirror.empty())
        s.alpine_mirror = "http://alpine.invalid/alpine/";
    return s;
}

lower::BuildInput fake_input(const ir::Config& config, const project::Settings& settings,
                             const std::string& name) {
    lower::BuildInput in;
    in.config = &config;
    in.settings = &settings;
    in.project_root = "/project";
    in.root_dir = "/project/.vagga/.roots/.tmp." + name + "/root";
    in.cache_dir = "/project/.vagga/.cache";
    in.debian_mirror = "http://mirror.invalid/debian";
    in.host_env = {{"http_proxy", "http://proxy.invalid:3128"}, {"TERM", "xterm"}};
    in.container_root = [](const std::string& c) -> std::optional<std::string> {
        return "/project/.vagga/.roots/" + c + ".00000000/root";
    };
    return in;
}

// The build plans of all containers of one project, as one JSON document.
nlohmann::ordered_json project_builds(const fs::path& dir) {
    project::Frontend fe;
    fe.sources.set_display_base(kCorpus);
    auto where = project::discover(dir, *fe.fs);
    project::LoadOptions opts;
    opts.read_settings = false;
    auto p = project::load(fe, *where, opts);
    checks::check_load(p.config, fe.diags);
    nlohmann::ordered_json doc = nlohmann::ordered_json::object();
    if (fe.diags.has_errors()) {
        doc["load_errors"] = diag::render_text(fe.sources, fe.diags);
        return doc;
    }
    auto settings = with_mirrors(p.settings);
    for (const auto& [name, container] : p.config.containers) {
        diag::Diagnostics diags;
        auto in = fake_input(p.config, settings, name.text);
        auto plan = lower::lower_build(in, name.text, diags);
        nlohmann::ordered_json entry;
        entry["dependencies"] = lower::build_dependencies(p.config, name.text);
        entry["plan"] = lower::located_build_plan_json(plan, fe.sources);
        if (!diags.empty())
            entry["diagnostics"] = diag::render_text(fe.sources, diags);
        doc[name.text] = std::move(entry);
    }
    return doc;
}

class BuildPlansGolden : public ::testing::TestWithParam<fs::path> {};

TEST_P(BuildPlansGolden, MatchesGolden) {
    std::string actual = project_builds(GetParam()).dump(2) + "\n";
    fs::path golden = kGolden / golden_name(GetParam());
    if (std::getenv("VAGGA_UPDATE_GOLDEN")) {
        fs::create_directories(kGolden);
        std::ofstream(golden) << actual;
        return;
    }
    ASSERT_TRUE(fs::exists(golden))
        << "no golden file " << golden << " (run with VAGGA_UPDATE_GOLDEN=1)";
    EXPECT_EQ(slurp(golden), actual) << "build plans of " << GetParam() << " changed";
}

std::string param_name(const ::testing::TestParamInfo<fs::path>& info) {
    std::string n = info.param.lexically_relative(kCorpus).string();
    for (char& c : n)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '_';
    return n;
}

INSTANTIATE_TEST_SUITE_P(Corpus, BuildPlansGolden, ::testing::ValuesIn(corpus_projects()),
                         param_name);

TEST(BuildPlansGolden, EveryGoldenFileHasAProject) {
    std::set<std::string> expected;
    for (const auto& p : corpus_projects())
        expected.insert(golden_name(p));
    for (const auto& e : fs::directory_iterator(kGolden))
        EXPECT_TRUE(expected.count(e.path().filename().string())) << "stale " << e.path();
}

} // namespace
