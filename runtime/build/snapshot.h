// A kept root after the unchanged steps (issue 12): a rebuild after a
// change of the last step starts from the root as the steps before it left
// it, as podman's layer cache does for the RUNs before a changed one.
//
// The plan names the snapshot (plan::StepSnapshot): a folder with `root/`
// (the tree), `state.json` (what the steps so far told the builder: the
// environment, the packages to keep or remove at the finish, the caches
// they mounted) and `key` (the version's hash after those steps and their
// ops, written last: a folder without it is ignored). The CLI keeps it in
// `.roots/.steps.NAME` between builds and moves it into the build's folder
// for the build.
//
// Taking one (the cold path), before step `steps`: the build's mounts
// go, the root is renamed to the snapshot's `root/`, and the root becomes
// an overlay (upper and work in the build's folder) on it, with the mounts
// made again; the later steps and the finish write to the overlay only.
// Using one: the root is such an overlay from the start and the steps
// before `steps` are skipped. At the end the overlay is flattened into a
// plain folder: hard links of the snapshot's files (which nothing writes
// to again: a later build copies up in its own overlay) plus what the
// overlay's upper layer holds. Where the kernel refuses the overlay, the
// snapshot is copied instead (slower, same result).
#pragma once

#include "runtime/build/context.h"

#include <optional>
#include <string>

namespace vagga::runtime::build {

// Whether `snap` holds its steps' root under its key.
bool snapshot_matches(const plan::StepSnapshot& snap);

// The parts of ctx that later steps and the finish read, as JSON text;
// nullopt when a step mounted something that cannot be mounted again (or
// a string is not UTF-8, which a plan never has).
std::optional<std::string> save_state(const StepContext& ctx);
// Restores what save_state wrote (the step mounts are made in the root
// again, which must be prepared).
Status load_state(StepContext& ctx, const std::string& text);

// Makes ctx.root (an empty folder) a writable overlay on `lower`; false in
// `overlaid` when the kernel refused it and `lower` was copied instead.
Status layer_root(const StepContext& ctx, const std::string& lower, bool* overlaid);

// After the finish (nothing mounted in the root any more): ctx.root
// becomes a plain folder with the overlay's content.
Status flatten_root(const StepContext& ctx, const std::string& lower);

} // namespace vagga::runtime::build
