#include "compiler/checks/checks.h"

#include "compiler/decode/decoder.h"

#include <cctype>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <variant>

namespace vagga::checks {

namespace {

template <class... F> struct Overload : F... { using F::operator()...; };
template <class... F> Overload(F...) -> Overload<F...>;

std::vector<std::string_view> names_of(const auto& map) {
    std::vector<std::string_view> out;
    for (const auto& [k, v] : map)
        out.push_back(k.text);
    return out;
}

void unknown_container(diag::Diagnostics& diags, const ir::Config& config, const ir::Str& ref,
                       const std::string& from) {
    // No span: no value was decoded (a missing or malformed field), which
    // the decoder has reported already, at its place.
    if (!ref.span.valid())
        return;
    auto& d = diags.error(
        diag::Code::UnknownContainer, ref.span,
        fmt::format("container `{}` referenced from {} is not defined", ref.text, from));
    if (auto best = decode::did_you_mean(ref.text, names_of(config.containers)); !best.empty())
        d.label = fmt::format("did you mean `{}`?", best);
}

} // namespace

std::vector<ir::Str> container_deps(const ir::Container& c) {
    std::vector<ir::Str> out;
    for (const auto& step : c.setup) {
        if (const auto* s = ir::get_if<ir::step::Container>(step.value))
            out.push_back(s->value);
        else if (const auto* b = ir::get_if<ir::step::Build>(step.value))
            out.push_back(b->container);
        else if (const auto* sc = ir::get_if<ir::step::SubConfig>(step.value))
            if (const auto* src = ir::get_if<ir::sub_config_source::Container>(sc->source.value))
                out.push_back(src->value);
    }
    return out;
}

void check_load(const ir::Config& config, diag::Diagnostics& diags) {
    enum class Mark { New, Active, Done };
    std::map<std::string, Mark> mark;
    std::vector<std::string> stack;
    // Iterative over names in sorted order; recursion depth is bounded by
    // the number of containers, which the loader already bounds.
    std::function<void(const std::string&)> visit = [&](const std::string& name) {
        mark[name] = Mark::Active;
        stack.push_back(name);
        const ir::Container& c = config.containers.find(ir::Str(name))->second;
        for (const ir::Str& dep : container_deps(c)) {
            if (!config.containers.count(dep)) {
                unknown_container(diags, config, dep, fmt::format("container `{}`", name));
                continue;
            }
            switch (mark[dep.text]) {
            case Mark::New:
                visit(dep.text);
                break;
            case Mark::Active: {
                std::string chain;
                auto start = std::find(stack.begin(), stack.end(), dep.text);
                for (auto it = start; it != stack.end(); ++it)
                    chain += "`" + *it + "` -> ";
                chain += "`" + dep.text + "`";
                auto& d = diags.error(diag::Code::ContainerCycle, dep.span,
                                      dep.text == name
                                          ? fmt::format("container `{}` depends on itself", name)
                                          : fmt::format("containers depend on each other in a "
                                                        "cycle: {}",
                                                        chain));
                d.label = "cyclic dependency";
                break;
            }
            case Mark::Done:
                break;
            }
        }
        stack.pop_back();
        mark[name] = Mark::Done;
    };
    for (const auto& [name, c] : config.containers)
        if (mark[name.text] == Mark::New)
            visit(name.text);
}

namespace {

bool has_dotdot(std::string_view path) {
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos)
            end = path.size();
        if (path.substr(start, end - start) == "..")
            return true;
        start = end + 1;
    }
    return false;
}

// A bind source is resolved beneath its root (the project for /work, the
// image for /vagga/root, the volume for /volumes/NAME): `..` could only
// mean leaving it, which the runtime refuses, so it is reported here.
void check_bind_source(diag::Diagnostics& diags, const ir::Str& src) {
    if (!src.span.valid() || !has_dotdot(src.text))
        return;
    auto& d = diags.error(diag::Code::BadPath, src.span,
                          fmt::format("bind source `{}` must not contain `..`", src.text));
    d.label = "a bind source stays beneath /work, /vagga/root or its /volumes/NAME";
}

// A cache or volume name is one folder of the cache or volumes directory.
// An absolute `!CacheDir` is left to the run, which reports it as the
// original did (the original's own tests expect the config to load).
void check_folder_name(diag::Diagnostics& diags, const ir::Str& name, const char* what,
                       bool absolute_at_run) {
    if (!name.span.valid() || name.text.empty() || (absolute_at_run && name.text[0] == '/'))
        return;
    if (name.text.find('/') == std::string::npos && name.text != "." && name.text != "..")
        return;
    auto& d = diags.error(diag::Code::BadPath, name.span,
                          fmt::format("{} name `{}` must be a single folder name, without `/` "
                                      "and not `.` or `..`",
                                      what, name.text));
    d.label = "names one folder of the storage";
}

