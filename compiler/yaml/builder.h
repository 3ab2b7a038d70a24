// One file's text -> node tree: drives yaml-cpp's event parser and applies
// vagga's extensions as each node completes (bottom-up), so that merges and
// unpacks always see already processed children. Private to the yaml stage.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/yaml/lenient.h"
#include "compiler/yaml/node.h"

#include <cstdint>
#include <string_view>

namespace vagga::yaml::detail {

// How the builder reaches other files; the loader owns paths and limits.
class IncludeResolver {
  public:
    virtual ~IncludeResolver() = default;
    // Loads the file named by an `!*Include`, `!*IncludeSeq` or `!*IncludeMap`
    // scalar. Reports its own errors and returns nullptr on failure.
    // `depth_used` is the nesting depth around the scalar, so that the
    // included file gets only what is left of the budget.
    virtual NodePtr include(const Node& scalar, uint32_t depth_used) = 0;
};

struct DocumentInput {
    // See Loader::set_entry_sink; only the main document gets one.
    const EntrySink* sink = nullptr;
    uint32_t file = 0;
    std::string_view text; // the whole file as registered
    // When the pre-pass moved keys to lines of their own (lenient.h): the
    // text yaml-cpp reads instead, with the way back to `text`'s offsets.
    const lenient::Rewrite* rewrite = nullptr;
    size_t base = 0; // where the YAML starts (after a BOM)
    uint64_t max_nodes = 0;
    uint32_t max_depth = 0; // nesting budget for this file
};

// Parses the single document of one file. Every problem becomes a
// diagnostic; never throws, never returns nullptr.
NodePtr parse_document(const DocumentInput& in, diag::Diagnostics& diags, IncludeResolver& inc);

} // namespace vagga::yaml::detail
