// `vagga _compgen WORDS... -- CUR` and `vagga _help [COMMAND]`
// (runtime.md §1.8.10): what the shell completion scripts call.
#pragma once

#include "cli/context.h"
#include "ir_gen.h"

#include <string>
#include <vector>

namespace vagga::cli {

// The candidates for CUR after WORDS (the words between `vagga` and the
// word being completed), in the order they are printed. `config` may be
// empty: outside a project only builtins and options complete.
std::vector<std::string> completions(const ir::Config& config,
                                     const std::vector<std::string>& words, const std::string& cur);

// Loads the project quietly (a broken or missing config completes what it
// can) and prints the completions. Always exits 0.
int builtin_compgen(Context& ctx, const std::vector<std::string>& args);

} // namespace vagga::cli
