// Container versions for the application: the hash environment of a loaded
// project (/work, /vagga/base, `!SubConfig` loading) and the version of one
// container.
#pragma once

#include "app/ports.h"
#include "compiler/hash/version.h"
#include "compiler/project/project.h"

#include <functional>
#include <optional>
#include <string>

namespace vagga::app {

// With `storage-dir`, /vagga/base is the folder `.vagga/.lnk` points to
// (runtime.md §5.1): containers are looked up there.
hash::Env version_env(project::Frontend& fe, const project::Project& project, const Files& files);

// The version of one container; what the build cycle and the collector ask.
using Versioner = std::function<hash::Result(const std::string& container)>;

// The real versioner of a loaded project (fe and project must outlive it).
Versioner project_versioner(project::Frontend& fe, const project::Project& project,
                            const Files& files);

// `git describe` in the project, as the version hash runs it, for the
// build plan (BuildHost::git_describe).
std::function<std::optional<std::string>(
    const std::string& repo, const std::optional<std::string>& pattern, std::string& error)>
project_describer(const project::Project& project);

// Reads another config file with the project's front end (diagnostics go
// to fe.diags), for !SubConfig's version and build (fe must outlive it).
using ConfigLoader = std::function<std::optional<ir::Config>(
    const std::string& dir, const std::string& file, std::string& error)>;
ConfigLoader config_loader(project::Frontend& fe);

} // namespace vagga::app
