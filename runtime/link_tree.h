// `write-mode: transient-hard-link-copy` and `_run -W` (runtime.md §2.5):
// the image is copied as hard links into `.transient/NAME.HASH8.PID` and the
// copy becomes a writable root; it is removed when the command ends.
#pragma once

#include "runtime/sys.h"

#include <string>

namespace vagga::runtime {

// Recreates the tree of `source` at `target` (which must not exist):
// directories with their mode and owner, symlinks, regular files as hard
// links; other file types are skipped. Run inside the user namespace, where
// we may link files of every mapped owner.
Status link_tree(const std::string& source, const std::string& target);

} // namespace vagga::runtime
