// Test harness for the runtime integration tests (with tests/common: temporary
// directories and files, processes): a busybox container root,
// plan construction, and running `vagga-run-plan` as a real subprocess with
// timeouts (a hung container fails the test instead of hanging it).
#pragma once

#include "tests/common/processes.h"
#include "tests/common/temp_dir.h"

#include <nlohmann/json.hpp>

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

namespace vagga::test {

using json = nlohmann::json;

// A container root built from busybox-static: /bin/busybox plus applet
// symlinks, and the mount points the tests use.
const std::string& busybox_root();

// Plan pieces. The base plan mounts proc, dev, sys, /tmp, binds `work` on
// /work and runs `argv` with PATH=/bin in /work.
struct PlanOptions {
    std::string root; // default: busybox_root()
    bool writable = false;
    std::string work;             // host dir bound at /work (none when empty)
    json volumes = json::array(); // extra mounts, after the base ones
    std::vector<std::pair<std::string, std::string>> env{{"PATH", "/bin"}};
    std::string workdir = "/work";
};
json command_plan(const std::vector<std::string>& argv, const PlanOptions& opts = {});
json sh_plan(const std::string& script, const PlanOptions& opts = {});
// The container of a plan made by command_plan() (its "command").
json& container_of(json& plan);

struct RunResult {
    int code = -1;
    std::string out;
    std::string err;
    double seconds = 0;
    bool timed_out = false;
};

// Runs vagga-run-plan on `plan` to completion (killed after timeout_s).
RunResult run_plan(const json& plan, double timeout_s = 30,
                   const std::vector<std::string>& extra_args = {});

// A launcher running in the background.
class Running {
  public:
    Running(const json& plan, int leak_fd = -1);
    Running(const Running&) = delete;
    Running& operator=(const Running&) = delete;
    ~Running();

    pid_t pid() const { return pid_; }
    // Reads stdout until it contains `text` (true) or the timeout passes.
    bool wait_for_output(const std::string& text, double timeout_s);
    // Waits for the launcher to exit; -1 on timeout. Collects the rest of
    // stdout.
    int wait(double timeout_s);
    const std::string& out() const { return out_; }

  private:
    void pump(int timeout_ms);
    pid_t pid_ = -1;
    int out_fd_ = -1;
    std::string plan_file_;
    std::string out_;
};

// Polls `cond` every 20 ms until true or timeout.
bool eventually(double timeout_s, const std::function<bool()>& cond);

} // namespace vagga::test
