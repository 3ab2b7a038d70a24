// vagga-run-plan PLAN.json: launches a launch plan given as JSON (the form
// `vagga _plan` prints) and exits with its code. A test and debugging
// driver until `vagga _run` goes through lowering.
#include "compiler/plan/plan_json.h"
#include "runtime/launch.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
    // Options let tests substitute the host's id files and helpers.
    auto host = vagga::runtime::Host::from_process();
    std::string name;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--subuid" && i + 1 < argc) {
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
        std::fprintf(stderr, "Usage: vagga-run-plan [--subuid F] [--subgid F] [--newuidmap P] "
                             "[--newgidmap P] PLAN.json|-\n");
        return 122;
    }
    std::string text;
    if (name == "-") {
        std::stringstream ss;
        ss << std::cin.rdbuf();
        text = ss.str();
    } else {
        std::ifstream in(name);
        if (!in) {
            std::fprintf(stderr, "vagga-run-plan: cannot read %s\n", name.c_str());
            return 122;
        }
        std::stringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }
    auto doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded()) {
        std::fprintf(stderr, "vagga-run-plan: %s: not valid JSON\n", name.c_str());
        return 122;
    }
    vagga::plan::LaunchPlan plan;
    std::string error;
    if (!vagga::plan::from_json(doc, &plan, &error)) {
        std::fprintf(stderr, "vagga-run-plan: %s: %s\n", name.c_str(), error.c_str());
        return 122;
    }
    auto result = vagga::runtime::launch(plan, host);
    if (result.error) {
        const auto& sp = result.error->span;
        std::string where = sp.valid()
                                ? " (config span " + std::to_string(sp.file) + ":" +
                                      std::to_string(sp.begin) + "-" + std::to_string(sp.end) + ")"
                                : "";
        std::fprintf(stderr, "vagga: %s%s\n", result.error->message().c_str(), where.c_str());
    }
    return result.exit_code;
}
