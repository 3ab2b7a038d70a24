#include "lsp/features.h"

#include "app/queries.h"
#include "compiler/checks/checks.h"
#include "lsp/uri.h"
#include "lsp/yaml_context.h"

#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <set>

namespace vagga::lsp {

using nlohmann::json;

namespace {

// ---- positions --------------------------------------------------------

json position_json(Position p) {
    return {{"line", p.line}, {"character", p.character}};
}

json range_in(std::string_view text, size_t begin, size_t end, Encoding e) {
    return {{"start", position_json(to_position(text, begin, e))},
            {"end", position_json(to_position(text, end, e))}};
}

json range_of(const Analysis& a, source::Span s, Encoding e) {
    if (!s.valid())
        return range_in("", 0, 0, e);
    const auto& text = a.compilation->sources().file(s.file).text;
    return range_in(text, s.begin, s.end, e);
}

std::filesystem::path path_of(const Analysis& a, uint32_t file) {
    return std::filesystem::absolute(a.compilation->sources().file(file).path).lexically_normal();
}

json location_of(const Analysis& a, source::Span s, Encoding e) {
    return {{"uri", uri_from_path(path_of(a, s.file))}, {"range", range_of(a, s, e)}};
}

// The request's document, its newest text and analysis, and the cursor.
struct At {
    const Document* doc = nullptr;
    std::shared_ptr<Analysis> analysis;
    size_t offset = 0;
    std::vector<uint32_t> files; // the document's ids in the analysis
};

At locate(Server& s, const json& params) {
    At at;
    std::string uri = params.at("textDocument").at("uri").get<std::string>();
    at.doc = s.document(uri);
    if (!at.doc)
        return at;
    at.analysis = s.analysis_of(uri);
    at.files = at.analysis->files_of(at.doc->path);
    if (params.contains("position")) {
        const auto& p = params.at("position");
        at.offset =
            to_offset(at.doc->text, {p.at("line").get<size_t>(), p.at("character").get<size_t>()},
                      s.encoding());
    }
    return at;
}

bool contains(const At& at, source::Span s) {
    return std::find(at.files.begin(), at.files.end(), s.file) != at.files.end() &&
           s.begin <= at.offset && at.offset <= s.end;
}

// ---- references between containers and commands ------------------------

enum class Kind { Container, Command };

struct Ref {
    Kind kind;
    ir::Str name; // as written, with its span
};

// Every place a container or a command is named, definitions excluded:
// the walk vagga check resolves (checks::walk_references).
std::vector<Ref> all_refs(const ir::Config& config) {
    struct Collect final : checks::ReferenceVisitor {
        std::vector<Ref> out;
        void reference(const checks::Reference& r) override {
            // No span: the decoder reported the value missing or malformed.
            if (r.name.span.valid())
                out.push_back({r.names_command() ? Kind::Command : Kind::Container, r.name});
        }
    } collect;
    checks::walk_references(config, collect);
    return std::move(collect.out);
}

const ir::Str* definition_of(const ir::Config& config, Kind kind, const std::string& name) {
    if (kind == Kind::Container) {
        auto it = config.containers.find(ir::Str(name));
        return it == config.containers.end() ? nullptr : &it->first;
    }
    auto it = config.commands.find(ir::Str(name));
    return it == config.commands.end() ? nullptr : &it->first;
}

// The container or command named at the cursor: a reference or a
// definition's key.
std::optional<Ref> named_at(const At& at) {
    const auto& config = at.analysis->compilation->project().config;
    for (const auto& r : all_refs(config))
        if (contains(at, r.name.span))
            return r;
    for (const auto& [name, c] : config.containers)
        if (contains(at, name.span))
            return Ref{Kind::Container, name};
    for (const auto& [name, c] : config.commands)
        if (contains(at, name.span))
            return Ref{Kind::Command, name};
    return std::nullopt;
}

// ---- schema documentation ------------------------------------------------

std::string field_doc(const schema::FieldInfo& f) {
    std::string out = fmt::format("**{}**: `{}`", f.key, f.type ? f.type->display : "");
    if (!f.doc.empty())
        out += "\n\n" + std::string(f.doc);
    if (!f.default_text.empty())
        out += fmt::format("\n\nDefault: `{}`.", f.default_text);
    if (f.required)
        out += "\n\nRequired.";
    if (!f.since.empty())
        out += fmt::format("\n\nSince vagga {}.", f.since);
    if (!f.deprecated.empty())
        out += fmt::format("\n\nDeprecated: {}", f.deprecated);
    return out;
}

std::string option_doc(const schema::OptionInfo& o) {
    std::string out = fmt::format("**!{}**", o.tag);
    if (o.payload)
        out += fmt::format(" `{}`", o.payload->display);
    if (!o.doc.empty())
        out += "\n\n" + std::string(o.doc);
    if (o.structure && !o.structure->fields.empty()) {
        out += "\n\nFields:";
        for (const auto& f : o.structure->fields)
            out += fmt::format(" `{}`", f.key);
    }
    if (!o.since.empty())
        out += fmt::format("\n\nSince vagga {}.", o.since);
    if (!o.deprecated.empty())
        out += fmt::format("\n\nDeprecated: {}", o.deprecated);
    return out;
}

const schema::OptionInfo* find_option(const schema::UnionInfo* u, std::string_view tag) {
    if (u)
        for (const auto& o : u->options)
            if (o.tag == tag)
                return &o;
    return nullptr;
}

// A tag anywhere in the schema, for text whose context is unclear.
const schema::OptionInfo* any_option(std::string_view tag) {
    for (const auto* u : schema::catalog().unions)
        if (const auto* o = find_option(u, tag))
            return o;
    return nullptr;
}

std::string container_summary(const Analysis& a, const std::string& name) {
    const auto& config = a.compilation->project().config;
    auto it = config.containers.find(ir::Str(name));
    if (it == config.containers.end())
        return fmt::format("container `{}` is not defined", name);
    const auto& c = it->second;
    std::string out = fmt::format("**container** `{}`", name);
    const auto* steps = schema::find_union("Step");
    if (!c.setup.empty() && steps) {
        out += fmt::format("\n\n{} build step{}:", c.setup.size(), c.setup.size() == 1 ? "" : "s");
        for (size_t i = 0; i < c.setup.size() && i < 5; ++i)
            out += fmt::format(" `!{}`", steps->options[c.setup[i].value.index()].tag);
        if (c.setup.size() > 5)
            out += " ...";
    }
    if (!c.volumes.empty())
        out += fmt::format("\n\n{} volume{}", c.volumes.size(), c.volumes.size() == 1 ? "" : "s");
    if (it->first.span.valid()) {
        auto lc = a.compilation->sources().start(it->first.span);
        out += fmt::format("\n\nDefined in {}:{}",
                           a.compilation->sources().file(it->first.span.file).display, lc.line);
    }
    return out;
}

std::string command_summary(const Analysis& a, const std::string& name) {
    const auto& config = a.compilation->project().config;
    auto it = config.commands.find(ir::Str(name));
    if (it == config.commands.end())
        return fmt::format("command `{}` is not defined", name);
    std::string out = fmt::format("**command** `{}`", name);
    if (const auto& d = app::common(it->second).description)
        out += "\n\n" + d->text;
    auto containers = app::containers_of_command(config, name);
    if (!containers.empty()) {
        out += "\n\nRuns in:";
        for (const auto& c : containers)
            out += " `" + c + "`";
    }
    return out;
}

// The word under the cursor: [A-Za-z0-9_.!-]+ around the offset.
std::pair<size_t, size_t> word_at(std::string_view text, size_t offset) {
    auto part = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
               c == '!' || c == '/';
    };
    size_t b = offset, e = offset;
    while (b > 0 && part(text[b - 1]))
        --b;
    while (e < text.size() && part(text[e]))
        ++e;
    return {b, e};
}

json markdown(const std::string& text) {
    return {{"contents", {{"kind", "markdown"}, {"value", text}}}};
}

// ---- completion ------------------------------------------------------------

json item(const std::string& label, int kind, const std::string& doc,
          const std::string& detail = "") {
    json i = {{"label", label}, {"kind", kind}};
    if (!doc.empty())
        i["documentation"] = {{"kind", "markdown"}, {"value", doc}};
    if (!detail.empty())
        i["detail"] = detail;
    return i;
}

constexpr int kProperty = 10, kEnumMember = 20, kClass = 7, kFunction = 3, kKeyword = 14,
              kFile = 17;

// Keys whose value names a container or a command (the references of
// all_refs above, by the key users write them under).
std::optional<Kind> reference_kind(const YamlContext& c) {
    if (c.kind != YamlContext::Kind::Value)
        return std::nullopt;
    if (c.tag == "Container" || c.tag == "Snapshot" || c.key == "container")
        return Kind::Container;
    if (c.key == "init-command")
        return Kind::Command;
    if (!c.path.empty() && c.path.back().item && c.path.size() >= 2 &&
        c.path[c.path.size() - 2].key == "prerequisites")
        return Kind::Command;
    if (c.key == "prerequisites")
        return Kind::Command;
    return std::nullopt;
}

void add_names(const Analysis& a, Kind kind, json& items) {
    const auto& config = a.compilation->project().config;
    if (kind == Kind::Container) {
        for (const auto& [name, c] : config.containers)
            items.push_back(item(name.text, kClass, container_summary(a, name.text), "container"));
    } else {
        for (const auto& [name, c] : config.commands)
            items.push_back(item(name.text, kFunction, command_summary(a, name.text), "command"));
    }
}

// Entries of the folder `typed` names beneath `base` (YAML files only for
// includes and mixins), completed as `prefix` + the path typed so far.
void add_files(const std::filesystem::path& base, const std::string& typed, bool yaml_only,
               const std::string& prefix, json& items) {
    auto folder = std::filesystem::path(typed).parent_path();
    std::error_code ec;
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(base / folder, ec)) {
        auto n = e.path().filename().string();
        if (e.is_directory(ec))
            names.push_back(n + "/");
        else if (!yaml_only || n.ends_with(".yaml") || n.ends_with(".yml"))
            names.push_back(n);
        if (names.size() >= 1000) // a huge folder: the first thousand
            break;
    }
    std::sort(names.begin(), names.end());
    std::string dir = folder.empty() ? "" : folder.string() + "/";
    for (const auto& n : names)
        items.push_back(item(prefix + dir + n, kFile, ""));
}

