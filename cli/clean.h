// `vagga _clean`: removing old, unused and failed container versions,
// transient copies, volumes, or the whole storage (runtime.md §1.8.4).
#pragma once

#include "cli/frontend.h"

#include <string>
#include <vector>

namespace vagga::cli {

// Exit 0; 1 for a usage error; 2 for an unsupported option; 3 when an
// action failed.
int builtin_clean(Session& s, const std::vector<std::string>& args);

} // namespace vagga::cli
