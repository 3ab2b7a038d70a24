// `vagga _pack_image [-f FILE] [-z|-j|-J] CONTAINER` and
// `vagga _push_image CONTAINER` (runtime.md §1.8.8).
#pragma once

#include "cli/frontend.h"

#include <string>
#include <vector>

namespace vagga::cli {

int builtin_pack_image(Session& s, const std::vector<std::string>& args);
int builtin_push_image(Session& s, const std::vector<std::string>& args);

} // namespace vagga::cli