// `!Depends PATH` and `!Copy`'s `source: /work/PATH` name project files.
bool add_project_files(const Analysis& a, const YamlContext& c, json& items) {
    const auto& root = a.compilation->where().root;
    if (c.tag == "Depends") {
        add_files(root, c.word, false, "", items);
        return true;
    }
    bool copy_source =
        c.key == "source" && c.path.size() >= 2 && c.path[c.path.size() - 2].tag == "Copy";
    if (copy_source && std::string_view("/work/").starts_with(c.word.substr(0, 6))) {
        std::string rel = c.word.size() > 6 ? c.word.substr(6) : "";
        add_files(root, rel, false, "/work/", items);
        return true;
    }
    return false;
}

json complete_at(const Analysis& a, const Document& doc, size_t offset) {
    json items = json::array();
    YamlContext c = context_at(doc.text, offset);
    SchemaNode node = resolve(c.path);
    switch (c.kind) {
    case YamlContext::Kind::Key:
        if (c.in_list_item && node.union_) { // `- ` of a list of tagged values
            for (const auto& o : node.union_->options)
                items.push_back(item("!" + std::string(o.tag), kClass, option_doc(o)));
            break;
        }
        if (node.structure)
            for (const auto& f : node.structure->fields)
                items.push_back(item(std::string(f.key), kProperty, field_doc(f),
                                     std::string(f.type ? f.type->display : "")));
        if (c.in_list_item && c.path.size() >= 2 && c.path[c.path.size() - 2].key == "mixins")
            add_files(doc.path.parent_path(), c.word, true, "", items);
        break;
    case YamlContext::Kind::Tag:
        if (node.union_)
            for (const auto& o : node.union_->options)
                items.push_back(item("!" + std::string(o.tag), kClass, option_doc(o)));
        break;
    case YamlContext::Kind::Value: {
        if (auto kind = reference_kind(c)) {
            add_names(a, *kind, items);
            break;
        }
        if (c.tag.ends_with("Include")) {
            add_files(doc.path.parent_path(), c.word, true, "", items);
            break;
        }
        if (add_project_files(a, c, items))
            break;
        SchemaNode v = c.tag.empty() ? node : step_tag(node, c.tag);
        if (v.type && v.type->prim == schema::Prim::Enum && v.type->enumeration)
            for (const auto& e : v.type->enumeration->values)
                items.push_back(item(std::string(e.name), kEnumMember, std::string(e.doc)));
        if (v.type && v.type->prim == schema::Prim::Bool)
            for (const char* b : {"true", "false"})
                items.push_back(item(b, kKeyword, ""));
        if (v.union_ && c.word.empty())
            for (const auto& o : v.union_->options)
                items.push_back(item("!" + std::string(o.tag), kClass, option_doc(o)));
        break;
    }
    }
    return {{"isIncomplete", false}, {"items", items}};
}

