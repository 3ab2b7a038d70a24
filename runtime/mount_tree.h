// Builds containers' mount trees from their plans, and the roots pid 1
// pivots into. Runs in pid 1, inside the new user and mount namespaces,
// before any process of the container exists.
#pragma once

#include "compiler/plan/launch_plan.h"
#include "runtime/host.h"
#include "runtime/sys.h"

#include <string>
#include <vector>

namespace vagga::runtime {

// Binds the container's root onto itself (read-only unless writable) in
// our mount namespace and lays its mounts over it, in order. Returns an
// O_PATH fd of the finished tree's top. Every error carries its part's span.
Result<Fd> build_mount_tree(const plan::Container& c, const Host& host);

// !Supervise: builds every child's tree, then pivots into a "vagga root"
// (as the original did): a small read-only tmpfs that holds only the
// children's trees, at /0, /1, ... in start order. Returns those paths.
// A tree that cannot be built is reported with its index in *failed.
Result<std::vector<std::string>>
pivot_into_vagga_root(const std::vector<const plan::Container*>& containers, const Host& host,
                      size_t* failed);

} // namespace vagga::runtime
