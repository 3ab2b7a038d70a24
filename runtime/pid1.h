// Our process 1 of the container's pid namespace: runs the command (or the
// supervised children), forwards signals, reaps every child, and relays job
// control (Ctrl-Z / fg / bg) between the command and the launcher.
#pragma once

#include "compiler/plan/launch_plan.h"
#include "runtime/container.h"

#include <signal.h>

namespace vagga::runtime {

// The signals the launcher passes on to pid 1, and pid 1 to the command.
inline constexpr int kForwardedSignals[] = {SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGTSTP};

// Pipes between the launcher and pid 1 (all close-on-exec).
struct Pid1Channels {
    int errors = -1;  // pid 1 -> launcher: a setup error (encode_error), then exit 124
    int control = -1; // launcher -> pid 1: kWake once, then kResumeFg / kResumeBg
    int events = -1;  // pid 1 -> launcher: kStopped when the command stopped
};
inline constexpr char kWake = 'W';
inline constexpr char kResumeFg = 'F'; // the launcher is the terminal's foreground again
inline constexpr char kResumeBg = 'B';
inline constexpr char kStopped = 'S';

// Returns pid 1's exit code: the command's, 128+signal, or 124 after a
// setup error (reported on ch.errors).
int pid1_main(const plan::LaunchPlan& plan, const ContainerContext& ctx, const Pid1Channels& ch);

// `!Supervise` (runtime.md §4), run by pid 1. Status lines go to stdout.
int run_supervise(const plan::Supervise& sup, const ContainerContext& ctx, int sigfd,
                  const Pid1Channels& ch);

} // namespace vagga::runtime
