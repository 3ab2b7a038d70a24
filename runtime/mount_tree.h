// Builds a container's mount tree from the filesystem ops of a plan and
// pivots into it. Runs in the child, inside the new user and mount
// namespaces, before the command's credentials are applied.
#pragma once

#include "compiler/plan/launch_plan.h"
#include "runtime/host.h"
#include "runtime/sys.h"

#include <vector>

namespace vagga::runtime {

// Executes Root, MakeDir, Bind, Tmpfs, Proc, Sysfs, Dev, WriteFile, Symlink,
// HostFile and Snapshot in order (the other ops are skipped), then
// pivot_root()s into the container root. Every error carries its op's span.
Status build_mount_tree(const std::vector<plan::OpBox>& ops, const Host& host);

} // namespace vagga::runtime
