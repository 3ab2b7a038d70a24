// `external-user-id` (runtime.md §2.3), for commands and for the builder's
// `!RunAs`: the calling process enters one more user namespace in which
// `uid` is `external` of the namespace it is in, and every gid maps to
// itself. `proc` is where the procfs of the current pid namespace is seen
// (the builder, which does not pivot, passes the one in the new root).
#pragma once

#include "runtime/sys.h"

#include <cstdint>
#include <string>

namespace vagga::runtime {

Status enter_external_user(uint32_t uid, uint32_t external, const std::string& proc = "/proc");

} // namespace vagga::runtime
