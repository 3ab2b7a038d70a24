// `vagga check`'s last stage: every container's build lowered as `_build`
// would lower it, without storage, network or git, so that a config that
// no build could get through is not reported "ok" (issue 12).
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/project/project.h"

#include <functional>
#include <optional>
#include <string>

namespace vagga::app {

// Reports into `out` what a build would stop at before running anything:
// a step that is not supported (on that distribution), a value outside its
// set, two distributions. What only a build can settle (a project file a
// step reads, a container not built yet, `git describe`) is left to it.
// Sub-configs are read with `fe` (their problems go to fe.diags).
void check_builds(const project::Project& project, project::Frontend& fe, diag::Diagnostics& out);

// `vagga check --target production`: the production lints of every
// command (compiler/export/production_lints.h); nothing needs to be built.
void check_production(const project::Project& project, diag::Diagnostics& out);

// A project file's text (`rel` as a config names it, under /work), read
// beneath `project_root` so that `..` and symlinks never leave it; nullopt
// with `error` set when it cannot be read (BuildInput::read_project_file).
std::function<std::optional<std::string>(const std::string& rel, std::string& error)>
project_file_reader(const std::string& project_root);

} // namespace vagga::app
