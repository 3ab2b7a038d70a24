// Running things: `vagga CMD ARGS`, `vagga -m CMD...`, `vagga _run`, and
// `vagga _plan` which prints the launch plan instead of running it.
#pragma once

#include "app/storage.h"
#include "cli/frontend.h"
#include "compiler/lower/launch.h"

#include <string>
#include <vector>

namespace vagga::cli {

struct RunOptions {
    bool no_prerequisites = false;
    bool isolate_network = false;
    bool containers_only = false;
    std::vector<std::string> env_set; // -E NAME=VALUE / -E NAME
    std::vector<std::string> use_env; // -e NAME
    std::string build_mode;           // "", "no-build", "no-version", "no-image"
};

// What lowering a command needs from this project and its storage: the
// paths, the built roots, files an `environ-file` names. Nothing of the
// host's environment or settings (`vagga CMD` adds them; the exporters
// do not).
lower::LaunchInput project_launch_input(Session& s, const app::Storage& storage);

// Runs the named commands (their prerequisites first); the last gets `args`.
int run_commands(Session& s, const std::vector<std::string>& names,
                 const std::vector<std::string>& args, const RunOptions& opts);

// `vagga _run [-W] CONTAINER CMD ARGS...`
int builtin_run(Session& s, const std::vector<std::string>& args, const RunOptions& opts);

// `vagga _plan [--run CONTAINER] CMD ARGS...`: the JSON launch plan.
int builtin_plan(Session& s, const std::vector<std::string>& args, const RunOptions& opts);

} // namespace vagga::cli
