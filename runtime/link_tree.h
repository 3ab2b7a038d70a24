// A tree of hard links: `write-mode: transient-hard-link-copy` and `_run -W`
// (runtime.md §2.5) copy the image this way into `.transient/NAME.HASH8.PID`
// for a writable root, removed when the command ends; the builder flattens
// a root built on a kept snapshot this way (runtime/build/snapshot.h).
#pragma once

#include "runtime/sys.h"

#include <sys/stat.h>

#include <string>

namespace vagga::runtime {

enum class LinkMode {
    // Directories with their mode and owner, symlinks made again, regular
    // files as hard links; devices, fifos and sockets skipped.
    Transient,
    // Everything that is not a directory linked (symlinks, fifos and
    // sockets too, so that their owners and times stay); directories also
    // keep their times.
    Exact,
};

// Mode, owner and times of `st` on the open file or folder `fd`.
Status set_attributes(int fd, const struct stat& st, const std::string& shown);

// Recreates the tree of `source` at `target` (missing, or an empty folder).
// Run inside the user namespace, where we may link files of every mapped
// owner.
Status link_tree(const std::string& source, const std::string& target,
                 LinkMode mode = LinkMode::Transient);

} // namespace vagga::runtime
