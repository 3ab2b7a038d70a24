// Lowering of volumes (config.md §6, runtime.md §2.5 step 5-7) into mounts.
#pragma once

#include "compiler/lower/launch.h"

#include <map>
#include <string>

namespace vagga::lower {

// Container volumes overlaid by the command's, per mount point ("/tmp/" and
// "/tmp" are one point), in sorted path order.
std::map<std::string, const ir::Volume*> merge_volumes(const ir::FlatMap<ir::Str, ir::Volume>& c,
                                                       const ir::FlatMap<ir::Str, ir::Volume>* cmd);

// The 100 MiB /tmp and /run (with run/shm) unless a volume is defined there.
void add_default_tmpfs(std::vector<plan::Mount>& mounts,
                       const std::map<std::string, const ir::Volume*>& volumes);

struct VolumeContext {
    const LaunchInput& in;
    diag::Diagnostics& diags;
    std::string container_root; // host path of the root being set up (/vagga/root)
    std::string command;        // the command being run: an init-command builds its volume
};

void add_volume(VolumeContext& ctx, std::vector<plan::Mount>& mounts, const std::string& path,
                const ir::Volume& v);

} // namespace vagga::lower
