// One more user namespace for the calling process, entered after the
// container's mount tree is built, with maps that a short-lived helper
// child writes from the namespace we are in (where we hold CAP_SETUID).
//
// * `external-user-id` (runtime.md §2.3), for commands and the builder's
//   `!RunAs`: `uid` is `external` of the current namespace, every gid maps
//   to itself.
// * Locking the mount tree (isolation audit P7): every id maps to itself,
//   and a new mount namespace owned by the new user namespace copies the
//   tree. The kernel then marks every mount locked (MNT_LOCKED, and
//   MNT_LOCK_READONLY on read-only ones): the command keeps its
//   capabilities, but cannot remount the read-only root writable or
//   unmount a volume to see what is under it. bubblewrap does the same.
//
// `proc` is where the procfs of the current pid namespace is seen.
#pragma once

#include "runtime/sys.h"

#include <cstdint>
#include <string>

namespace vagga::runtime {

Status enter_external_user(uint32_t uid, uint32_t external, const std::string& proc = "/proc");

Status lock_mount_tree(const std::string& proc = "/proc");

} // namespace vagga::runtime
