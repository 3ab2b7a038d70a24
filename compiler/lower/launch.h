// lower stage: IR + a command + its arguments -> a LaunchPlan.
//
// Pure and deterministic: everything it needs from outside (where container
// roots are, the host environment, the contents of an `environ-file`) comes
// in through LaunchInput, so plans are golden-tested without privileges and
// `vagga _plan` prints exactly what `vagga CMD` would run.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/plan/launch_plan.h"
#include "compiler/project/settings.h"
#include "ir_gen.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vagga::lower {

struct LaunchInput {
    const ir::Config* config = nullptr;
    const project::Settings* settings = nullptr;
    std::string project_root;  // host path mounted at /work
    std::string rel_work_dir;  // where vagga was started, relative to the root ("" = root)
    std::string vagga_bin_dir; // for !VaggaBin
    std::string cache_dir;     // for !CacheDir (<root>/.vagga/.cache unless settings say)
    std::string volumes_dir;   // for !Persistent (<root>/.vagga/.volumes)
    // transient-hard-link-copy: copies go to <transient_dir>/NAME.HASH8.PID,
    // PID being the launcher's (so `_clean --transient` sees whether it
    // still runs).
    std::string transient_dir;
    long pid = 0;
    // The launcher's environment: TERM, proxies, VAGGAENV_*, VAGGAOPT_*, VAGGACLI_*.
    std::map<std::string, std::string> host_env;
    bool isolate_network = false; // the global --isolate-network flag
    // The host path of a container's root; nullopt when it is not available.
    std::function<std::optional<std::string>(const std::string& container)> container_root;
    // Reads a file the container's `environ-file` names (a host path under
    // the container root); nullopt when it cannot be read.
    std::function<std::optional<std::string>(const std::string& host_path)> read_file;
};

// How a command was invoked, after its arguments were parsed (the CLI does
// that: argparse-style for plain commands, docopt for `options:`).
struct Invocation {
    std::vector<std::string> args;    // passed on when the command accepts arguments
    std::vector<std::string> only;    // !Supervise --only NAME_OR_TAG
    std::vector<std::string> exclude; // !Supervise --exclude NAME_OR_TAG
    std::vector<std::pair<std::string, std::string>> option_env; // VAGGAOPT_*, VAGGACLI_*
};

// Lowers `vagga COMMAND ARGS...` for a !Command or !Supervise. Problems
// (missing container, bad environ-file, unsupported write-mode, ...) are
// reported into diags with the config span that caused them; the plan is
// then incomplete and must not run.
plan::LaunchPlan lower_command(const LaunchInput& in, const std::string& command,
                               const Invocation& inv, diag::Diagnostics& diags);

// Whether a supervise child runs under --only/--exclude (names or tags).
bool child_selected(const std::string& name, const std::vector<ir::Str>& tags,
                    const Invocation& inv);

// Lowers `vagga _run CONTAINER CMD ARGS...`.
plan::LaunchPlan lower_run(const LaunchInput& in, const std::string& container,
                           const std::vector<std::string>& argv, bool writable,
                           diag::Diagnostics& diags);

// The final environment of a process (runtime.md §2.6), in precedence order.
std::vector<std::pair<std::string, std::string>>
build_environment(const LaunchInput& in, const ir::Container& container,
                  const ir::FlatMap<ir::Str, ir::Str>& command_environ,
                  const std::vector<std::pair<std::string, std::string>>& extra,
                  diag::Diagnostics& diags);

} // namespace vagga::lower