void check_volumes(const ir::Config& config, diag::Diagnostics& diags,
                   const ir::FlatMap<ir::Str, ir::Volume>& volumes, const std::string& from) {
    for (const auto& [path, v] : volumes) {
        ir::visit(Overload{
                      [&](const ir::volume::BindRW& b) { check_bind_source(diags, b.value); },
                      [&](const ir::volume::BindRO& b) { check_bind_source(diags, b.value); },
                      [&](const ir::volume::CacheDir& c) {
                          check_folder_name(diags, c.value, "!CacheDir", true);
                      },
                      [&](const ir::volume::Container& c) {
                          if (!config.containers.count(c.value))
                              unknown_container(diags, config, c.value, from);
                      },
                      [&](const ir::volume::Snapshot& s) {
                          if (s.container && !config.containers.count(*s.container))
                              unknown_container(diags, config, *s.container, from);
                      },
                      [&](const ir::volume::Persistent& p) {
                          check_folder_name(diags, p.name, "!Persistent", false);
                          if (p.init_command && !config.commands.count(*p.init_command))
                              diags.error(diag::Code::UnknownCommand, p.init_command->span,
                                          fmt::format("init-command `{}` of volume `{}` is not "
                                                      "a command",
                                                      p.init_command->text, p.name.text));
                      },
                      [](const auto&) {},
                  },
                  v.value);
    }
}

void check_prerequisites(const ir::Config& config, diag::Diagnostics& diags,
                         const std::vector<ir::Str>& prereqs) {
    for (const auto& p : prereqs) {
        if (config.commands.count(p))
            continue;
        auto& d = diags.error(diag::Code::UnknownCommand, p.span,
                              fmt::format("prerequisite `{}` is not a command", p.text));
        if (auto best = decode::did_you_mean(p.text, names_of(config.commands)); !best.empty())
            d.label = fmt::format("did you mean `{}`?", best);
    }
}

void check_run(const ir::Config& config, diag::Diagnostics& diags, const ir::RunFields& r,
               const std::string& from) {
    if (!config.containers.count(r.container))
        unknown_container(diags, config, r.container, from);
    check_volumes(config, diags, r.volumes, from);
}

// A release name goes into a URL and onto the command line of a host tool
// (mmdebstrap, apk.static): only the characters release names use, never a
// leading `-` that a tool would read as an option.
void check_release_name(diag::Diagnostics& diags, const ir::Str& v, const char* step) {
    if (!v.span.valid())
        return;
    bool ok = !v.text.empty() && std::isalnum(static_cast<unsigned char>(v.text[0]));
    for (char ch : v.text)
        ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '+' ||
                    ch == '~' || ch == '_' || ch == '-');
    if (ok)
        return;
    auto& d = diags.error(diag::Code::BadValue, v.span,
                          fmt::format("`{}` is not a release name for `{}`", v.text, step));
    d.label = "letters, digits and `.+~_-`, starting with a letter or digit";
}

void check_setup(diag::Diagnostics& diags, const ir::Container& c) {
    for (const auto& step : c.setup) {
        if (const auto* d = ir::get_if<ir::step::Debian>(step.value))
            check_release_name(diags, d->value, "!Debian");
        else if (const auto* u = ir::get_if<ir::step::Ubuntu>(step.value))
            check_release_name(diags, u->value, "!Ubuntu");
        else if (const auto* a = ir::get_if<ir::step::Alpine>(step.value))
            check_release_name(diags, a->value, "!Alpine");
    }
}

} // namespace

void check_references(const ir::Config& config, diag::Diagnostics& diags) {
    for (const auto& [name, c] : config.containers) {
        check_volumes(config, diags, c.volumes, fmt::format("container `{}`", name.text));
        check_setup(diags, c);
    }
    for (const auto& entry : config.commands) {
        // A named reference, not a structured binding: clang 14 cannot
        // capture a binding in a lambda (C++20 allows it; the fuzz build
        // uses clang).
        const auto& name = entry.first;
        const auto& cmd = entry.second;
        std::string from = fmt::format("command `{}`", name.text);
        ir::visit(Overload{
                      [&](const ir::command::Command& c) {
                          check_run(config, diags, c, from);
                          check_prerequisites(config, diags, c.prerequisites);
                      },
                      [&](const ir::command::CapsuleCommand& c) {
                          check_prerequisites(config, diags, c.prerequisites);
                      },
                      [&](const ir::command::Supervise& s) {
                          check_prerequisites(config, diags, s.prerequisites);
                          for (const auto& [child_name, child] : s.children) {
                              std::string cf = fmt::format("child `{}` of command `{}`",
                                                           child_name.text, name.text);
                              ir::visit(
                                  [&](const auto& ch) {
                                      check_run(config, diags, ch, cf);
                                      check_prerequisites(config, diags, ch.prerequisites);
                                  },
                                  child.value);
                          }
                      },
                  },
                  cmd.value);
    }
}

} // namespace vagga::checks
