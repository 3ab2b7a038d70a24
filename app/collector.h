// The collector behind `vagga _clean` (runtime.md §1.8.4): old, unused and
// failed container versions, transient copies, volumes, or the whole
// storage. Each action returns false when something could not be removed
// (it says why on the console and goes on with the rest).
#pragma once

#include "app/ports.h"
#include "app/storage.h"
#include "app/versions.h"
#include "compiler/project/project.h"

#include <chrono>

namespace vagga::app {

class Collector {
  public:
    // With `dry_run`, prints what would be removed instead of removing it.
    Collector(const project::Project& project, Storage storage, Ports ports, Versioner version,
              bool dry_run)
        : project_(project), storage_(std::move(storage)), ports_(ports),
          version_(std::move(version)), dry_(dry_run) {}

    bool tmp();    // builds that failed or are in progress: .roots/.tmp*
    bool old();    // versions no .vagga/NAME link points to
    bool unused(); // versions that are not a container's current version
    bool unused_for(std::chrono::seconds age); // versions unused for `age`
    bool transient();                          // copies whose process is gone
    bool everything();                         // the whole storage
    bool volumes(bool only_unused);            // !Persistent volumes
    // Removes `p` (a project's storage under `storage-dir`, for --global).
    bool remove_all_of(const Path& p) { return remove(p); }

  private:
    // Removes `p` unless its `<p>.lock` is held by a build.
    bool remove(const Path& p);

    const project::Project& project_;
    Storage storage_;
    Ports ports_;
    Versioner version_;
    bool dry_;
};

// --global: the same action on every project's storage under `storage-dir`
// (and, for --everything, the cache-dir). Only `--unused --at-least` and
// `--everything` have a meaning there: `at_least` set means the former.
bool collect_global(const project::Project& project, Ports ports,
                    const std::optional<std::chrono::seconds>& at_least, bool dry_run);

} // namespace vagga::app
