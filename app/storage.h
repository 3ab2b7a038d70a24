// The storage of a project (runtime.md §5.1): built versions in
// <base>/.roots/NAME.HASH8/root, with <project>/.vagga/NAME a symlink to the
// current one; builds in <base>/.roots/.tmp.NAME (and its .lock); caches,
// volumes and transient copies beside them. <base> is <project>/.vagga, or
// with `storage-dir` the folder `.vagga/.lnk` names.
#pragma once

#include "app/error.h"
#include "app/ports.h"
#include "compiler/project/settings.h"

#include <optional>
#include <string>

namespace vagga::app {

struct Storage {
    Path project;        // the project root
    Path base;           // <project>/.vagga, or storage-dir/<sub>
    bool linked = false; // base is reached through .vagga/.lnk

    Path roots() const { return base / ".roots"; }
    Path volumes() const { return base / ".volumes"; }
    Path transient() const { return base / ".transient"; }
    Path cache(const project::Settings& s) const {
        return s.cache_dir ? Path(*s.cache_dir) : base / ".cache";
    }
    // `.vagga/NAME`, and what it points to for version dir `NAME.HASH8`
    // (the literal targets the original's tests assert).
    Path link(const std::string& name) const { return project / ".vagga" / name; }
    std::string link_target(const std::string& version_dir) const {
        return (linked ? ".lnk/.roots/" : ".roots/") + version_dir + "/root";
    }
    // `.tmp.NAME`, where a build happens (`.tmp.NAME.lock` its lock); with
    // `versioned-build-dir` and a version known before the build,
    // `.tmp.NAME.HASH8`, so that two versions can build at once.
    static std::string build_dir(const project::Settings& settings, const std::string& name,
                                 const std::string& version);
};

// The root of the current version of a container, if it is built: only a
// `.vagga/NAME` that points at one of our own versions counts (the link
// comes with the project, which may have been cloned from anywhere).
std::optional<std::string> container_root(const Files& files, const Storage& st,
                                          const std::string& name);

// The version folder `.vagga/NAME` points to, if any.
std::optional<Path> linked_version(const Files& files, const Storage& st, const std::string& name);

// Points `.vagga/NAME` at `version_dir` through a temporary link renamed
// over it, so a reader sees the old or the new version, never none.
Status point_link(Files& files, const Storage& st, const std::string& name,
                  const std::string& version_dir);

// The original's refusal (runtime.md §2.4 step 1) of a `.vagga` that is a
// symlink, extended to `.roots`, `.volumes`, `.transient` and `.cache` in
// the storage: a cloned repository could ship them pointing anywhere, and
// builds, runs and `_clean` would then write and delete there.
Status refuse_symlinked_storage(const Files& files, const Storage& st);

// Finds (with `storage-dir`: creates and links) the storage of a project.
// Fails with the original's message when `.vagga` or a folder in the
// storage is a symlink, the `.vagga/.lnk` link is broken, or no
// subdirectory name is free.
std::optional<Storage> open_storage(Files& files, const Path& project,
                                    const project::Settings& settings, Error* error);

} // namespace vagga::app
