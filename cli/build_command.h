// Building containers from the CLI: `vagga _build [--force] CONTAINER`,
// `vagga _clean ACTION...`, the builder process itself (`vagga __builder__`,
// started by _build inside the build's user namespace), and the check the
// launcher makes before running a command in a container.
#pragma once

#include "builder/build.h"
#include "cli/frontend.h"

#include <optional>
#include <string>
#include <vector>

namespace vagga::cli {

int builtin_build(Session& s, const std::vector<std::string>& args);
int builtin_clean(Session& s, const std::vector<std::string>& args);
// `vagga __builder__ build NAME FINAL_DIR` | `vagga __builder__ rm PATH...`
int builtin_builder(Session& s, const std::vector<std::string>& args);
// `vagga _plan --build CONTAINER`
int builtin_build_plan(Session& s, const std::string& container);

// Makes sure `container` is built (building it and its dependencies when
// their versions changed, unless `policy` says otherwise) and returns its
// root. Build output goes to stderr. Memoized per session.
builder::Built ensure_container(Session& s, const std::string& container,
                                builder::Policy policy = builder::Policy::Build,
                                bool force = false);

// The storage layout of the session's project.
builder::Layout project_layout(Session& s);

} // namespace vagga::cli
