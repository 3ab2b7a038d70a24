// Step labels: how progress output and timings.log name a step.
#include "compiler/lower/build_steps.h"
#include "step_rules_gen.h"

#include <type_traits>

namespace vagga::lower::build_detail {

namespace {

namespace st = ir::step;

constexpr size_t kMaxLabel = 60;

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

namespace detail {

std::string list(const std::vector<ir::Str>& v) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) {
        out += (i ? ", " : "") + v[i].text;
    }
    return out + "]";
}

std::string map(const ir::FlatMap<ir::Str, ir::Str>& m, const char* sep) {
    std::string out;
    for (const auto& [k, v] : m) {
        out += (out.empty() ? "" : ", ") + k.text + sep + v.text;
    }
    return "{" + out + "}";
}

} // namespace detail

std::string arrow(const std::string& from, const std::string& to) {
    return from + " -> " + to;
}

// The part after the tag, per step kind: declared with label(...) in
// stdlib/step.vs, written here for the irregular steps.
struct Detail {
    template <class T>
    requires requires(const Detail& d, const T& x) { ir::step_rules::label_detail(d, x); }
    std::string operator()(const T& x) const { return ir::step_rules::label_detail(*this, x); }
    // What the declared labels call for lists and maps.
    std::string list(const std::vector<ir::Str>& v) const { return detail::list(v); }
    std::string map(const ir::FlatMap<ir::Str, ir::Str>& m) const { return detail::map(m, ": "); }

    std::string operator()(const st::AlpineRepo& x) {
        return (x.branch ? x.branch->text + "/" : "") + x.repo.text;
    }
    std::string operator()(const st::UbuntuRepo& x) {
        std::string s = x.url ? x.url->text : "";
        if (x.suite) {
            s += (s.empty() ? "" : " ") + x.suite->text;
        }
        for (const auto& c : x.components) {
            s += (s.empty() ? "" : " ") + c.text;
        }
        return s;
    }
    std::string operator()(const st::UbuntuRelease& x) {
        if (x.codename) {
            return x.codename->text;
        }
        if (x.version) {
            return x.version->text;
        }
        return x.url ? x.url->text : "";
    }
    std::string operator()(const st::GitDescribe& x) {
        return x.output_file ? x.output_file->text : x.repo.text;
    }
    std::string operator()(const st::Sh& x) { return quoted(x.value.text); }
    std::string operator()(const st::RunAs& x) { return quoted(x.script.text); }
    std::string operator()(const st::Text& x) {
        std::string s;
        for (const auto& [path, _] : x.value) {
            s += (s.empty() ? "" : ", ") + path.text;
        }
        return s;
    }
    std::string operator()(const st::Build& x) {
        std::string from = x.container.text + ":" + x.source.text;
        if (x.path) {
            return arrow(from, x.path->text);
        }
        return x.temporary_mount ? arrow(from, x.temporary_mount->text) : from;
    }
    std::string operator()(const st::ComposerDependencies& x) {
        return x.working_dir ? x.working_dir->text : "";
    }
};

// Newlines and tabs become `\n` and `\t` so the label stays on one line.
std::string one_line(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else {
            out += c;
        }
    }
    return out;
}

// Cuts at a UTF-8 character boundary and marks the cut with an ellipsis.
std::string shorten(std::string s) {
    if (s.size() <= kMaxLabel) {
        return s;
    }
    size_t cut = kMaxLabel - 1;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    // Never end inside a `\n`-style escape.
    while (cut > 0 && s[cut - 1] == '\\') {
        --cut;
    }
    s.resize(cut);
    return s + "\u2026";
}

} // namespace

std::string step_label(const ir::Step& step) {
    std::string detail = ir::visit(Detail{}, step.value);
    std::string label = "!" + std::string(ir::tag_name(step.kind()));
    if (!detail.empty()) {
        label += " " + detail;
    }
    return shorten(one_line(label));
}

} // namespace vagga::lower::build_detail
