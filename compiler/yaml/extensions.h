// vagga's own YAML extensions on finished nodes: `!*Unpack` splicing and
// the sources of a `<<` merge key. Private to the yaml stage.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/yaml/node.h"

#include <unordered_map>
#include <vector>

namespace vagga::yaml::detail {

// Nodes that came from an `!*Include`, with the include's position in the
// including file. A failed include leaves an implicit null that merges and
// unpacks skip without reporting a second error.
class IncludeOrigins {
  public:
    void record(const NodePtr& n, source::Span at, bool failed) { map_[n.get()] = {at, failed}; }
    bool included(const NodePtr& n) const { return map_.count(n.get()) != 0; }
    bool failed(const NodePtr& n) const {
        auto it = map_.find(n.get());
        return it != map_.end() && it->second.failed;
    }
    // Where to report a problem with this node in the including file.
    source::Span where(const NodePtr& n) const {
        auto it = map_.find(n.get());
        return it == map_.end() ? n->span : it->second.at;
    }

  private:
    struct Origin {
        source::Span at;
        bool failed = false;
    };
    std::unordered_map<const Node*, Origin> map_;
};

// Replaces each `!*Unpack [a, b, ...]` item of `seq` by the items of a, b...
void splice_unpacks(Node& seq, const IncludeOrigins& origins, diag::Diagnostics& diags);

// The mappings a `<<` value names, earliest (strongest) first. Bad values
// and items are reported and left out. `value_here` is where the value was
// written, `key_span` the `<<` key (for a value left empty).
std::vector<const Node*> merge_sources(const NodePtr& value, source::Span value_here,
                                       source::Span key_span, const IncludeOrigins& origins,
                                       diag::Diagnostics& diags);

} // namespace vagga::yaml::detail
