// Step labels: how progress output and timings.log name a step.
#include "compiler/lower/build_steps.h"

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

std::string arrow(const std::string& from, const std::string& to) {
    return from + " -> " + to;
}

// The part after the tag, per step kind.
struct Detail {
    std::string operator()(const st::Alpine& x) { return x.value.text; }
    std::string operator()(const st::AlpineRepo& x) {
        return (x.branch ? x.branch->text + "/" : "") + x.repo.text;
    }
    std::string operator()(const st::Ubuntu& x) { return x.value.text; }
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
    std::string operator()(const st::UbuntuPPA& x) { return x.value.text; }
    std::string operator()(const st::UbuntuUniverse&) { return ""; }
    std::string operator()(const st::AptTrust& x) { return list(x.keys); }
    std::string operator()(const st::Repo& x) { return x.value.text; }
    std::string operator()(const st::Install& x) { return list(x.value); }
    std::string operator()(const st::BuildDeps& x) { return list(x.value); }
    std::string operator()(const st::Git& x) { return arrow(x.url.text, x.path.text); }
    std::string operator()(const st::GitInstall& x) { return x.url.text; }
    std::string operator()(const st::GitDescribe& x) {
        return x.output_file ? x.output_file->text : x.repo.text;
    }
    std::string operator()(const st::PipConfig&) { return ""; }
    std::string operator()(const st::Py2Install& x) { return list(x.value); }
    std::string operator()(const st::Py2Requirements& x) { return x.value.text; }
    std::string operator()(const st::Py3Install& x) { return list(x.value); }
    std::string operator()(const st::Py3Requirements& x) { return x.value.text; }
    std::string operator()(const st::Tar& x) { return arrow(x.url.text, x.path.text); }
    std::string operator()(const st::TarInstall& x) { return x.url.text; }
    std::string operator()(const st::Unzip& x) { return arrow(x.url.text, x.path.text); }
    std::string operator()(const st::Sh& x) { return quoted(x.value.text); }
    std::string operator()(const st::Cmd& x) { return list(x.value); }
    std::string operator()(const st::RunAs& x) { return quoted(x.script.text); }
    std::string operator()(const st::Env& x) { return map(x.value, ": "); }
    std::string operator()(const st::Text& x) {
        std::string s;
        for (const auto& [path, _] : x.value) {
            s += (s.empty() ? "" : ", ") + path.text;
        }
        return s;
    }
    std::string operator()(const st::Copy& x) { return arrow(x.source.text, x.path.text); }
    std::string operator()(const st::Download& x) { return arrow(x.url.text, x.path.text); }
    std::string operator()(const st::EnsureDir& x) { return x.value.text; }
    std::string operator()(const st::CacheDirs& x) { return map(x.value, ": "); }
    std::string operator()(const st::EmptyDir& x) { return x.value.text; }
    std::string operator()(const st::Remove& x) { return x.value.text; }
    std::string operator()(const st::Depends& x) { return x.path.text; }
    std::string operator()(const st::Container& x) { return x.value.text; }
    std::string operator()(const st::Build& x) {
        std::string from = x.container.text + ":" + x.source.text;
        if (x.path) {
            return arrow(from, x.path->text);
        }
        return x.temporary_mount ? arrow(from, x.temporary_mount->text) : from;
    }
    std::string operator()(const st::SubConfig& x) { return x.container.text; }
    std::string operator()(const st::NpmConfig&) { return ""; }
    std::string operator()(const st::NpmDependencies& x) { return x.file.text; }
    std::string operator()(const st::YarnDependencies& x) { return x.dir.text; }
    std::string operator()(const st::NpmInstall& x) { return list(x.value); }
    std::string operator()(const st::GemInstall& x) { return list(x.value); }
    std::string operator()(const st::GemBundle& x) { return x.gemfile.text; }
    std::string operator()(const st::GemConfig&) { return ""; }
    std::string operator()(const st::ComposerInstall& x) { return list(x.value); }
    std::string operator()(const st::ComposerDependencies& x) {
        return x.working_dir ? x.working_dir->text : "";
    }
    std::string operator()(const st::ComposerConfig&) { return ""; }
    std::string operator()(const st::Debian& x) { return x.value.text; }
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
