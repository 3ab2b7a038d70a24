// One container process: build its mount tree, pivot, apply the
// environment, working directory and ids, exec the command.
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
    // Sockets bound by the launcher for the plan's ListenSocket ops.
    const std::vector<std::pair<const plan::ListenSocket*, int>>* sockets = nullptr;
};

// Forks a process that sets up the container described by `ops` (in a new
// mount namespace when asked) and execs its command in its own process
// group. Without `report_fd`, returns once the exec has happened, or the
// setup error. With it, returns at once; a setup error is written there
// (encode_error) and the process exits 124: one wait less on the start path.
Result<pid_t> spawn_container(const std::vector<plan::OpBox>& ops, const ContainerContext& ctx,
                              bool new_mount_ns, int report_fd = -1);

// Like spawn_container(), for a caller that has already built the mount
// tree and pivoted into it (pid 1): the process only applies the
// environment, directory and ids, and execs.
Result<pid_t> spawn_command(const std::vector<plan::OpBox>& ops, const ContainerContext& ctx,
                            int report_fd = -1);

// The same in the calling process (pid1 mode `exec`). Returns only on error.
Error exec_command_here(const std::vector<plan::OpBox>& ops, const ContainerContext& ctx);

} // namespace vagga::runtime
