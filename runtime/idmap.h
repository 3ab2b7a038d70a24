// User namespace id maps (runtime.md §2.3). The computation is pure (unit
// tested); apply_id_maps() is the only part that touches the system.
#pragma once

#include "compiler/plan/launch_plan.h"
#include "runtime/host.h"
#include "runtime/sys.h"

#include <cstdint>
#include <string>
#include <vector>

namespace vagga::runtime {

struct IdMapEntry {
    uint32_t inside = 0;
    uint32_t outside = 0;
    uint32_t count = 0;
    bool operator==(const IdMapEntry&) const = default;
};

struct SubRange {
    uint32_t start = 0;
    uint32_t count = 0;
    bool operator==(const SubRange&) const = default;
};

struct IdMaps {
    std::vector<IdMapEntry> uids;
    std::vector<IdMapEntry> gids;
    // Only our own uid/gid mapped to 0: setgroups must be denied before the
    // gid map is written, and the container cannot change ids.
    bool single = false;
    // Ranges need the setuid helpers unless we are root.
    bool use_helpers = false;
};

// The ranges of `user` (or of the numeric `id`) in /etc/subuid-style text.
// A malformed line is an error "FILE:N: Bad syntax: ..."; a range containing
// the user's own id is an error too (it would map the id twice).
Result<std::vector<SubRange>> parse_subids(const std::string& text, const std::string& file,
                                           const std::string& user, uint32_t id);

// Ranges from /proc/self/uid_map-style text ("inside outside count" lines),
// as the allowed ids when root has no /etc/subuid entry.
std::vector<SubRange> parse_proc_map(const std::string& text);

// Removes `own` from the allowed ranges (it is always mapped to 0 instead).
std::vector<SubRange> without_id(const std::vector<SubRange>& allowed, uint32_t own);

// 0 -> own, then `requested` minus id 0 laid over `allowed` in order.
// Returns false when `allowed` is too small.
bool container_map(uint32_t own, const std::vector<plan::IdRange>& requested,
                   const std::vector<SubRange>& allowed, std::vector<IdMapEntry>* out);
// 0 -> own, then every allowed range mapped to itself.
std::vector<IdMapEntry> max_map(uint32_t own, const std::vector<SubRange>& allowed);

// Decides the maps for this host. Problems that leave us with the
// single-id fallback are reported through host.warn, one message per cause.
IdMaps choose_id_maps(const plan::IdMap& want, const Host& host);

// Writes the maps of process `pid` (blocked in its new user namespace).
Status apply_id_maps(pid_t pid, const IdMaps& maps, const Host& host);

std::string format_map(const std::vector<IdMapEntry>& entries); // "0 1000 1\n1 100000 65535\n"

} // namespace vagga::runtime
