// vagga-run-plan PLAN.json: launches a launch plan given as JSON (the form
// `vagga _plan` prints) and exits with its code. A test and debugging
// driver until `vagga _run` goes through lowering.
#include "compiler/plan/plan_json.h"
#include "runtime/driver_args.h"
#include "runtime/launch.h"
#include "runtime/main_guard.h"

#include <cstdio>

namespace {

int run_plan_main(int argc, char** argv) {
    // Nothing we inherited reaches a program we start (vagga-build, the
    // id-map helpers, host tools): pid 1 and the builder, which never exec,
    // close theirs themselves.
    (void)vagga::runtime::sys::cloexec_from(3);
    auto host = vagga::runtime::Host::from_process();
    std::string name = vagga::runtime::parse_driver_args(argc, argv, &host);
    if (name.empty()) {
        std::fprintf(stderr, "Usage: vagga-run-plan [--subuid F] [--subgid F] [--newuidmap P] "
                             "[--newgidmap P] PLAN.json|-\n");
        return 122;
    }
    auto doc = vagga::runtime::read_json_arg("vagga-run-plan", name);
    if (!doc) {
        return 122;
    }
    vagga::plan::LaunchPlan plan;
    std::string error;
    if (!vagga::plan::from_json(*doc, &plan, &error)) {
        std::fprintf(stderr, "vagga-run-plan: %s: %s\n", name.c_str(), error.c_str());
        return 122;
    }
    auto result = vagga::runtime::launch(plan, host);
    if (result.error) {
        std::fprintf(stderr, "vagga: %s%s\n", result.error->message().c_str(),
                     vagga::runtime::span_note(result.error->span).c_str());
    }
    return result.exit_code;
}

} // namespace

int main(int argc, char** argv) {
    return vagga::runtime::guarded_main("vagga-run-plan", 121,
                                        [&] { return run_plan_main(argc, argv); });
}
