// Building containers (runtime.md §5): the version check, the build lock,
// `vagga-build` run on a lowered BuildPlan, the atomic commit into
// `.roots/NAME.HASH8`, and the `.vagga/NAME` symlink switch. `vagga CMD`,
// `vagga _run` and `vagga _build` all come through ensure_built().
#pragma once

#include "cli/frontend.h"

#include <string>
#include <vector>

namespace vagga::cli {

enum class BuildMode {
    Normal,         // build when the version changed
    Force,          // `_build --force`: rebuild even when up to date
    NoBuild,        // --no-build: fail (29) when a build would be needed
    NoVersionCheck, // --no-version-check: use whatever .vagga/NAME points to
    NoImage,        // --no-image-download: never use `image-cache-url`
};

BuildMode build_mode_from_flag(const std::string& flag); // "", "no-build", "no-version", ...

// Builds `container` if its version is not built yet, its dependencies
// (!Container, !Build) first, and points `.vagga/NAME` at the current
// version. Returns 0, or the exit code after printing why on stderr.
int ensure_built(Session& s, const std::string& container, BuildMode mode);

// The containers a command runs in (its own, its supervise children's, and
// those its volumes name), each once, in order.
std::vector<std::string> containers_of_command(const ir::Config& config, const std::string& name);

// Every volume a command mounts: its own and its container's, and for a
// !Supervise every child's and every child's container's.
std::vector<const ir::Volume*> volumes_of_command(const ir::Config& config,
                                                  const std::string& name);

// `vagga _build [--force] CONTAINER`
int builtin_build(Session& s, const std::vector<std::string>& args);

// `vagga _plan --build CONTAINER`: the build plan as JSON.
int print_build_plan(Session& s, const std::string& container);

} // namespace vagga::cli
