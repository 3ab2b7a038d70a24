#include "lsp/yaml_context.h"

#include <algorithm>
#include <optional>

namespace vagga::lsp {

namespace {

// One line of block YAML as far as structure goes.
struct Line {
    size_t indent = 0;              // column of the first non-space
    std::vector<size_t> dashes;     // columns of leading `- `
    size_t content = 0;             // column after the dashes
    std::optional<std::string> key; // `key:` at `content`
    std::string tag;                // `!Tag` after the key's colon, or after the dashes
    bool empty_value = false;       // `key:` (or `key: !Tag`) with nothing after
    bool blank = false;             // empty or a comment
};

std::string unquote(std::string_view s) {
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
        s = s.substr(1, s.size() - 2);
    return std::string(s);
}

// `key: rest` -> key and where rest starts; a colon must be followed by a
// space or the end, as in YAML (so `http://x` is not a key).
std::optional<std::pair<std::string, size_t>> split_key(std::string_view s) {
    if (s.empty() || s[0] == '!' || s[0] == '[' || s[0] == '{' || s[0] == '#')
        return std::nullopt;
    char quote = (s[0] == '"' || s[0] == '\'') ? s[0] : 0;
    size_t i = quote ? s.find(quote, 1) : 0;
    if (i == std::string_view::npos)
        return std::nullopt;
    for (; i < s.size(); ++i) {
        if (s[i] == ':' && (i + 1 == s.size() || s[i + 1] == ' ' || s[i + 1] == '\t'))
            return std::make_pair(unquote(s.substr(0, i)), i + 1);
        if (s[i] == ' ' && i + 1 < s.size() && s[i + 1] == '#')
            return std::nullopt;
    }
    return std::nullopt;
}

std::string_view skip_spaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    return s;
}

// An anchor (`&name `) before or after a tag says nothing about structure.
void skip_anchor(std::string_view& s) {
    if (s.empty() || s[0] != '&')
        return;
    size_t end = s.find(' ');
    s = end == std::string_view::npos ? std::string_view() : skip_spaces(s.substr(end));
}

// `!Tag` at the start of `s` (an anchor around it skipped): the tag's name;
// `s` is left at what follows.
std::string take_tag(std::string_view& s) {
    skip_anchor(s);
    if (s.empty() || s[0] != '!')
        return {};
    size_t end = 1;
    while (end < s.size() && s[end] != ' ' && s[end] != '\t')
        ++end;
    std::string tag(s.substr(1, end - 1));
    s = skip_spaces(s.substr(end));
    skip_anchor(s);
    return tag;
}

Line parse_line(std::string_view text) {
    Line l;
    size_t i = 0;
    while (i < text.size() && text[i] == ' ')
        ++i;
    l.indent = i;
    std::string_view rest = text.substr(i);
    if (rest.empty() || rest[0] == '#') {
        l.blank = true;
        return l;
    }
    while (rest == "-" || rest.starts_with("- ")) {
        l.dashes.push_back(text.size() - rest.size());
        rest = skip_spaces(rest.substr(1));
    }
    l.content = text.size() - rest.size();
    if (auto kv = split_key(rest)) {
        l.key = kv->first;
        std::string_view value = skip_spaces(rest.substr(kv->second));
        l.tag = take_tag(value);
        l.empty_value = value.empty() || value[0] == '#';
    } else if (!rest.empty() && rest[0] == '!') {
        l.tag = take_tag(rest);
        l.empty_value = rest.empty();
    }
    return l;
}

std::vector<std::string_view> lines_before(std::string_view text, size_t line_begin) {
    std::vector<std::string_view> out; // nearest first
    size_t end = line_begin;           // just after the '\n' that ends the line above
    while (end > 0) {
        size_t line_end = end - 1;
        size_t nl = line_end == 0 ? std::string_view::npos : text.rfind('\n', line_end - 1);
        size_t begin = nl == std::string_view::npos ? 0 : nl + 1;
        std::string_view line = text.substr(begin, line_end - begin);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        out.push_back(line);
        end = begin;
    }
    return out;
}

// The ancestors of a node that starts at column `col` (a `- ` item at that
// column when `dash`), nearest first.
std::vector<Segment> ancestors(const std::vector<std::string_view>& above, size_t col, bool dash) {
    std::vector<Segment> out;
    for (auto text : above) {
        if (col == 0 && !dash)
            break;
        Line l = parse_line(text);
        if (l.blank)
            continue;
        if (!l.dashes.empty()) {
            size_t d = l.dashes.back();
            if (col > l.content && l.key && l.empty_value) {
                // `- key:` with our node beneath the key.
                out.push_back({*l.key, false, l.tag});
                out.push_back({"", true, ""});
                col = d;
                dash = true;
            } else if (col > d && (col <= l.content || !l.key)) {
                // A sibling key in the item's mapping, or the item itself.
                out.push_back({"", true, l.key ? "" : l.tag});
                col = d;
                dash = true;
            } else {
                continue;
            }
            // Nested `- - x`: every dash but the last opens an item too.
            for (size_t k = l.dashes.size() - 1; k-- > 0;) {
                out.push_back({"", true, ""});
                col = l.dashes[k];
            }
            continue;
        }
        if (!l.key)
            continue;
        // A parent is less indented, or, for an indentless sequence, a
        // `key:` at the same column as our dash.
        if (l.indent < col || (dash && l.indent == col && l.empty_value)) {
            out.push_back({*l.key, false, l.tag});
            col = l.indent;
            dash = false;
        }
    }
    return out;
}

const schema::TypeInfo* unwrap(const schema::TypeInfo* t) {
    while (t && t->prim == schema::Prim::Optional)
        t = t->arg0;
    return t;
}

SchemaNode from_type(const schema::TypeInfo* t) {
    SchemaNode n;
    t = unwrap(t);
    if (!t)
        return n;
    n.valid = true;
    n.type = t;
    if (t->prim == schema::Prim::Struct)
        n.structure = t->structure;
    else if (t->prim == schema::Prim::Union)
        n.union_ = t->union_;
    return n;
}

// An untagged value of a union means its default option, if it has one.
SchemaNode settle(const SchemaNode& n) {
    if (n.union_ && n.union_->default_option >= 0)
        return step_tag(n, n.union_->options[static_cast<size_t>(n.union_->default_option)].tag);
    return n;
}

} // namespace

