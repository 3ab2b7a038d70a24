// Helpers of the distribution steps: host tools run outside the root
// (mmdebstrap, apk.static), files written inside it, and a command's
// output captured from inside it.
#pragma once

#include "runtime/build/context.h"

#include <string>
#include <vector>

namespace vagga::runtime::build {

// Runs a host program (found in the usual sbin/bin dirs when `argv[0]` has
// no '/') with the build environment, stdin /dev/null, output to stderr.
Status run_host(const StepContext& ctx, const std::vector<std::string>& argv);

// Writes (or, with `append`, appends to) the container path `path`,
// creating its parent directories 0755; never follows a symlink out of
// the root.
Status write_in_root(const StepContext& ctx, const std::string& path, const std::string& text,
                     mode_t mode, bool append = false);

// A command run in the root (ctx.run) with its stdout (or stderr) captured:
// what it printed, and its failure if any (the output is kept either way).
struct Captured {
    std::string text;
    Status status;
};
Captured capture_command(StepContext& ctx, plan::BuildCommand cmd, bool from_stderr);

// Runs the shell command `script` in the root (ctx.run) with its stdout
// sent to a temporary file, and returns that output.
Result<std::string> capture_in_root(StepContext& ctx, const std::string& script, source::Span span);

// Removes what a container directory holds, except the names in `keep`.
Status empty_dir_in_root(const StepContext& ctx, const std::string& path,
                         const std::vector<std::string>& keep);

} // namespace vagga::runtime::build