// "did you mean `x`?" labels carry the fix code actions apply.
std::optional<std::string> suggested(const std::string& label) {
    static const std::regex re("did you mean `([^`]*)`\\?");
    std::smatch m;
    if (std::regex_search(label, m, re))
        return m[1].str();
    return std::nullopt;
}

} // namespace

json to_lsp_diagnostic(const Analysis& a, const diag::Diagnostic& d, Encoding e) {
    json out = {{"range", range_of(a, d.span, e)},
                {"severity", d.severity == diag::Severity::Error     ? 1
                             : d.severity == diag::Severity::Warning ? 2
                                                                     : 3},
                {"code", std::string(diag::code_name(d.code))},
                {"source", "vagga"}};
    std::string message = d.message;
    if (!d.label.empty())
        message += ": " + d.label;
    json related = json::array();
    for (const auto& n : d.notes) {
        if (n.span.valid())
            related.push_back({{"location", location_of(a, n.span, e)}, {"message", n.message}});
        else
            message += "\n" + n.message;
    }
    out["message"] = message;
    if (!related.empty())
        out["relatedInformation"] = related;
    if (auto fix = suggested(d.label))
        out["data"] = {{"fix", *fix}};
    return out;
}

json document_symbols(Server& s, const json& params) {
    At at = locate(s, params);
    json out = json::array();
    if (!at.doc)
        return out;
    const auto& config = at.analysis->compilation->project().config;
    auto mine = [&](source::Span sp) {
        return std::find(at.files.begin(), at.files.end(), sp.file) != at.files.end();
    };
    auto symbol = [&](const ir::Str& name, source::Span value, int kind, const char* detail) {
        source::Span whole = name.span;
        if (value.valid() && value.file == whole.file) {
            whole.begin = std::min(whole.begin, value.begin);
            whole.end = std::max(whole.end, value.end);
        }
        return json{{"name", name.text},
                    {"detail", detail},
                    {"kind", kind},
                    {"range", range_of(*at.analysis, whole, s.encoding())},
                    {"selectionRange", range_of(*at.analysis, name.span, s.encoding())}};
    };
    for (const auto& [name, c] : config.containers)
        if (mine(name.span))
            out.push_back(symbol(name, c.span, 5, "container"));
    for (const auto& [name, cmd] : config.commands) {
        if (!mine(name.span))
            continue;
        json sym = symbol(name, cmd.span, 12, "command");
        if (const auto* sup = ir::get_if<ir::command::Supervise>(cmd.value)) {
            sym["children"] = json::array();
            for (const auto& [child, value] : sup->children)
                if (mine(child.span))
                    sym["children"].push_back(symbol(child, value.span, 12, "supervise child"));
        }
        out.push_back(sym);
    }
    return out;
}

