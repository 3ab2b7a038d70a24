// Opening a host path of a plan as its plan::Resolve says: as it is, or
// resolved beneath (or in) the root it belongs to, so that neither `..`
// nor a symlink in the project, the storage or an image leads elsewhere.
// What is opened is then used through /proc/self/fd/N (sys::fd_path).
#pragma once

#include "compiler/plan/launch_plan.h"
#include "runtime/sys.h"

#include <string>

namespace vagga::runtime {

Result<Fd> open_host_path(const std::string& path, const std::string& root, plan::Resolve how,
                          int flags);

// A name that is one folder: not empty, no `/`, not `.` or `..` (volume
// names; `vagga check` reports others, this is the runtime's own guard).
bool is_single_name(const std::string& name);

} // namespace vagga::runtime
