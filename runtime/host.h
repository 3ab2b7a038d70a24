// What the runtime takes from outside the plan: who is launching, the host
// files and helpers it consults. Tests substitute these.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

namespace vagga::runtime {

struct Host {
    uid_t uid = 0; // the invoking (real) user
    gid_t gid = 0;
    std::string user_name; // for /etc/subuid lookups; empty = by uid only

    std::string subuid_path = "/etc/subuid";
    std::string subgid_path = "/etc/subgid";
    // Empty = not found; the runtime then falls back to a single-id map.
    std::string newuidmap;
    std::string newgidmap;

    std::string hosts_path = "/etc/hosts";
    std::string resolv_conf_path = "/etc/resolv.conf";

    // Launcher warnings (missing subuid entry, ...). Default: stderr.
    std::function<void(const std::string&)> warn;

    // Fills everything from the current process: getuid(), the passwd entry,
    // newuidmap/newgidmap on PATH (then /usr/bin).
    static Host from_process();
};

} // namespace vagga::runtime
