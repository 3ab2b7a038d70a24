// lower stage: IR + a container -> a BuildPlan.
//
// Pure and deterministic: where things are on the host (storage, cache,
// other containers' built roots, the host's Debian mirror, proxies) comes in
// through BuildInput, so plans are golden-tested without privileges and
// `vagga _plan --build CONTAINER` prints exactly what `vagga _build` runs.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/plan/build_plan.h"
#include "compiler/project/settings.h"
#include "ir_gen.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vagga::lower {

struct BuildInput {
    const ir::Config* config = nullptr;
    const project::Settings* settings = nullptr;
    std::string project_root; // host path bound at /work
    std::string root_dir;     // host path of the image being built (.roots/.tmp.NAME/root)
    std::string cache_dir;    // host path of /vagga/cache
    std::string version;      // the full hash, "" when unknown before the build
    // The launcher's environment, for the proxy variables (http_proxy, ...).
    std::map<std::string, std::string> host_env;
    // The Debian mirror the host's apt uses (for !Debian), "" when unknown.
    std::string debian_mirror;
    // --no-image-download or `_build --force`: never use `image-cache-url`.
    bool no_image_download = false;
    // The host path of another container's built root; nullopt when it is
    // not built (the CLI builds dependencies first).
    std::function<std::optional<std::string>(const std::string& container)> container_root;
    // `git describe` of a repository (a path in the container, relative ones
    // under /work) for !GitDescribe's `output-file`; nullopt with `error` set
    // when it cannot be described.
    std::function<std::optional<std::string>(
        const std::string& repo, const std::optional<std::string>& pattern, std::string& error)>
        git_describe;
    // A project file's text (`rel` as a config names it, under /work,
    // resolved beneath the project) for the steps whose commands depend on
    // it (!NpmDependencies, the requirement and Gemfile checks); nullopt
    // with `error` set when it cannot be read.
    std::function<std::optional<std::string>(const std::string& rel, std::string& error)>
        read_project_file;
    // Reads another config file (includes and mixins as for the main one)
    // for !SubConfig; nullopt with `error` set when it has errors.
    std::function<std::optional<ir::Config>(const std::string& dir, const std::string& file,
                                            std::string& error)>
        load_config;
};

// The containers `name` needs built before it (!Container, !Build), each
// once, dependencies first; `name` itself is not included.
std::vector<std::string> build_dependencies(const ir::Config& config, const std::string& name);

// Lowers `vagga _build NAME`. Problems (steps not supported yet, a
// dependency that is not built, an unknown container) are reported into
// diags with the config span that caused them; the plan must then not run.
plan::BuildPlan lower_build(const BuildInput& in, const std::string& container,
                            diag::Diagnostics& diags);

} // namespace vagga::lower
