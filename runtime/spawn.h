// What the CLI does on the host, outside any namespace, around a build:
// the build lock and starting the `vagga-build` helper.
#pragma once

#include "runtime/sys.h"

#include <string>
#include <vector>

namespace vagga::runtime {

// An exclusive flock on `path` (created if missing), held while the Fd
// lives. Without `wait`, a lock held by someone else is an error with
// err == EWOULDBLOCK. The lock is retaken when the file was replaced
// between open and flock (runtime.md §5.3 step 4).
Result<Fd> take_lock(const std::string& path, bool wait);

// Runs `argv` with `input` on its standard input and its standard output
// sent to our standard error (so build output never mixes with a command's
// stdout). The child dies with us (PDEATHSIG). With `report`, the child
// gets a pipe as its fd 3 and *report is what it wrote there (vagga-build
// reports a failed step's error, span included, that way). Returns the
// wait status.
Result<int> run_with_input(const std::vector<std::string>& argv, const std::string& input,
                           std::string* report = nullptr);

// Runs `argv` (argv[0] an absolute path) on the host with stdin from
// /dev/null, the rest of stdio and the environment inherited, plus `env`
// ("NAME=value" each). Returns the wait status.
Result<int> run_on_host(const std::vector<std::string>& argv, const std::vector<std::string>& env);

} // namespace vagga::runtime
