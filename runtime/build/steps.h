// The ops of build steps and the finish of a build (runtime.md §5.4-5.5),
// executed inside the build's namespaces on a prepared root.
#pragma once

#include "runtime/build/context.h"

namespace vagga::runtime::build {

// Runs one op. Errors carry the op's span.
Status run_op(StepContext& ctx, const plan::BuildOp& op);

// Undoes ctx.mounts, last first.
Status unmount_all(StepContext& ctx);

// The finish, §5.4 "Finish" 2-9: the distribution's clean-up, unmounting
// (every path in ctx.mounts, in reverse), truncation of resolv.conf, hosts
// and plan.truncate_files, !Remove, emptying tmp, var/tmp and !EmptyDir,
// the system and !EnsureDir directories, data-dirs.
Status finish_build(StepContext& ctx);

} // namespace vagga::runtime::build
