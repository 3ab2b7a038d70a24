// The runtime's entry point: start a container as described by a launch
// plan and wait for it.
//
//   auto r = vagga::runtime::launch(plan, vagga::runtime::Host::from_process());
//   if (r.error) print(r.error->message());   // span: r.error->span
//   return r.exit_code;
//
// Exit codes (runtime.md §6): the command's own code, or 128+signal;
// 121 when the launcher cannot start the container (host problems, plan
// errors), 124 when setting up the container fails, 127 for a supervise
// with no children or a child that could not be started.
#pragma once

#include "compiler/plan/launch_plan.h"
#include "runtime/host.h"
#include "runtime/sys.h"

#include <optional>

namespace vagga::runtime {

// Call launch() from a single-threaded process (as the CLI is): the
// namespaces are created with a raw clone3(), after which only this thread
// exists in the child.
struct LaunchResult {
    int exit_code = 0;
    std::optional<Error> error; // set when exit_code is 121 or 124 because of us
};

LaunchResult launch(const plan::LaunchPlan& plan, const Host& host);

// Checks what a plan's types cannot say (a root, a command line) without
// touching the system.
Status validate(const plan::LaunchPlan& plan);

// Why creating a user namespace failed with `err`, naming the fix.
std::string userns_hint(int err);

} // namespace vagga::runtime
