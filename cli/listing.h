// The command summary of a bare `vagga` (runtime.md §1.4) and `vagga _list`
// (§1.8.6), in the original's exact formats.
#pragma once

#include "compiler/source/source_manager.h"
#include "ir_gen.h"

#include <ostream>

namespace vagga::cli {

void print_command_summary(const ir::Config& config, std::ostream& out);

struct ListOptions {
    bool containers = false;
    bool all = false;
    bool hidden = false;
    bool zsh = false;
    bool no_aliases = false;
    bool verbose = false;
};

void print_list(const ir::Config& config, const source::SourceManager& sources,
                const ListOptions& opts, std::ostream& out);

} // namespace vagga::cli
