// Removing container images from the host. An image holds files owned by
// the user's subordinate ids, which the user cannot remove from outside:
// as an ordinary user we remove them inside a user namespace that maps all
// of those ids (what the original's `_clean` did in its wrapper).
#pragma once

#include "runtime/host.h"
#include "runtime/sys.h"

#include <string>
#include <vector>

namespace vagga::runtime {

// Removes each path (a tree, a file or a link; missing is fine).
Status remove_trees(const std::vector<std::string>& paths, const Host& host);

} // namespace vagga::runtime
