// checks stage: cross-references of a merged config.
//
// check_load: what the original checked when loading (config.md §8.1):
// containers named by `!Container`, `!Build` and `!SubConfig` steps exist,
// and no container depends on itself, directly or through others — cycles
// are found in general (the original recursed forever on a container that
// only leads into a cycle). Always fatal.
//
// check_references: what the original only noticed when a command ran:
// commands' and supervise children's `container`, `prerequisites`,
// `!Container`/`!Snapshot` volume containers and `init-command`s. `vagga
// check` reports them as errors; running another command does not look.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "ir_gen.h"

#include <string>
#include <vector>

namespace vagga::checks {

void check_load(const ir::Config& config, diag::Diagnostics& diags);
void check_references(const ir::Config& config, diag::Diagnostics& diags);

// The containers a container's setup depends on, with the span of each reference.
std::vector<ir::Str> container_deps(const ir::Container& c);

} // namespace vagga::checks