json hover(Server& s, const json& params) {
    At at = locate(s, params);
    if (!at.doc)
        return nullptr;
    if (auto r = named_at(at)) {
        bool container = r->kind == Kind::Container;
        return markdown(container ? container_summary(*at.analysis, r->name.text)
                                  : command_summary(*at.analysis, r->name.text));
    }
    std::string_view text = at.doc->text;
    auto [b, e] = word_at(text, at.offset);
    std::string word(text.substr(b, e - b));
    if (word.starts_with("!")) {
        YamlContext c = context_at(text, b + 1);
        const auto* o = find_option(resolve(c.path).union_, word.substr(1));
        if (!o)
            o = any_option(word.substr(1));
        return o ? markdown(option_doc(*o)) : json(nullptr);
    }
    // A key: the word followed by `:`.
    if (e < text.size() && text[e] == ':' && !word.empty()) {
        YamlContext c = context_at(text, b);
        const auto* f = find_field(resolve(c.path), word);
        if (f)
            return markdown(field_doc(*f));
    }
    return nullptr;
}

json completion(Server& s, const json& params) {
    At at = locate(s, params);
    if (!at.doc)
        return nullptr;
    return complete_at(*at.analysis, *at.doc, at.offset);
}

json definition(Server& s, const json& params) {
    At at = locate(s, params);
    if (!at.doc)
        return nullptr;
    if (auto r = named_at(at)) {
        const auto* def =
            definition_of(at.analysis->compilation->project().config, r->kind, r->name.text);
        if (def && def->span.valid())
            return location_of(*at.analysis, def->span, s.encoding());
        return nullptr;
    }
    // An include or mixin path opens the file.
    std::string_view text = at.doc->text;
    auto [b, e] = word_at(text, at.offset);
    std::string word(text.substr(b, e - b));
    YamlContext c = context_at(text, b);
    bool in_mixins = c.path.size() >= 2 && c.path[c.path.size() - 2].key == "mixins";
    bool include = c.kind == YamlContext::Kind::Value && c.tag.ends_with("Include");
    if ((in_mixins || include || c.key == "mixins") && !word.empty() && !word.starts_with("!")) {
        auto target = (at.doc->path.parent_path() / word).lexically_normal();
        std::error_code ec;
        if (std::filesystem::is_regular_file(target, ec))
            return {{"uri", uri_from_path(target)}, {"range", range_in("", 0, 0, s.encoding())}};
    }
    return nullptr;
}

