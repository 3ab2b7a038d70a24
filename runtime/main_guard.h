// No exception escapes a `main` of ours, nor a thread, nor a cloned child
// that never execs: an unexpected one becomes a one-line message and the
// exit code the spec gives for an internal failure, never std::terminate's
// abort (SIGABRT, exit 134, and maybe a core file).
#pragma once

#include <functional>

namespace vagga::runtime {

// Runs `body` and returns its code; an exception from it, or one that
// reaches std::terminate from anywhere in the process, prints
// "PROG: internal error: WHAT" on stderr and exits with `internal_code`.
int guarded_main(const char* prog, int internal_code, const std::function<int()>& body);

} // namespace vagga::runtime
