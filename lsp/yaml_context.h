// Where in vagga.yaml's structure a cursor is, read from the text around it
// (indentation, `- `, `key:`, `!Tag`), because the text being typed is
// rarely valid YAML: the line under the cursor is half written.
#pragma once

#include "compiler/schema/schema.h"

#include <string>
#include <string_view>
#include <vector>

namespace vagga::lsp {

struct Segment {
    std::string key; // empty for a list item
    bool item = false;
    std::string tag; // without '!'; the tag written on that key or item
};

struct YamlContext {
    enum class Kind {
        Key,   // typing a key (or nothing yet) in a mapping
        Tag,   // typing `!Name`
        Value, // typing a scalar after `key: ` or after a tag
    };
    Kind kind = Kind::Key;
    std::vector<Segment> path; // from the document's root to the cursor's node
    std::string word;          // what is typed so far (for a tag, without '!')
    std::string key;           // Kind::Value: the key the value belongs to
    std::string tag;           // Kind::Value: the tag before the value, if any
    bool in_list_item = false; // the cursor's node is a `- ` item
};

YamlContext context_at(std::string_view text, size_t offset);

// The schema node a path leads to: a struct, a union (before its tag is
// known) or a plain type.
struct SchemaNode {
    const schema::StructInfo* structure = nullptr;
    const schema::UnionInfo* union_ = nullptr;
    const schema::TypeInfo* type = nullptr;
    bool valid = false;
};

SchemaNode resolve(const std::vector<Segment>& path);
// One more step from `node`: a key, a list item, or a tag.
SchemaNode step_key(const SchemaNode& node, std::string_view key);
SchemaNode step_item(const SchemaNode& node);
SchemaNode step_tag(const SchemaNode& node, std::string_view tag);

// The field `key` of the struct `node` is, or nullptr.
const schema::FieldInfo* find_field(const SchemaNode& node, std::string_view key);

} // namespace vagga::lsp
