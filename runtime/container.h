// A container's process, once its mount tree is in place: lock the tree,
// confine, apply the environment, working directory and ids, exec.
#pragma once

#include "compiler/plan/launch_plan.h"
#include "runtime/host.h"
#include "runtime/sys.h"

#include <utility>
#include <vector>

namespace vagga::runtime {

struct ContainerContext {
    const Host* host = nullptr;
    bool single_id = false; // only 0 is mapped; setgroups is denied
    bool give_tty = false;  // make the command the terminal's foreground group
    // Sockets bound by the launcher for the processes' `sockets`.
    const std::vector<std::pair<const plan::ListenSocket*, int>>* sockets = nullptr;
};

// Forks the container's process in its own process group. With
// `pivot_to` (a supervise child, whose tree is in pid 1's vagga root), it
// first enters a mount namespace of its own and pivots into that
// directory; without it, it starts in pid 1's root, already the
// container's. Then it applies the environment, directory and ids and
// execs. Without `report_fd`, returns once the exec has happened, or the
// setup error. With it, returns at once; a setup error is written there
// (encode_error) and the process exits 124: one wait less on the start path.
Result<pid_t> spawn_process(const plan::Process& p, const ContainerContext& ctx,
                            const std::string& pivot_to, int report_fd = -1);

// The same in the calling process (pid1 mode `exec`). Returns only on error.
Error exec_process_here(const plan::Process& p, const ContainerContext& ctx);

} // namespace vagga::runtime
