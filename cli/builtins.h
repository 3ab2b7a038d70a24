// Builtin commands (the `_name` commands of runtime.md §1.8, and `check`).
#pragma once

#include "cli/frontend.h"
#include "cli/run_command.h"

#include <optional>
#include <string>
#include <vector>

namespace vagga::cli {

// `vagga check [--format text|json]`: every problem of the config, located.
int builtin_check(Session& s, const std::vector<std::string>& args);

// Runs `name` if it is a builtin; nullopt when it is not one.
std::optional<int> run_builtin(Session& s, const std::string& name,
                               const std::vector<std::string>& args, const RunOptions& opts);

} // namespace vagga::cli
