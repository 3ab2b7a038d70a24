// The builder's own root (runtime.md §5.4, the original's "vagga root" of a
// build): before any step runs, the builder pivots into a small read-only
// tmpfs that holds only what the build needs, so that neither it nor a
// tool it runs (mmdebstrap, a package's maintainer script that leaves the
// step's root) reaches the rest of the user's files:
//
//   /work              the project, read-write (as steps see it)
//   /vagga/container   the folder of the image being built (root, maps, log)
//   /vagga/cache       the cache folder
//   /vagga/roots/N     another container a step copies from (read-only)
//   /vagga/volumes/N   an external volume a local source lies in (read-only)
//   /usr /etc /bin ... the host's system, read-only: the host tools the
//                      distribution steps run and libcurl's certificates
//   /dev /sys          the host's (as steps get them), /sys read-only
//   /proc              a procfs of the build's pid namespace
//   /tmp               a fresh tmpfs
//
// The plan's host paths are rewritten to these places (relocate()), so the
// steps' code works on the plan as it is.
#pragma once

#include "compiler/plan/build_plan.h"
#include "runtime/sys.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vagga::runtime::build {

struct BuildRootMap {
    // host folder -> where it is in the build root, in the order they are
    // bound; a folder inside another one is reached through that one.
    std::vector<std::pair<std::string, std::string>> folders;
    std::vector<bool> read_only; // per folder

    // Where `host_path` is in the build root (longest folder first);
    // nullopt when it is in none of them.
    std::optional<std::string> inside(const std::string& host_path) const;
};

// The folders a plan needs. Pure.
BuildRootMap build_root_map(const plan::BuildPlan& plan);

// The plan with every host path as the builder sees it in the build root;
// an error names a path that is in no folder of the map. Pure.
Result<plan::BuildPlan> relocate(const plan::BuildPlan& plan, const BuildRootMap& map);

// Builds the root in our (private) mount namespace and pivot_roots into it.
// Needs to be pid 1 of the build's pid namespace (for /proc).
Status pivot_into_build_root(const BuildRootMap& map);

} // namespace vagga::runtime::build
