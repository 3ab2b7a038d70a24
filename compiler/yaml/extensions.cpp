#include "compiler/yaml/extensions.h"

#include <algorithm>
#include <string>

namespace vagga::yaml::detail {

namespace {

bool is_unpack(const NodePtr& n) {
    return n->is_seq() && n->tag == "*Unpack";
}

} // namespace

void splice_unpacks(Node& seq, const IncludeOrigins& origins, diag::Diagnostics& diags) {
    // The children of an unpack node are taken as they are when the node is
    // spliced into its parent (the original merged each child's items, and
    // never the unpack node's own unpack-tagged children), so nothing is
    // spliced inside the unpack node itself.
    if (seq.tag == "*Unpack" || std::none_of(seq.items.begin(), seq.items.end(), is_unpack))
        return;
    std::vector<NodePtr> out;
    for (auto& item : seq.items) {
        if (!is_unpack(item)) {
            out.push_back(item);
            continue;
        }
        for (const auto& child : item->items) {
            if (child->is_seq()) {
                out.insert(out.end(), child->items.begin(), child->items.end());
                continue;
            }
            if (origins.failed(child))
                continue; // the include error was reported already
            diags.error(diag::Code::UnpackError, origins.where(child),
                        "the value of !*Unpack must be a sequence of sequences, found a " +
                            std::string(kind_name(child->kind)));
            // An included file that is not a sequence stays as one item, as in
            // the original; anything else is dropped.
            if (origins.included(child))
                out.push_back(child);
        }
    }
    seq.items = std::move(out);
}

std::vector<const Node*> merge_sources(const NodePtr& v, source::Span value_here,
                                       source::Span key_span, const IncludeOrigins& origins,
                                       diag::Diagnostics& diags) {
    static const std::string bad = "value of merge key must be a mapping or a list of mappings";
    std::vector<const Node*> out;
    if (origins.failed(v))
        return out;
    if (v->is_map()) {
        out.push_back(v.get());
        return out;
    }
    if (!v->is_seq()) {
        bool left_empty = v->is_null() && !v->explicit_null && v->span.begin == v->span.end;
        diags.error(diag::Code::MergeError, left_empty ? key_span : value_here, bad);
        return out;
    }
    for (const auto& item : v->items) {
        if (item->is_map())
            out.push_back(item.get());
        else if (!origins.failed(item))
            diags.error(diag::Code::MergeError, origins.where(item), bad);
    }
    return out;
}

} // namespace vagga::yaml::detail
