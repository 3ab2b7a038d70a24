// !Git and the checkout of !GitInstall (language-steps.md §6): a bare clone
// kept in the cache, and the tree of one revision unpacked into the image.
#pragma once

#include "runtime/build/context.h"

namespace vagga::runtime::build {

// The host's git runs builder-side (the image needs no git) on the cache
// only; the tree reaches the image through the archive extractor, which
// keeps every entry inside the destination, so neither a repository nor an
// image symlink can make git write outside the cache.
Status git_checkout(StepContext& ctx, const plan::BuildGitCheckout& op);

} // namespace vagga::runtime::build
