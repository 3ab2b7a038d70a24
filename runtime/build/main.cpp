// vagga-build PLAN.json|-: builds one container from a build plan (the
// JSON `vagga _plan --build` prints) and exits with the builder's code:
// 0 built, 1 a step failed, 121 the build could not start, 122 bad usage.
#include "compiler/plan/build_plan_json.h"
#include "runtime/build/builder.h"
#include "runtime/driver_args.h"
#include "runtime/main_guard.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>

namespace {

int build_main(int argc, char** argv) {
    // Nothing we inherited reaches a program we start (vagga-build, the
    // id-map helpers, host tools): pid 1 and the builder, which never exec,
    // close theirs themselves.
    (void)vagga::runtime::sys::cloexec_from(3);
    // An image must not depend on who built it: its version hash does not
    // include the builder's umask, so a user's `umask 077` would otherwise
    // make files of `!Sh` and `!EnsureDir` unreadable to the container's
    // other users. 022, as container builders use.
    vagga::runtime::sys::set_umask(022);
    auto host = vagga::runtime::Host::from_process();
    int report_fd = -1;
    std::string name = vagga::runtime::parse_driver_args(
        argc, argv, &host, [&](const std::string& option, const char* value) {
            // The CLI renders a failed step with its config line from this.
            if (option != "--report-fd") {
                return false;
            }
            report_fd = std::atoi(value);
            return true;
        });
    if (name.empty()) {
        std::fprintf(stderr, "Usage: vagga-build [--report-fd N] [--subuid F] [--subgid F] "
                             "[--newuidmap P] [--newgidmap P] PLAN.json|-\n");
        return 122;
    }
    auto doc = vagga::runtime::read_json_arg("vagga-build", name);
    if (!doc) {
        return 122;
    }
    vagga::plan::BuildPlan plan;
    std::string error;
    if (!vagga::plan::from_json(*doc, &plan, &error)) {
        std::fprintf(stderr, "vagga-build: %s: %s\n", name.c_str(), error.c_str());
        return 122;
    }
    auto result = vagga::runtime::build::run_build(plan, host);
    if (result.error && report_fd >= 0) {
        (void)vagga::runtime::sys::write_all(report_fd, vagga::runtime::encode_error(*result.error),
                                             "report fd");
    } else if (result.error) {
        std::fprintf(stderr, "vagga: error: %s%s\n", result.error->message().c_str(),
                     vagga::runtime::span_note(result.error->span).c_str());
    }
    return result.exit_code;
}

} // namespace

// An unexpected exception is a builder internal failure: 1 (spec §6).
int main(int argc, char** argv) {
    return vagga::runtime::guarded_main("vagga-build", 1, [&] { return build_main(argc, argv); });
}
