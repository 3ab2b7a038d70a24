// Where built containers live (runtime.md §5.1): <base>/.roots/NAME.HASH8/root,
// with <project>/.vagga/NAME a symlink to the current version. <base> is
// <project>/.vagga, or with `storage-dir` the folder `.vagga/.lnk` names.
#pragma once

#include "compiler/project/settings.h"

#include <filesystem>
#include <optional>
#include <string>

namespace vagga::cli {

struct Storage {
    std::filesystem::path project; // the project root
    std::filesystem::path base;    // <project>/.vagga, or storage-dir/<sub>
    bool linked = false;           // base is reached through .vagga/.lnk

    std::filesystem::path roots() const { return base / ".roots"; }
    std::filesystem::path cache(const project::Settings& s) const {
        return s.cache_dir ? std::filesystem::path(*s.cache_dir) : base / ".cache";
    }
    // `.vagga/NAME`, and what it points to for version dir `NAME.HASH8`
    // (the literal targets the original's tests assert).
    std::filesystem::path link(const std::string& name) const { return project / ".vagga" / name; }
    std::string link_target(const std::string& version_dir) const {
        return (linked ? ".lnk/.roots/" : ".roots/") + version_dir + "/root";
    }

    // The root of the current version of a container, if it is built.
    std::optional<std::string> container_root(const std::string& name) const;
};

// The original's refusal (runtime.md §2.4 step 1) of a `.vagga` that is a
// symlink, extended to `.roots`, `.volumes`, `.transient` and `.cache` in
// the storage: a cloned repository could ship them pointing anywhere, and
// builds, runs and `_clean` would then write and delete there.
std::optional<std::string> refuse_symlinked_storage(const Storage& st);

// Finds (with `storage-dir`: creates and links) the storage of a project.
// Returns nullopt and sets *error (the original's message) when `.vagga`
// or a folder in the storage is a symlink, the `.vagga/.lnk` link is
// broken, or no subdirectory name is free.
std::optional<Storage> open_storage(const std::filesystem::path& project,
                                    const project::Settings& settings, std::string* error);

} // namespace vagga::cli
