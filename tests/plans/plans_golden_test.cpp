// Every command of every project in ../shared/corpus is lowered with a fixed,
// fake host (no privileges, no built containers needed) and its plan is
// compared with tests/plans/golden/<project>.json. VAGGA_UPDATE_GOLDEN=1
// rewrites the golden files; review the diff before committing them.
#include "compiler/checks/checks.h"
#include "compiler/diag/render.h"
#include "compiler/lower/launch.h"
#include "compiler/lower/plan_json.h"
#include "compiler/project/project.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
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

// The plans of all commands of one project, as one JSON document.
nlohmann::ordered_json project_plans(const fs::path& dir) {
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
    lower::LaunchInput in;
    in.config = &p.config;
    in.settings = &p.settings;
    in.project_root = "/home/user/project";
    in.vagga_bin_dir = "/usr/lib/vagga";
    in.cache_dir = "/home/user/project/.vagga/.cache";
    in.volumes_dir = "/home/user/project/.vagga/.volumes";
    in.host_env = {{"TERM", "xterm"}, {"HOME", "/home/user"}};
    in.container_root = [](const std::string& name) -> std::optional<std::string> {
        return "/home/user/project/.vagga/.roots/" + name + ".hash/root";
    };
    in.read_file = [](const std::string&) -> std::optional<std::string> {
        return std::string("FROM_ENVIRON_FILE=1");
    };
    for (const auto& [name, cmd] : p.config.commands) {
        diag::Diagnostics diags;
        lower::Invocation inv;
        inv.args = {"arg1", "arg 2"};
        auto plan = lower::lower_command(in, name.text, inv, diags);
        nlohmann::ordered_json entry;
        entry["plan"] = lower::located_plan_json(plan, fe.sources);
        if (!diags.empty())
            entry["diagnostics"] = diag::render_text(fe.sources, diags);
        doc[name.text] = std::move(entry);
    }
    return doc;
}

class PlansGolden : public ::testing::TestWithParam<fs::path> {};

TEST_P(PlansGolden, MatchesGolden) {
    std::string actual = project_plans(GetParam()).dump(2) + "\n";
    fs::path golden = kGolden / golden_name(GetParam());
    if (std::getenv("VAGGA_UPDATE_GOLDEN")) {
        fs::create_directories(kGolden);
        std::ofstream(golden) << actual;
        return;
    }
    std::ifstream in(golden);
    ASSERT_TRUE(in) << "no golden file " << golden << " (run with VAGGA_UPDATE_GOLDEN=1)";
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(ss.str(), actual) << "plan of " << GetParam() << " changed";
}

std::string param_name(const ::testing::TestParamInfo<fs::path>& info) {
    std::string n = info.param.lexically_relative(kCorpus).string();
    for (char& c : n)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '_';
    return n;
}

INSTANTIATE_TEST_SUITE_P(Corpus, PlansGolden, ::testing::ValuesIn(corpus_projects()), param_name);

TEST(PlansGolden, EveryGoldenFileHasAProject) {
    std::set<std::string> expected;
    for (const auto& p : corpus_projects())
        expected.insert(golden_name(p));
    for (const auto& e : fs::directory_iterator(kGolden))
        EXPECT_TRUE(expected.count(e.path().filename().string())) << "stale " << e.path();
}

} // namespace
