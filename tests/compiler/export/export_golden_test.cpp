// Every command of every project in ../shared/corpus exported with a fixed,
// fake host: its Pod, its compose service, its runc bundle's config.json and
// its image config, with the warnings, compared with
// tests/compiler/export/golden/<project>.json. VAGGA_UPDATE_GOLDEN=1
// rewrites the golden files; review the diff before committing them.
#include "compiler/diag/render.h"
#include "compiler/export/kube.h"
#include "compiler/export/oci.h"
#include "tests/common/golden.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;
using namespace vagga;

namespace {

// YAML text as its lines, so that a golden diff reads line by line.
nlohmann::ordered_json lines(const std::string& text) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    size_t at = 0;
    while (at < text.size()) {
        size_t end = text.find('\n', at);
        out.push_back(text.substr(at, end - at));
        at = end == std::string::npos ? text.size() : end + 1;
    }
    return out;
}

nlohmann::ordered_json project_exports(const fs::path& dir) {
    return test::project_document(dir, [](const project::Project& p, project::Frontend& fe,
                                          nlohmann::ordered_json& doc) {
        lower::LaunchInput in;
        in.config = &p.config;
        in.project_root = "/home/user/project";
        in.vagga_bin_dir = "/usr/lib/vagga";
        in.cache_dir = "/home/user/project/.vagga/.cache";
        in.volumes_dir = "/home/user/project/.vagga/.volumes";
        in.transient_dir = "/home/user/project/.vagga/.transient";
        in.pid = 4242;
        in.container_root = [](const std::string& name) -> std::optional<std::string> {
            return "/home/user/project/.vagga/.roots/" + name + ".hash/root";
        };
        in.read_file = [](const std::string&) -> std::optional<std::string> {
            return std::string("FROM_ENVIRON_FILE=1");
        };
        auto image = [](const std::string& c) {
            return exporter::image_reference(c, "0123456789abcdef");
        };
        exporter::BundleSources sources;
        sources.project_root = in.project_root;
        sources.persistent = [](const std::string& n) { return "/volumes/" + n; };
        sources.cache = [](const std::string& n) { return "/cache/" + n; };
        sources.container_root = [](const std::string& n) { return "/roots/" + n; };
        sources.bind = [](const std::string& path) -> std::string {
            return path.rfind("/work", 0) == 0 ? "/home/user/project" + path.substr(5) : "";
        };
        std::vector<exporter::Workload> all;
        diag::Diagnostics compose_diags;
        for (const auto& [name, cmd] : p.config.commands) {
            diag::Diagnostics diags;
            auto w = exporter::lower_workload(in, name.text, diags);
            nlohmann::ordered_json entry;
            if (!diags.has_errors()) {
                entry["kube"] = lines(exporter::kube_pod(w, in.project_root, image, diags));
                for (const auto& proc : w.processes) {
                    exporter::Image img{proc.container, "0123456789abcdef", {"sha256:00"}};
                    // What depends on the command: the image's
                    // config, the bundle's mounts after the base ones.
                    entry["image"][proc.name] = exporter::image_config(img, &proc)["config"];
                    auto bundle = exporter::runtime_config(proc, {{0, 1000, 1}, {1, 100000, 65535}},
                                                           {{0, 1000, 1}, {1, 100000, 65535}},
                                                           sources, diags);
                    auto& mounts = bundle["mounts"];
                    entry["bundle_mounts"][proc.name] =
                        nlohmann::json(mounts.begin() + 6, mounts.end());
                }
                all.push_back(std::move(w));
            }
            if (!diags.empty())
                entry["diagnostics"] = diag::render_text(fe.sources, diags);
            doc[name.text] = std::move(entry);
        }
        doc["compose"] = lines(exporter::compose_file(all, in.project_root, image, compose_diags));
    });
}

class ExportGolden : public ::testing::TestWithParam<fs::path> {};

TEST_P(ExportGolden, MatchesGolden) {
    test::expect_golden(GetParam(), project_exports(GetParam()).dump(2) + "\n", "export");
}

INSTANTIATE_TEST_SUITE_P(Corpus, ExportGolden, ::testing::ValuesIn(test::corpus_projects()),
                         test::corpus_param_name);

TEST(ExportGolden, EveryGoldenFileHasAProject) {
    test::expect_no_stale_golden();
}

} // namespace
