// Watching processes from the integration tests, which run the code under
// test as subprocesses.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace vagga::test {

using Clock = std::chrono::steady_clock;

inline double since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Host processes whose command line (arguments joined by spaces, from /proc)
// contains `needle`, e.g. "sleep 31337". Zombies have an empty command line,
// so they are not counted.
std::vector<pid_t> processes_with(const std::string& needle);

} // namespace vagga::test
