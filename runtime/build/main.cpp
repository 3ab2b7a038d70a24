// vagga-build PLAN.json|-: builds one container from a build plan (the
// JSON `vagga _plan --build` prints) and exits with the builder's code:
// 0 built, 1 a step failed, 121 the build could not start, 122 bad usage.
#include "compiler/plan/build_plan_json.h"
#include "runtime/build/builder.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
    // Options let tests substitute the host's id files and helpers.
    auto host = vagga::runtime::Host::from_process();
    std::string name;
    int report_fd = -1;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--report-fd" && i + 1 < argc) {
            // The CLI renders a failed step with its config line from this.
            report_fd = std::atoi(argv[++i]);
        } else if (a == "--subuid" && i + 1 < argc) {
            host.subuid_path = argv[++i];
        } else if (a == "--subgid" && i + 1 < argc) {
            host.subgid_path = argv[++i];
        } else if (a == "--newuidmap" && i + 1 < argc) {
            host.newuidmap = argv[++i];
        } else if (a == "--newgidmap" && i + 1 < argc) {
            host.newgidmap = argv[++i];
        } else if (name.empty() && (a == "-" || a.rfind("--", 0) != 0)) {
            name = a;
        } else {
            name.clear();
            break;
        }
    }
    if (name.empty()) {
        std::fprintf(stderr, "Usage: vagga-build [--report-fd N] [--subuid F] [--subgid F] "
                             "[--newuidmap P] [--newgidmap P] PLAN.json|-\n");
        return 122;
    }
    std::stringstream ss;
    if (name == "-") {
        ss << std::cin.rdbuf();
    } else {
        std::ifstream in(name);
        if (!in) {
            std::fprintf(stderr, "vagga-build: cannot read %s\n", name.c_str());
            return 122;
        }
        ss << in.rdbuf();
    }
    auto doc = nlohmann::json::parse(ss.str(), nullptr, false);
    if (doc.is_discarded()) {
        std::fprintf(stderr, "vagga-build: %s: not valid JSON\n", name.c_str());
        return 122;
    }
    vagga::plan::BuildPlan plan;
    std::string error;
    if (!vagga::plan::from_json(doc, &plan, &error)) {
        std::fprintf(stderr, "vagga-build: %s: %s\n", name.c_str(), error.c_str());
        return 122;
    }
    auto result = vagga::runtime::build::run_build(plan, host);
    if (result.error && report_fd >= 0) {
        (void)vagga::runtime::sys::write_all(report_fd, vagga::runtime::encode_error(*result.error),
                                             "report fd");
    } else if (result.error) {
        const auto& sp = result.error->span;
        std::string where = sp.valid()
                                ? " (config span " + std::to_string(sp.file) + ":" +
                                      std::to_string(sp.begin) + "-" + std::to_string(sp.end) + ")"
                                : "";
        std::fprintf(stderr, "vagga: error: %s%s\n", result.error->message().c_str(),
                     where.c_str());
    }
    return result.exit_code;
}
