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

// What a volume's own values must be (its references are resolved apart).
void check_volume(diag::Diagnostics& diags, const ir::Volume& v) {
    ir::visit(Overload{
                  [&](const ir::volume::BindRW& b) { check_bind_source(diags, b.value); },
                  [&](const ir::volume::BindRO& b) { check_bind_source(diags, b.value); },
                  [&](const ir::volume::CacheDir& c) {
                      check_folder_name(diags, c.value, "!CacheDir", true);
                  },
                  [&](const ir::volume::Persistent& p) {
                      check_folder_name(diags, p.name, "!Persistent", false);
                  },
                  [](const auto&) {},
              },
              v.value);
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

// check_references over the walk: every reference resolved, every volume
// and setup checked, in config order.
class ReferenceChecker final : public ReferenceVisitor {
  public:
    ReferenceChecker(const ir::Config& config, diag::Diagnostics& diags)
        : config_(config), diags_(diags) {}

    void reference(const Reference& r) override {
        using Role = Reference::Role;
        switch (r.role) {
        case Role::Setup:
            return; // check_load's, always fatal
        case Role::Run:
        case Role::VolumeContainer:
        case Role::VolumeSnapshot:
            if (!config_.containers.count(r.name))
                unknown_container(diags_, config_, r.name, r.from);
            return;
        case Role::InitCommand:
            if (!config_.commands.count(r.name))
                diags_.error(diag::Code::UnknownCommand, r.name.span,
                             fmt::format("init-command `{}` of volume `{}` is not a command",
                                         r.name.text, r.volume->text));
            return;
        case Role::Prerequisite:
            if (!config_.commands.count(r.name)) {
                auto& d =
                    diags_.error(diag::Code::UnknownCommand, r.name.span,
                                 fmt::format("prerequisite `{}` is not a command", r.name.text));
                if (auto best = decode::did_you_mean(r.name.text, names_of(config_.commands));
                    !best.empty())
                    d.label = fmt::format("did you mean `{}`?", best);
            }
            return;
        }
    }
    void volume(const ir::Volume& v) override { check_volume(diags_, v); }
    void container(const ir::Container& c) override { check_setup(diags_, c); }

  private:
    const ir::Config& config_;
    diag::Diagnostics& diags_;
};

// The references of one volume map, each volume first.
void walk_volumes(const ir::FlatMap<ir::Str, ir::Volume>& volumes, const std::string& from,
                  ReferenceVisitor& v) {
    using Role = Reference::Role;
    for (const auto& [path, vol] : volumes) {
        v.volume(vol);
        if (const auto* c = ir::get_if<ir::volume::Container>(vol.value))
            v.reference({Role::VolumeContainer, c->value, from, nullptr});
        else if (const auto* s = ir::get_if<ir::volume::Snapshot>(vol.value); s && s->container)
            v.reference({Role::VolumeSnapshot, *s->container, from, nullptr});
        else if (const auto* p = ir::get_if<ir::volume::Persistent>(vol.value);
                 p && p->init_command)
            v.reference({Role::InitCommand, *p->init_command, from, &p->name});
    }
}

void walk_run(const ir::RunFields& r, const std::string& from, ReferenceVisitor& v) {
    v.reference({Reference::Role::Run, r.container, from, nullptr});
    walk_volumes(r.volumes, from, v);
}

void walk_prerequisites(const std::vector<ir::Str>& names, const std::string& from,
                        ReferenceVisitor& v) {
    for (const auto& n : names)
        v.reference({Reference::Role::Prerequisite, n, from, nullptr});
}

} // namespace

void walk_references(const ir::Config& config, ReferenceVisitor& v) {
    for (const auto& [name, c] : config.containers) {
        const std::string from = fmt::format("container `{}`", name.text);
        for (const auto& dep : container_deps(c))
            v.reference({Reference::Role::Setup, dep, from, nullptr});
        walk_volumes(c.volumes, from, v);
        v.container(c);
    }
    for (const auto& entry : config.commands) {
        // A named reference, not a structured binding: clang 14 cannot
        // capture a binding in a lambda (C++20 allows it; the fuzz build
        // uses clang).
        const auto& name = entry.first;
        const std::string from = fmt::format("command `{}`", name.text);
        ir::visit(Overload{
                      [&](const ir::command::Command& c) {
                          walk_run(c, from, v);
                          walk_prerequisites(c.prerequisites, from, v);
                      },
                      [&](const ir::command::CapsuleCommand& c) {
                          walk_prerequisites(c.prerequisites, from, v);
                      },
                      [&](const ir::command::Supervise& s) {
                          walk_prerequisites(s.prerequisites, from, v);
                          for (const auto& child_entry : s.children) {
                              const std::string cf = fmt::format("child `{}` of command `{}`",
                                                                 child_entry.first.text, name.text);
                              ir::visit(
                                  [&](const auto& ch) {
                                      walk_run(ch, cf, v);
                                      walk_prerequisites(ch.prerequisites, cf, v);
                                  },
                                  child_entry.second.value);
                          }
                      },
                  },
                  entry.second.value);
    }
}

void check_references(const ir::Config& config, diag::Diagnostics& diags) {
    ReferenceChecker checker(config, diags);
    walk_references(config, checker);
}

} // namespace vagga::checks
