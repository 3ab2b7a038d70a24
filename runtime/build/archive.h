// Archive extraction for !Tar/!Unzip/!TarInstall and the Ubuntu image
// (libarchive), and the directory helpers the fetch and distro steps share.
#pragma once

#include "runtime/build/context.h"

#include <string>
#include <vector>

namespace vagga::runtime::build {

struct ExtractOptions {
    plan::ArchiveKind kind = plan::ArchiveKind::Tar;
    std::string subdir;            // only entries under it, stripped of it
    std::vector<std::string> skip; // paths (after stripping) left out, with what is under them
    std::string shown;             // the source as the user wrote it, for messages
};

// Extracts the archive at host path `archive` into the directory `dest_fd`.
// Nothing lands outside that directory: ".." and absolute names are
// refused, and so is any entry whose path runs through a symlink. Owners,
// modes, times, symlinks and hard links are kept; an owner the user
// namespace cannot map leaves the entry owned by us (uid 0).
Status extract_archive(const std::string& archive, int dest_fd, const ExtractOptions& opts);

// Opens the container path `path` (a directory) inside the root, creating
// missing components with mode 0755; symlinks resolve inside the root.
Result<Fd> ensure_dir_in_root(const std::string& root, const std::string& path);

} // namespace vagga::runtime::build
