// Every command of every project in ../shared/corpus is lowered with a fixed,
// fake host (no privileges, no built containers needed) and its plan is
// compared with tests/compiler/lower/launch/golden/<project>.json. VAGGA_UPDATE_GOLDEN=1
// rewrites the golden files; review the diff before committing them.
#include "compiler/diag/render.h"
#include "compiler/lower/launch.h"
#include "compiler/lower/plan_json.h"
#include "tests/common/golden.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;
using namespace vagga;

namespace {

// The plans of all commands of one project, as one JSON document.
nlohmann::ordered_json project_plans(const fs::path& dir) {
    return test::project_document(
        dir, [](const project::Project& p, project::Frontend& fe, nlohmann::ordered_json& doc) {
            lower::LaunchInput in;
            in.config = &p.config;
            in.settings = &p.settings;
            in.project_root = "/home/user/project";
            in.vagga_bin_dir = "/usr/lib/vagga";
            in.cache_dir = "/home/user/project/.vagga/.cache";
            in.volumes_dir = "/home/user/project/.vagga/.volumes";
            in.transient_dir = "/home/user/project/.vagga/.transient";
            in.pid = 4242;
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
                // A plan with errors is incomplete and never runs (`vagga
                // _plan` prints none either).
                entry["plan"] = diags.has_errors() ? nlohmann::ordered_json(nullptr)
                                                   : lower::located_plan_json(plan, fe.sources);
                if (!diags.empty())
                    entry["diagnostics"] = diag::render_text(fe.sources, diags);
                doc[name.text] = std::move(entry);
            }
        });
}

class PlansGolden : public ::testing::TestWithParam<fs::path> {};

TEST_P(PlansGolden, MatchesGolden) {
    test::expect_golden(GetParam(), project_plans(GetParam()).dump(2) + "\n", "plan");
}

INSTANTIATE_TEST_SUITE_P(Corpus, PlansGolden, ::testing::ValuesIn(test::corpus_projects()),
                         test::corpus_param_name);

TEST(PlansGolden, EveryGoldenFileHasAProject) {
    test::expect_no_stale_golden();
}

} // namespace
