// Copying host files into the image: !Copy (filtered like the version
// hash, modes and times per runtime.md §5.5), !Container (a built root,
// owners, modes, times and links kept) and !Build (a path of another
// container, copied or bound read-only until the build ends).
#pragma once

#include "runtime/build/context.h"

namespace vagga::runtime::build {

Status copy_files(StepContext& ctx, const plan::BuildCopy& op);
Status copy_root(StepContext& ctx, const plan::BuildCopyRoot& op);
// A whole tree (owners, modes, times and links kept) from the directory
// `from` into the existing directory `to`, both ours (the cache, a build's
// work folder): what a bootstrap made, kept for the next one.
Status copy_tree(const std::string& from, const std::string& to);
Status from_container(StepContext& ctx, const plan::BuildFromContainer& op);

} // namespace vagga::runtime::build
