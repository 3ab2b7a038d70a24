// `vagga _schema`: the JSON Schema of vagga.yaml for generic YAML tools
// (yaml-language-server and the like), and the `customTags` list they need
// to accept vagga's tags, both printed from the schema tables the decoder
// uses (ecosystem.md §3.1).
#pragma once

#include "cli/context.h"

#include <string>
#include <vector>

namespace vagga::cli {

// Needs no project: runs before the project is looked for.
int builtin_schema(Context& ctx, const std::vector<std::string>& args);

} // namespace vagga::cli
