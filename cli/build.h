// `vagga _build` and `vagga _plan --build`, and ensure_built(), through
// which `vagga CMD`, `_run` and the image commands build what they need
// (the build cycle itself is app/build_cycle.h).
#pragma once

#include "cli/frontend.h"

#include <string>
#include <vector>

namespace vagga::cli {

// "", "no-build", "no-version", "no-image": the global flags' build modes.
app::BuildMode build_mode_from_flag(const std::string& flag);

// Builds `container` (and its dependencies) when needed. Returns 0, or the
// exit code after printing why on stderr.
int ensure_built(Session& s, const std::string& container, app::BuildMode mode);

// `vagga _build [--force] CONTAINER`
int builtin_build(Session& s, const std::vector<std::string>& args);

// `vagga _plan --build CONTAINER`: the build plan as JSON.
int print_build_plan(Session& s, const std::string& container);

} // namespace vagga::cli