YamlContext context_at(std::string_view text, size_t offset) {
    offset = std::min(offset, text.size());
    size_t line_begin = offset == 0 ? 0 : text.rfind('\n', offset - 1);
    line_begin = line_begin == std::string_view::npos || offset == 0 ? 0 : line_begin + 1;
    std::string_view before = text.substr(line_begin, offset - line_begin);

    YamlContext c;
    Line l = parse_line(before);
    size_t col = l.blank ? before.size() : l.content;
    std::string_view rest = before.substr(std::min(col, before.size()));
    bool dash = !l.dashes.empty();
    auto path = ancestors(lines_before(text, line_begin), dash ? l.dashes.front() : col, dash);
    std::reverse(path.begin(), path.end());
    for (size_t k = 0; k < l.dashes.size(); ++k)
        path.push_back({"", true, ""});
    c.in_list_item = dash;

    if (auto kv = split_key(rest)) {
        // `key: ...|`: a tag or a value of `key`.
        path.push_back({kv->first, false, ""});
        std::string_view value = skip_spaces(rest.substr(kv->second));
        skip_anchor(value);
        c.key = kv->first;
        c.in_list_item = false;
        if (!value.empty() && value[0] == '!' && value.find(' ') == std::string_view::npos) {
            c.kind = YamlContext::Kind::Tag;
            c.word = std::string(value.substr(1));
        } else {
            std::string_view v = value;
            c.tag = take_tag(v);
            c.kind = YamlContext::Kind::Value;
            c.word = std::string(v);
        }
    } else if (!rest.empty() && rest[0] == '!') {
        if (rest.find(' ') == std::string_view::npos) {
            c.kind = YamlContext::Kind::Tag;
            c.word = std::string(rest.substr(1));
        } else {
            std::string_view v = rest;
            c.tag = take_tag(v);
            c.kind = YamlContext::Kind::Value;
            c.word = std::string(v);
        }
    } else {
        c.kind = YamlContext::Kind::Key;
        c.word = std::string(rest);
    }
    c.path = std::move(path);
    return c;
}

SchemaNode step_key(const SchemaNode& node, std::string_view key) {
    SchemaNode n = settle(node);
    if (const auto* f = find_field(n, key))
        return from_type(f->type);
    if (n.type && n.type->prim == schema::Prim::Map)
        return from_type(n.type->arg1);
    return {};
}

SchemaNode step_item(const SchemaNode& node) {
    SchemaNode n = settle(node);
    if (n.type && n.type->prim == schema::Prim::List)
        return from_type(n.type->arg0);
    return {};
}

SchemaNode step_tag(const SchemaNode& node, std::string_view tag) {
    if (!node.union_)
        return node;
    for (const auto& o : node.union_->options) {
        if (o.tag != tag)
            continue;
        if (o.structure) {
            SchemaNode n;
            n.valid = true;
            n.structure = o.structure;
            return n;
        }
        return from_type(o.payload);
    }
    return {};
}

SchemaNode resolve(const std::vector<Segment>& path) {
    SchemaNode n;
    n.valid = true;
    n.structure = &schema::config_info();
    for (const auto& s : path) {
        n = s.item ? step_item(n) : step_key(n, s.key);
        if (!s.tag.empty())
            n = step_tag(n, s.tag);
        if (!n.valid)
            break;
    }
    return n;
}

const schema::FieldInfo* find_field(const SchemaNode& node, std::string_view key) {
    if (!node.structure)
        return nullptr;
    for (const auto& f : node.structure->fields)
        if (f.key == key)
            return &f;
    return nullptr;
}

} // namespace vagga::lsp
