// The builder: carries out a BuildPlan (compiler/plan/build_plan.h) in a
// user namespace with the container's id map, and new mount, pid and ipc
// namespaces. `vagga-build PLAN.json` is its executable; the CLI runs it
// under the build lock and renames plan.root_dir's parent into place when
// it succeeds.
//
// Progress on stderr: `[N/M] LABEL` before each step and its elapsed time
// after it; timings.log as runtime.md §5.4 describes.
#pragma once

#include "compiler/plan/build_plan.h"
#include "runtime/host.h"
#include "runtime/sys.h"

#include <optional>

namespace vagga::runtime::build {

struct BuildResult {
    int exit_code = 0;          // 0 built; 1 a step failed; 121 could not start
    std::optional<Error> error; // what failed, with the step's span
};

BuildResult run_build(const plan::BuildPlan& plan, const Host& host);

} // namespace vagga::runtime::build
