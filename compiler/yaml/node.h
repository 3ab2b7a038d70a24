// The located YAML node tree every later stage reads.
//
// vagga never types scalars implicitly: a scalar keeps its text exactly as
// written (after YAML unescaping/folding) plus whether it was plain or
// quoted. Nodes are immutable and shared: an alias points at the anchored
// node instead of copying it, so "billion laughs" input costs nothing to
// hold; `weight` (the size of the tree once aliases are expanded) lets the
// loader refuse such input before anyone walks it.
#pragma once

#include "compiler/source/span.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vagga::yaml {

// One byte each, so that kind, style and explicit_null share the padding
// after `span`: a large config has hundreds of thousands of nodes.
enum class Kind : uint8_t { Null, Scalar, Map, Seq };

// Quoted covers single- and double-quoted scalars and block scalars.
enum class Style : uint8_t { Plain, Quoted };

struct Node;
using NodePtr = std::shared_ptr<const Node>;

struct MapEntry {
    std::string key;       // the key's text
    source::Span key_span; // the key as written
    bool key_plain = true; // `<<` is a merge key only when written plain
    NodePtr value;
};

// Members are ordered so that the small ones pack together.
struct Node {
    source::Span span; // the value; for a tagged scalar, the value after the tag
    Kind kind = Kind::Null;
    Style style = Style::Plain; // of a scalar
    // Null: `~` or `null` written plain is explicit; a missing value is implicit.
    bool explicit_null = false;
    source::Span tag_span;
    // Without the leading '!' ("Sh", "*Include"); empty = untagged. A view
    // into the file's text, which the SourceManager keeps for as long as any
    // tree of it lives (a tag only yaml-cpp saw is kept in a process-wide
    // table): most nodes have no tag, and a std::string would cost 32 bytes.
    std::string_view tag;

    // Scalar
    std::string text;

    // Map entries in source order (after merges: local keys, then merged-in keys).
    std::vector<MapEntry> entries;
    // Sequence items (after !*Unpack splicing).
    std::vector<NodePtr> items;

    uint64_t weight = 1; // nodes in this subtree with aliases expanded

    bool is_null() const { return kind == Kind::Null; }
    bool is_scalar() const { return kind == Kind::Scalar; }
    bool is_map() const { return kind == Kind::Map; }
    bool is_seq() const { return kind == Kind::Seq; }
    bool tagged() const { return !tag.empty(); }
    // The first entry with this exact key, or nullptr.
    const MapEntry* find(const std::string& key) const;
};

const char* kind_name(Kind k);

// Called as each entry of a mapping that is itself the value of a top-level
// key completes (`containers: {NAME: VALUE}`), with that top-level key; it
// returns the node the tree keeps instead of VALUE. The decoder uses it to
// decode a large config's containers and commands one at a time while the
// file is still being parsed, so the whole tree never exists at once.
using EntrySink = std::function<NodePtr(const std::string& section, const MapEntry& entry)>;

} // namespace vagga::yaml
