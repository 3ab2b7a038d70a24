// Work on container images from the host side (removing them, packing them)
// must see their files with the ids they have inside, so it runs in a child
// process in a user namespace of its own: with the container's id map, or
// with every subordinate id of the user (MapKind::Max).
#pragma once

#include "compiler/plan/launch_plan.h"
#include "runtime/host.h"
#include "runtime/sys.h"

#include <functional>

namespace vagga::runtime {

// Runs `fn` in a forked child inside a new user namespace with the maps
// `want` asks for, as uid 0 there. The child exits with what `fn` returns;
// an Error `fn` returns through `*error` comes back as the result's error.
// Returns the child's exit code. Call from a single-threaded process.
Result<int> in_user_namespace(const plan::IdMap& want, const Host& host,
                              const std::function<int(Status* error)>& fn);

} // namespace vagga::runtime
