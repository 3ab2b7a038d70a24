// Every container of every project in ../shared/corpus is lowered to a build
// plan with a fixed, fake host (no privileges, nothing built), and the plans
// with their rendered diagnostics are compared with
// tests/compiler/lower/build/golden/<project>.json. VAGGA_UPDATE_GOLDEN=1 rewrites the
// golden files; review the diff before keeping it.
#include "app/versions.h"
#include "compiler/diag/render.h"
#include "compiler/lower/build.h"
#include "compiler/lower/build_json.h"
#include "tests/common/golden.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace vagga;

namespace {

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
    // A fixed description that names what was asked.
    in.git_describe = [](const std::string& repo, const std::optional<std::string>& pattern,
                         std::string&) -> std::optional<std::string> {
        return "v0.0.1-1-g0123456 (" + repo + (pattern ? " " + *pattern : "") + ")";
    };
    return in;
}

// The build plans of all containers of one project, as one JSON document.
nlohmann::ordered_json project_builds(const fs::path& dir) {
    return test::project_document(dir, [](const project::Project& p, project::Frontend& fe,
                                          nlohmann::ordered_json& doc) {
        const auto& settings = p.settings;
        for (const auto& [name, container] : p.config.containers) {
            diag::Diagnostics diags;
            auto in = fake_input(p.config, settings, name.text);
            // The project's own files are the corpus's (a file the
            // corpus does not have is the located error a user gets).
            const std::string root = p.root.string();
            auto real = [root](const std::string& path) {
                return path.rfind("/project", 0) == 0 ? root + path.substr(8) : path;
            };
            // Messages name the fake /project, not this machine's path.
            in.load_config = [load = app::config_loader(fe), real, root](
                                 const std::string& d, const std::string& f, std::string& error) {
                auto c = load(real(d), real(f), error);
                for (size_t at = error.find(root); at != std::string::npos;
                     at = error.find(root, at))
                    error.replace(at, root.size(), "/project");
                return c;
            };
            in.read_project_file = [root](const std::string& rel,
                                          std::string& error) -> std::optional<std::string> {
                std::ifstream f(root + "/" + rel, std::ios::binary);
                if (!f) {
                    error = "No such file or directory";
                    return std::nullopt;
                }
                std::stringstream ss;
                ss << f.rdbuf();
                return ss.str();
            };
            auto plan = lower::lower_build(in, name.text, diags);
            nlohmann::ordered_json entry;
            entry["dependencies"] = lower::build_dependencies(p.config, name.text);
            entry["plan"] = lower::located_build_plan_json(plan, fe.sources);
            if (!diags.empty())
                entry["diagnostics"] = diag::render_text(fe.sources, diags);
            doc[name.text] = std::move(entry);
        }
    });
}

class BuildPlansGolden : public ::testing::TestWithParam<fs::path> {};

TEST_P(BuildPlansGolden, MatchesGolden) {
    test::expect_golden(GetParam(), project_builds(GetParam()).dump(2) + "\n", "build plans");
}

INSTANTIATE_TEST_SUITE_P(Corpus, BuildPlansGolden, ::testing::ValuesIn(test::corpus_projects()),
                         test::corpus_param_name);

TEST(BuildPlansGolden, EveryGoldenFileHasAProject) {
    test::expect_no_stale_golden();
}

} // namespace
