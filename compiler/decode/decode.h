// decode stage: a located YAML node tree -> the typed IR (ir::Config).
//
// Takes: the root node of one config file (vagga.yaml, a mixin, a
// sub-config). Returns: the config with every value that could be read, and
// schema defaults elsewhere. Reports: unknown keys and tags (with "did you
// mean"), missing fields, wrong shapes, bad scalars, each located; it goes on
// after each one, so a single pass finds all of them.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/yaml/node.h"
#include "ir_gen.h"

namespace vagga::decode {

ir::Config decode_config(const yaml::Node& root, diag::Diagnostics& diags);

// The same, for a caller that hands over the tree and will not read it
// again: the subtrees of the top-level mappings (`containers:`,
// `commands:`) are freed as they are decoded, so that a large config's
// tree and IR are not held in memory together. Results and diagnostics are
// those of the overload above.
ir::Config decode_config(yaml::NodePtr root, diag::Diagnostics& diags);

} // namespace vagga::decode
