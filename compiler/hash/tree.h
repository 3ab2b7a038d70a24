// The tree hash of `!Copy`, `!Depends` and `!Build content-hash`
// (vagga's hash_path, spec §7.3): the root entry first, then every selected
// path and all its ancestors, in Rust path-component order.
#pragma once

#include "compat/path_filter.h"
#include "compiler/hash/digest.h"
#include "compiler/hash/file_system.h"
#include "compiler/hash/outcome.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace vagga::hash {

struct TreeEntry {
    std::string name;      // the path written as `filename` (container path)
    std::string host_path; // where we read it
    FileStat stat;
};

using EntryHasher = std::function<Outcome(Digest&, const TreeEntry&)>;

// Relative paths the filter selects under host_root, with their ancestors,
// sorted by path components (exposed for tests).
Outcome select_paths(FileSystem& fs, const std::string& host_root, const compat::PathFilter& filter,
                     std::vector<std::string>& out);

// `name_root` is how the root is named in the stream (e.g. `/work/dir`).
// A missing root is NotReady.
Outcome hash_tree(FileSystem& fs, Digest& digest, std::string_view name_root,
                  const std::string& host_root, const compat::PathFilter& filter,
                  const EntryHasher& per_entry);

// File content as vagga hashes it: raw bytes of a regular file, a `symlink`
// field for a link, nothing for anything else.
Outcome hash_file_content(FileSystem& fs, Digest& digest, const TreeEntry& entry);

} // namespace vagga::hash