namespace {

// The definition and every reference of what the cursor names.
std::vector<const ir::Str*> occurrences(const At& at, std::vector<Ref>& refs, bool declaration) {
    std::vector<const ir::Str*> out;
    auto r = named_at(at);
    if (!r)
        return out;
    const auto& config = at.analysis->compilation->project().config;
    if (declaration)
        if (const auto* def = definition_of(config, r->kind, r->name.text))
            out.push_back(def);
    refs = all_refs(config);
    for (const auto& ref : refs)
        if (ref.kind == r->kind && ref.name.text == r->name.text)
            out.push_back(&ref.name);
    return out;
}

} // namespace

json references(Server& s, const json& params) {
    At at = locate(s, params);
    json out = json::array();
    if (!at.doc)
        return out;
    bool decl = params.value("context", json::object()).value("includeDeclaration", true);
    std::vector<Ref> refs;
    for (const auto* name : occurrences(at, refs, decl))
        out.push_back(location_of(*at.analysis, name->span, s.encoding()));
    return out;
}

json rename(Server& s, const json& params) {
    At at = locate(s, params);
    if (!at.doc)
        return nullptr;
    std::string new_name = params.at("newName").get<std::string>();
    static const std::regex plain("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    if (!std::regex_match(new_name, plain))
        throw std::runtime_error("a container or command name is letters, digits, `_`, `.` "
                                 "and `-`");
    std::vector<Ref> refs;
    auto names = occurrences(at, refs, true);
    if (names.empty())
        throw std::runtime_error("no container or command here");
    json changes = json::object();
    std::set<std::pair<uint32_t, uint32_t>> seen; // one edit per place
    for (const auto* name : names) {
        if (!seen.insert({name->span.file, name->span.begin}).second)
            continue;
        std::string uri = uri_from_path(path_of(*at.analysis, name->span.file));
        changes[uri].push_back(
            {{"range", range_of(*at.analysis, name->span, s.encoding())}, {"newText", new_name}});
    }
    return {{"changes", changes}};
}

json code_actions(Server&, const json& params) {
    json out = json::array();
    std::string uri = params.at("textDocument").at("uri").get<std::string>();
    const auto& diags = params.value("context", json::object()).value("diagnostics", json::array());
    for (const auto& d : diags) {
        if (!d.contains("data") || !d["data"].contains("fix"))
            continue;
        std::string fix = d["data"]["fix"].get<std::string>();
        out.push_back({{"title", fmt::format("Replace with `{}`", fix)},
                       {"kind", "quickfix"},
                       {"diagnostics", json::array({d})},
                       {"isPreferred", true},
                       {"edit",
                        {{"changes",
                          {{uri, json::array({{{"range", d.at("range")}, {"newText", fix}}})}}}}}});
    }
    return out;
}

} // namespace vagga::lsp
