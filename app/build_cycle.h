// Building containers (runtime.md §5): the version check, the build lock,
// the builder run on a lowered BuildPlan, the atomic commit into
// `.roots/NAME.HASH8`, the `.vagga/NAME` switch and auto-clean. `vagga CMD`,
// `_run`, `_build` and the packer all come through build().
#pragma once

#include "app/error.h"
#include "app/ports.h"
#include "app/storage.h"
#include "app/versions.h"
#include "compiler/lower/build.h"

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace vagga::app {

enum class BuildMode {
    Normal,         // build when the version changed
    Force,          // `_build --force`: rebuild even when up to date
    NoBuild,        // --no-build: fail (NotBuilt) when a build would be needed
    NoVersionCheck, // --no-version-check: use whatever .vagga/NAME points to
    NoImage,        // --no-image-download: never use `image-cache-url`
};

struct BuildHost {
    std::string builder; // the vagga-build binary
    // The Debian mirror the host's apt uses, for !Debian; "" when unknown.
    // Asked only when a plan is made: reading apt's sources is not free.
    std::function<std::string()> debian_mirror;
    // The launcher's environment (proxy variables); it outlives the cycle.
    const std::map<std::string, std::string>* env = nullptr;
    // `git describe` for !GitDescribe's output-file (project_describer()).
    decltype(lower::BuildInput::git_describe) git_describe;
    // Other config files, for !SubConfig (config_loader()).
    decltype(lower::BuildInput::load_config) load_config;
};

class BuildCycle {
  public:
    BuildCycle(const project::Project& project, Storage storage, Ports ports, Versioner version,
               BuildHost host)
        : project_(project), storage_(std::move(storage)), ports_(ports),
          version_(std::move(version)), host_(std::move(host)) {}

    // Builds `container` if its version is not built yet, its dependencies
    // (!Container, !Build) first, and points `.vagga/NAME` at the current
    // version. Progress and build diagnostics go to the console.
    Status build(const std::string& container, BuildMode mode);

    // The plan a build of `container` would run (`vagga _plan --build`);
    // nullopt when lowering reported errors into `diags`.
    std::optional<plan::BuildPlan> plan(const std::string& container, diag::Diagnostics& diags);

  private:
    Status one(const std::string& name, BuildMode mode);
    Status run_builder(const std::string& name, const hash::Result& version, BuildMode mode);
    // The kept root after the unchanged steps for this build (runtime/build/
    // snapshot.h), when the container has one to keep.
    std::optional<plan::StepSnapshot> snapshot(const std::string& name, const plan::BuildPlan& plan,
                                               const hash::Result& version, BuildMode mode,
                                               const Path& build_dir) const;
    Status commit(const std::string& name, const Path& tmp, const std::string& hash);
    Status take_lock(const std::string& build_dir, std::unique_ptr<Lock>& lock);
    lower::BuildInput input(const std::string& name, const std::string& version) const;
    void report_failure(const runtime::Error& e);

    const project::Project& project_;
    Storage storage_;
    Ports ports_;
    Versioner version_;
    BuildHost host_;
};

} // namespace vagga::app
