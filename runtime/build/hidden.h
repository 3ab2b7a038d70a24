// The project folders a build command must not change (BuildCommand::hide:
// yarn and the project's node_modules, language-steps.md §3.5): each is
// covered by an empty folder of the builder's for the command, then the
// command's `.bin` links are copied into the image's /usr/bin as the
// original did, and the builder's folder is removed.
#pragma once

#include "runtime/build/context.h"

#include <memory>

namespace vagga::runtime::build {

class HiddenFolders {
  public:
    // Covers `cmd.hide` in the root with empty folders under `scratch` (a
    // host folder of the build, outside the root). A missing project folder
    // is made and removed again by the destructor; a symlink is refused.
    static Result<std::unique_ptr<HiddenFolders>>
    cover(const StepContext& ctx, const plan::BuildCommand& cmd, const std::string& scratch);
    ~HiddenFolders();
    HiddenFolders(const HiddenFolders&) = delete;
    HiddenFolders& operator=(const HiddenFolders&) = delete;

    // For each covered folder, every symlink in its `.bin` becomes
    // /usr/bin/NAME with the same target text; call while still covered.
    Status link_bins(const StepContext& ctx) const;

  private:
    HiddenFolders() = default;
    struct Covered {
        std::string path;   // in the image
        std::string target; // host path of the mount point
        Fd parent;          // of the project folder, when we made it
        std::string made;   // its name then
    };
    std::vector<Covered> covered_;
    std::string scratch_;
};

// ScanDir::files() of the original: names starting with '.', ending with
// '~' or ".bak", or "#...#", are not program links.
bool skipped_bin_name(const std::string& name);

} // namespace vagga::runtime::build
