// Running build commands (StepContext::run): chrooted into the new root,
// with the build environment, output to the builder's stderr.
#pragma once

#include "runtime/build/context.h"

namespace vagga::runtime::build {

// `sigfd` is the builder's signalfd (SIGCHLD, SIGINT, SIGTERM, SIGQUIT):
// it reaps the command and forwards the other signals to it. With
// `single_id` (only our own id is mapped) only uid/gid 0 can be used.
Status run_command(const StepContext& ctx, const plan::BuildCommand& cmd, int sigfd,
                   bool single_id);

// The variable list as the `NAME=value` strings of execve.
std::vector<std::string> env_strings(const EnvVars& base, const EnvVars& extra);

} // namespace vagga::runtime::build
