#include "compiler/decode/decoder.h"

#include "compat/edit_distance.h"
#include "compat/human_number.h"
#include "compat/utf8.h"
#include "compiler/scalar/scalar.h"

#include <algorithm>
#include <fmt/format.h>

namespace vagga::decode {

namespace {

std::string describe(const yaml::Node& n) {
    switch (n.kind) {
    case yaml::Kind::Null:
        return n.explicit_null ? "`~` (null)" : "nothing";
    case yaml::Kind::Scalar:
        return fmt::format("the scalar `{}`", compat::preview(n.text, 40));
    case yaml::Kind::Map:
        return "a mapping";
    case yaml::Kind::Seq:
        return "a sequence";
    }
    return "a value";
}

// Where to point for a node: a bare tag has no value, so point at the tag.
source::Span place(const yaml::Node& n) {
    if (n.is_null() && !n.explicit_null && n.tag_span.valid())
        return n.tag_span;
    return n.span;
}

std::string normalize(std::string_view s) {
    std::string out;
    for (char c : s)
        out += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

} // namespace

std::string_view did_you_mean(std::string_view word, const std::vector<std::string_view>& options) {
    if (word.size() > 64)
        return {};
    std::string w = normalize(word);
    std::string_view best;
    size_t best_d = std::max<size_t>(1, w.size() / 3) + 1;
    for (auto o : options) {
        // In bytes, as the threshold above.
        size_t dist = compat::edit_distance(w, normalize(o));
        if (dist < best_d) {
            best_d = dist;
            best = o;
        }
    }
    return best;
}

std::string Decoder::where() const {
    return context_.empty() ? std::string() : context_.back();
}

void Decoder::check_tag(const yaml::Node& n) {
    if (!n.tagged() || &n == consumed_)
        return;
    diags_.warning(diag::Code::IgnoredTag, n.tag_span,
                   fmt::format("the tag `!{}` has no meaning here and is ignored", n.tag));
}

void Decoder::wrong_kind(const yaml::Node& n, const char* expected) {
    std::string at = where().empty() ? "" : " for " + where();
    diags_.error(diag::Code::BadType, place(n),
                 fmt::format("expected {}{}, found {}", expected, at, describe(n)));
}

bool Decoder::scalar_text(const yaml::Node& n, const char* what) {
    check_tag(n);
    if (n.is_scalar())
        return true;
    wrong_kind(n, what);
    return false;
}

bool Decoder::check_path(const std::string& text, source::Span span, PathRule rule) {
    switch (rule) {
    case PathRule::None:
    case PathRule::Any:
        return true;
    case PathRule::Absolute:
        if (!text.empty() && text[0] == '/')
            return true;
        diags_.error(diag::Code::BadPath, span, fmt::format("path `{}` must be absolute", text));
        return false;
    case PathRule::Relative: {
        if (!text.empty() && text[0] == '/') {
            diags_.error(diag::Code::BadPath, span,
                         fmt::format("path `{}` must be relative", text));
            return false;
        }
        size_t start = 0;
        while (start <= text.size()) {
            size_t end = text.find('/', start);
            if (end == std::string::npos)
                end = text.size();
            if (text.compare(start, end - start, "..") == 0) {
                diags_.error(diag::Code::BadPath, span,
                             fmt::format("path `{}` must not contain `..`", text));
                return false;
            }
            start = end + 1;
        }
        return true;
    }
    }
    return true;
}

bool Decoder::str(const yaml::Node& n, ir::Str& out, PathRule rule) {
    if (!scalar_text(n, rule == PathRule::None ? "a string" : "a path"))
        return false;
    if (!check_path(n.text, n.span, rule))
        return false;
    out = ir::Str(n.text, n.span);
    return true;
}

bool Decoder::boolean(const yaml::Node& n, bool& out) {
    if (!scalar_text(n, "`true` or `false`"))
        return false;
    auto b = scalar::parse_bool(n.text);
    if (!b) {
        diags_.error(diag::Code::BadValue, n.span,
                     fmt::format("expected `true` or `false`, found `{}`", n.text));
        return false;
    }
    out = *b;
    return true;
}

bool Decoder::number_value(const yaml::Node& n, long long& out, long long lo, long long hi) {
    if (!scalar_text(n, "a number"))
        return false;
    auto r = compat::parse_number(n.text);
    switch (r.error) {
    case compat::NumError::None:
        break;
    case compat::NumError::InvalidDigit:
    case compat::NumError::Overflow:
    case compat::NumError::Empty:
        diags_
            .error(diag::Code::BadValue, n.span,
                   fmt::format("`{}` is not a number ({}); numbers may have a unit (k, M, G, "
                               "ki, Mi, Gi) and a 0x, 0o or 0b prefix",
                               n.text, compat::num_error_text(r.error)))
            .label = "expected a number";
        return false;
    }
    if (r.value < lo) {
        diags_.error(diag::Code::BadValue, n.span,
                     fmt::format("value must be at least {}, found {}", lo, r.value));
        return false;
    }
    if (r.value > hi) {
        diags_.error(diag::Code::BadValue, n.span,
                     fmt::format("value must be at most {}, found {}", hi, r.value));
        return false;
    }
    out = r.value;
    return true;
}

bool Decoder::decimal_value(const yaml::Node& n, unsigned long long& out) {
    if (!scalar_text(n, "a number"))
        return false;
    auto v = scalar::parse_decimal(n.text);
    if (!v) {
        diags_.error(diag::Code::BadValue, n.span,
                     fmt::format("`{}` is not a plain decimal number (no units here)", n.text));
        return false;
    }
    out = *v;
    return true;
}

bool Decoder::range(const yaml::Node& n, ir::IdRange& out) {
    if (!scalar_text(n, "an id range"))
        return false;
    auto r = scalar::parse_range(n.text);
    if (!r) {
        diags_.error(
            diag::Code::BadValue, n.span,
            fmt::format("`{}` is not an id range: expected `N` or `A-B` with A <= B", n.text));
        return false;
    }
    out = {r->start, r->end, n.span};
    return true;
}

bool Decoder::run(const yaml::Node& n, ir::Run& out) {
    out.span = n.span;
    if (n.is_seq()) {
        check_tag(n);
        if (n.items.empty()) {
            diags_.error(diag::Code::BadValue, n.span,
                         "`run` must contain at least a command to run");
            return false;
        }
        out.form = ir::Run::Form::Argv;
        bool ok = true;
        for (const auto& item : n.items) {
            ir::Str s;
            if (str(*item, s, PathRule::None))
                out.argv.push_back(std::move(s));
            else
                ok = false;
        }
        return ok;
    }
    if (n.is_scalar() && !n.tagged()) {
        out.form = ir::Run::Form::Shell;
        out.script = ir::Str(n.text, n.span);
        return true;
    }
    // The original rejected a tagged scalar here too: the tag would be lost.
    diags_.error(
        diag::Code::BadType, place(n),
        fmt::format("`run` must be a list (argv) or an untagged string (shell), found {}{}",
                    n.tagged() ? fmt::format("a value tagged `!{}`", n.tag) : describe(n), ""));
    return false;
}

bool Decoder::null(const yaml::Node& n) {
    if (n.is_null())
        return true;
    diags_.error(diag::Code::BadType, n.span,
                 fmt::format("`!{}` takes no value, found {}", n.tag, describe(n)));
    return false;
}

int Decoder::enum_index(const yaml::Node& n, const schema::EnumInfo& info) {
    if (!scalar_text(n, "a string"))
        return -1;
    std::string v = n.text;
    std::replace(v.begin(), v.end(), '_', '-');
    std::vector<std::string_view> names;
    for (size_t i = 0; i < info.values.size(); ++i) {
        if (info.values[i].name == v)
            return static_cast<int>(i);
        names.push_back(info.values[i].name);
    }
    std::string list;
    for (auto nm : names)
        list += (list.empty() ? "`" : ", `") + std::string(nm) + "`";
    auto& d = diags_.error(diag::Code::BadValue, n.span,
                           fmt::format("unknown value `{}`, expected one of {}", n.text, list));
    if (auto best = did_you_mean(n.text, names); !best.empty())
        d.label = fmt::format("did you mean `{}`?", best);
    return -1;
}

bool Decoder::begin_seq(const yaml::Node& n) {
    check_tag(n);
    if (n.is_seq() || (n.is_null() && !n.explicit_null))
        return true;
    wrong_kind(n, "a sequence");
    return false;
}

bool Decoder::begin_map(const yaml::Node& n) {
    check_tag(n);
    if (n.is_map() || (n.is_null() && !n.explicit_null))
        return true;
    wrong_kind(n, "a mapping");
    return false;
}

// Rust's Path equality: components compared, so repeated `/`, a trailing
// `/` and `.` components (other than a leading one) make no difference.
std::string Decoder::normal_path(std::string_view p) {
    std::string out = !p.empty() && p[0] == '/' ? "/" : "";
    size_t i = 0;
    bool first = true;
    while (i <= p.size()) {
        size_t j = p.find('/', i);
        if (j == std::string_view::npos)
            j = p.size();
        std::string_view part = p.substr(i, j - i);
        if (!part.empty() && !(part == "." && !(first && out.empty()))) {
            if (!out.empty() && out.back() != '/')
                out += '/';
            out += part;
        }
        if (!part.empty())
            first = false;
        i = j + 1;
    }
    return out;
}

bool Decoder::map_key(const yaml::MapEntry& e, ir::Str& key, PathRule rule) {
    if (!check_path(e.key, e.key_span, rule))
        return false;
    key = ir::Str(e.key, e.key_span);
    return true;
}

bool Decoder::map_key(const yaml::MapEntry& e, uint16_t& key, PathRule) {
    auto r = compat::parse_number(e.key);
    if (r.error != compat::NumError::None || r.value < 0 || r.value > 65535) {
        diags_.error(diag::Code::BadValue, e.key_span,
                     fmt::format("`{}` is not a port number (0 to 65535)", e.key));
        return false;
    }
    key = static_cast<uint16_t>(r.value);
    return true;
}

int Decoder::option(const yaml::Node& n, const schema::UnionInfo& info) {
    consumed_ = &n;
    std::vector<std::string_view> tags;
    for (size_t i = 0; i < info.options.size(); ++i) {
        if (info.options[i].tag == n.tag)
            return static_cast<int>(i);
        tags.push_back(info.options[i].tag);
    }
    if (!n.tagged() && info.default_option >= 0)
        return info.default_option;
    std::string list;
    for (size_t i = 0; i < tags.size() && i < 12; ++i)
        list += (i ? ", !" : "!") + std::string(tags[i]);
    if (tags.size() > 12)
        list += fmt::format(" and {} more", tags.size() - 12);
    std::string at = where().empty() ? "" : " in " + where();
    if (!n.tagged()) {
        diags_.error(diag::Code::MissingTag, place(n),
                     fmt::format("a {}{} needs one of the tags {}", info.noun, at, list));
        return -1;
    }
    auto& d = diags_.error(
        diag::Code::UnknownTag, n.tag_span.valid() ? n.tag_span : n.span,
        fmt::format("unknown {} `!{}`{}; expected one of {}", info.noun, n.tag, at, list));
    if (auto best = did_you_mean(n.tag, tags); !best.empty())
        d.label = fmt::format("did you mean `!{}`?", best);
    return -1;
}

// ---------------------------------------------------------------- structs

StructReader::StructReader(Decoder& d, const yaml::Node& n, const schema::StructInfo& info)
    : d_(d), n_(n), info_(info), used_(n.entries.size(), false) {
    d.check_tag(n);
    if (n.is_map())
        return;
    if (n.is_scalar() && info.shorthand >= 0) {
        shorthand_ = &n;
        return;
    }
    if (n.is_null() && !n.explicit_null)
        return; // all defaults
    d.wrong_kind(n, info.shorthand >= 0 ? "a mapping or a scalar" : "a mapping");
    ok_ = false;
}

const yaml::Node* StructReader::take(int field) {
    const schema::FieldInfo& f = info_.fields[static_cast<size_t>(field)];
    const yaml::Node* snake = nullptr;
    const yaml::Node* kebab = nullptr;
    size_t kebab_i = 0;
    for (size_t i = 0; i < n_.entries.size(); ++i) {
        const auto& e = n_.entries[i];
        if (e.key == f.member && !snake) {
            snake = e.value.get();
            used_[i] = true;
        } else if (e.key == f.key && !kebab) {
            kebab = e.value.get();
            kebab_i = i;
            used_[i] = true;
        }
    }
    const yaml::Node* found = snake ? snake : kebab;
    if (found && !f.deprecated.empty()) {
        size_t i = 0;
        while (i < n_.entries.size() && n_.entries[i].value.get() != found)
            ++i;
        d_.diags_.warning(diag::Code::Deprecated,
                          i < n_.entries.size() ? n_.entries[i].key_span : found->span,
                          fmt::format("`{}` is deprecated: {}", f.key, f.deprecated));
    }
    if (snake && kebab && f.member != f.key)
        d_.diags_.warning(diag::Code::DupKey, n_.entries[kebab_i].key_span,
                          fmt::format("`{}` and `{}` are the same field; `{}` wins, as in the "
                                      "original",
                                      f.key, f.member, f.member));
    return snake ? snake : kebab;
}

void StructReader::missing(int field) {
    const schema::FieldInfo& f = info_.fields[static_cast<size_t>(field)];
    std::string in = d_.where().empty() ? std::string(info_.name) : d_.where();
    if (!info_.name.empty() && info_.name[0] == '!')
        in = d_.where().empty() ? fmt::format("`{}`", info_.name)
                                : fmt::format("`{}` in {}", info_.name, d_.where());
    // Where the original's reader (rust-quire) put a mapping: its first
    // key; the tag that opens it is shown too.
    auto& d = d_.diags_.error(diag::Code::MissingField, place(n_),
                              fmt::format("missing field `{}` in {}", f.key, in));
    if (n_.tagged() && n_.tag_span.valid() && n_.tag_span.begin != d.span.begin)
        d.notes.push_back({n_.tag_span, fmt::format("in this `!{}`", n_.tag)});
}

bool StructReader::finish() {
    std::vector<std::string_view> keys;
    for (const auto& f : info_.fields)
        keys.push_back(f.key);
    for (size_t i = 0; i < n_.entries.size(); ++i) {
        const auto& e = n_.entries[i];
        if (used_[i] || (!e.key.empty() && e.key[0] == '_'))
            continue;
        std::string in;
        if (!info_.name.empty() && info_.name[0] == '!')
            in = d_.where().empty() ? fmt::format(" in `{}`", info_.name)
                                    : fmt::format(" in `{}` in {}", info_.name, d_.where());
        else if (!d_.where().empty())
            in = " in " + d_.where();
        std::string what = in.empty() ? "unknown top-level key" : "unknown field";
        auto& diag = d_.diags_.error(diag::Code::UnknownKey, e.key_span,
                                     fmt::format("{} `{}`{}", what, e.key, in));
        if (auto best = did_you_mean(e.key, keys); !best.empty())
            diag.label = fmt::format("did you mean `{}`?", best);
    }
    return ok_;
}

} // namespace vagga::decode
