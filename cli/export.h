// `vagga _export oci|bundle|kube|compose` (issue 14): a command or a
// container for a production engine. The formats come from the compiler
// (compiler/export/); this file parses the arguments, builds what is
// needed and writes the results.
#pragma once

#include "cli/frontend.h"

#include <string>
#include <vector>

namespace vagga::cli {

int builtin_export(Session& s, const std::vector<std::string>& args);

} // namespace vagga::cli
