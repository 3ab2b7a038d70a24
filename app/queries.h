// Questions about a loaded config that more than one client asks: which
// command a name means, what a command needs built and mounted, and the
// order commands run in.
#pragma once

#include "ir_gen.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace vagga::app {

// A command by exact name, else the first (sorted) whose aliases contain it.
std::optional<std::string> resolve_command(const ir::Config& config, const std::string& name);

// Every volume a command mounts: its own and its container's, and for a
// !Supervise every child's and every child's container's.
std::vector<const ir::Volume*> volumes_of_command(const ir::Config& config,
                                                  const std::string& name);

// The containers a command runs in (its own, its supervise children's, and
// those its volumes name), each once, in order.
std::vector<std::string> containers_of_command(const ir::Config& config, const std::string& name);

// The order commands run in: prerequisites depth-first, each once, cycles cut
// (config.md §5.6); the named commands keep the user's order. The
// init-command of a !Persistent volume is a prerequisite while
// `volume_exists(name)` is false.
std::vector<std::string>
expand_prerequisites(const ir::Config& config, const std::vector<std::string>& names,
                     const std::function<bool(const std::string&)>& volume_exists);

// The fields every command kind shares.
const ir::CommandCommon& common(const ir::Command& c);

} // namespace vagga::app
