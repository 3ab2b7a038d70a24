// `vagga _version_hash [--short] [--fd3] [--debug-versioning]
// [--dump-version-data] CONTAINER` (spec/runtime.md §1.8.3), as a function
// the CLI calls with an already loaded project.
//
// Prints the 128-hex hash (8 with --short) and a newline on `out` (or on
// fd 3 with --fd3) and returns 0; returns 29 when the version can't be known
// before a build; 121 for an unknown container; 1 for a versioner error,
// logging `Error versioning command <step>: <err>` on `err`.
#pragma once

#include "compiler/hash/version.h"
#include "compiler/project/project.h"

#include <ostream>
#include <string>

namespace vagga::hash {

struct VersionHashOptions {
    bool short_hash = false;
    bool fd3 = false;
    bool debug_versioning = false;  // readable trace on `out`, before the hash
    bool dump_version_data = false; // raw hashed bytes on `out`, before the hash
};

// The hash environment of a loaded project: /work, /vagga/base (with
// `storage-dir`, where `.vagga/.lnk` points) and `!SubConfig` loading.
Env project_env(project::Frontend& fe, const project::Project& project);

int run_version_hash_command(project::Frontend& fe, const project::Project& project,
                             const std::string& container, const VersionHashOptions& options,
                             std::ostream& out, std::ostream& err);

int run_version_hash_command(project::Frontend& fe, const project::Project& project,
                             const std::string& container, bool short_, bool fd3, bool debug,
                             std::ostream& out, std::ostream& err);

} // namespace vagga::hash
