#include "cli/export.h"

#include "app/oci_layout.h"
#include "app/packer.h"
#include "app/storage.h"
#include "cli/build.h"
#include "cli/builtin_docs.h"
#include "cli/errors.h"
#include "cli/run_command.h"
#include "compiler/diag/render.h"
#include "compiler/export/kube.h"
#include "compiler/export/oci.h"
#include "runtime/host.h"
#include "runtime/idmap.h"
#include "runtime/link_tree.h"
#include "runtime/userns.h"

#include <fmt/format.h>

#include <fstream>

namespace vagga::cli {
namespace {

struct Args {
    std::string kind;
    std::vector<std::string> names;
    std::string command; // oci --command
    std::string tag;
    std::string output;
    app::LayerCompression compression = app::LayerCompression::Gzip;
};

int usage_error(Session& s, const std::string& message) {
    s.ctx().err << usage_text(*find_builtin_doc("_export")) << "vagga _export: " << message << "\n";
    return exit_code::usage;
}

std::optional<Args> parse(Session& s, const std::vector<std::string>& args, int* code) {
    Args a;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& x = args[i];
        auto value = [&](std::string* to) {
            if (i + 1 >= args.size()) {
                *code = usage_error(s, "Option " + x + " needs a value");
                return false;
            }
            *to = args[++i];
            return true;
        };
        if (x == "-o" || x == "--output") {
            if (!value(&a.output))
                return std::nullopt;
        } else if (x == "--command") {
            if (!value(&a.command))
                return std::nullopt;
        } else if (x == "-t" || x == "--tag") {
            if (!value(&a.tag))
                return std::nullopt;
        } else if (x == "--compression") {
            std::string c;
            if (!value(&c))
                return std::nullopt;
            if (c == "gzip")
                a.compression = app::LayerCompression::Gzip;
            else if (c == "zstd")
                a.compression = app::LayerCompression::Zstd;
            else if (c == "none")
                a.compression = app::LayerCompression::None;
            else {
                *code = usage_error(s, "--compression is gzip, zstd or none, not " + c);
                return std::nullopt;
            }
        } else if (!x.empty() && x[0] == '-') {
            *code = usage_error(s, "Unknown option " + x);
            return std::nullopt;
        } else if (a.kind.empty()) {
            a.kind = x;
        } else {
            a.names.push_back(x);
        }
    }
    if (a.kind != "oci" && a.kind != "bundle" && a.kind != "kube" && a.kind != "compose") {
        *code = usage_error(s, a.kind.empty() ? "Name what to export: oci, bundle, kube or compose"
                                              : "Unknown format " + a.kind +
                                                    " (oci, bundle, kube or compose)");
        return std::nullopt;
    }
    // A relative output is in the project, as for _pack_image.
    if (!a.output.empty() && a.output[0] != '/')
        a.output = (s.project().root / a.output).string();
    return a;
}

std::optional<std::string> version_of(Session& s, const std::string& container) {
    hash::Result r = s.versioner()(container);
    if (r.kind != hash::Result::Kind::Ok) {
        s.ctx().err << fmt::format("vagga: the version of {} is not known: {}\n", container,
                                   r.message);
        return std::nullopt;
    }
    return r.hash;
}

// The workload of `command`, with every container it runs in built.
std::optional<exporter::Workload> workload(Session& s, const std::string& command, int* code) {
    auto resolved = s.resolve_command(command);
    if (!resolved) {
        s.ctx().err << fmt::format("Unknown command {}\n", command);
        *code = exit_code::launcher_error;
        return std::nullopt;
    }
    const ir::Command& cmd = s.project().config.commands.at(ir::Str(*resolved));
    std::vector<std::string> containers;
    if (const auto* c = ir::get_if<ir::command::Command>(cmd.value)) {
        containers.push_back(c->container.text);
    } else if (const auto* sup = ir::get_if<ir::command::Supervise>(cmd.value)) {
        for (const auto& [name, child] : sup->children)
            containers.push_back(
                ir::visit([](const auto& ch) -> const ir::RunFields& { return ch; }, child.value)
                    .container.text);
    } else {
        s.ctx().err << fmt::format("vagga: `{}` is a !CapsuleCommand: nothing to export\n",
                                   *resolved);
        *code = exit_code::launcher_error;
        return std::nullopt;
    }
    for (const auto& c : containers) {
        if (int e = ensure_built(s, c, app::BuildMode::NoImage)) {
            *code = e;
            return std::nullopt;
        }
    }
    auto st = s.storage();
    if (!st) {
        *code = exit_code::launcher_error;
        return std::nullopt;
    }
    diag::Diagnostics diags;
    // Nothing of the host's environment or settings, the default work dir.
    auto w = exporter::lower_workload(project_launch_input(s, *st), *resolved, diags);
    if (!diags.empty())
        s.ctx().err << diag::render_text(s.frontend().sources, diags);
    if (diags.has_errors()) {
        *code = exit_code::launcher_error;
        return std::nullopt;
    }
    return w;
}

// CMD or CMD:CHILD: the process of a !Command, or one supervise child.
const exporter::Process* pick(Session& s, const exporter::Workload& w, const std::string& child) {
    if (!w.supervise)
        return &w.processes.front();
    for (const auto& p : w.processes)
        if (p.name == child)
            return &p;
    std::string names;
    for (const auto& p : w.processes)
        names += (names.empty() ? "" : ", ") + w.command + ":" + p.name;
    s.ctx().err << fmt::format("vagga: `{}` is a !Supervise: name one child ({})\n", w.command,
                               names);
    return nullptr;
}

std::pair<std::string, std::string> split_child(const std::string& x) {
    auto colon = x.find(':');
    return colon == std::string::npos
               ? std::pair<std::string, std::string>{x, ""}
               : std::pair<std::string, std::string>{x.substr(0, colon), x.substr(colon + 1)};
}

int export_oci(Session& s, const Args& a) {
    if (a.names.size() != 1)
        return usage_error(s, "Name one container");
    if (a.output.empty())
        return usage_error(s, "Name the output with -o DIR or -o FILE.tar");
    const std::string& name = a.names[0];
    auto it = s.project().config.containers.find(ir::Str(name));
    if (it == s.project().config.containers.end()) {
        s.ctx().err << fmt::format("Container \"{}\" not found\n", name);
        return exit_code::launcher_error;
    }
    std::optional<exporter::Workload> w;
    const exporter::Process* proc = nullptr;
    if (!a.command.empty()) {
        auto [cmd, child] = split_child(a.command);
        int code = 0;
        w = workload(s, cmd, &code);
        if (!w)
            return code;
        proc = pick(s, *w, child);
        if (!proc)
            return exit_code::launcher_error;
        if (proc->container != name) {
            s.ctx().err << fmt::format("vagga: `{}` runs in {}, not in {}\n", a.command,
                                       proc->container, name);
            return exit_code::launcher_error;
        }
    } else if (int code = ensure_built(s, name, app::BuildMode::NoImage)) {
        return code;
    }
    auto st = s.storage();
    auto root = st ? app::container_root(s.ports().files, *st, name) : std::nullopt;
    auto version = version_of(s, name);
    if (!root || !version)
        return exit_code::launcher_error;
    app::OciExport x;
    x.container = name;
    x.version = *version;
    x.root = *root;
    x.ids = app::container_id_map(it->second);
    x.process = proc;
    x.tag = a.tag.empty() ? exporter::image_reference(name, *version) : a.tag;
    x.output = a.output;
    x.layer.compression = a.compression;
    return report(app::export_oci(x, s.ports().console), s.ctx().err);
}

int export_bundle(Session& s, const Args& a) {
    if (a.names.size() != 1)
        return usage_error(s, "Name one command (COMMAND or COMMAND:CHILD)");
    if (a.output.empty())
        return usage_error(s, "Name the bundle's folder with -o DIR");
    auto [cmd, child] = split_child(a.names[0]);
    int code = 0;
    auto w = workload(s, cmd, &code);
    if (!w)
        return code;
    const exporter::Process* p = pick(s, *w, child);
    if (!p)
        return exit_code::launcher_error;
    auto st = s.storage();
    auto root = st ? app::container_root(s.ports().files, *st, p->container) : std::nullopt;
    if (!root)
        return exit_code::launcher_error;
    const auto& container = s.project().config.containers.at(ir::Str(p->container));
    auto host = runtime::Host::from_process();
    runtime::IdMaps maps = runtime::choose_id_maps(app::container_id_map(container), host);
    auto mapping = [](const std::vector<runtime::IdMapEntry>& in) {
        std::vector<exporter::IdMapping> out;
        for (const auto& e : in)
            out.push_back({e.inside, e.outside, e.count});
        return out;
    };
    exporter::BundleSources sources;
    sources.project_root = s.project().root.string();
    auto storage = *st;
    const auto& settings = s.project().settings;
    sources.persistent = [storage](const std::string& n) {
        return (storage.volumes() / n).string();
    };
    sources.cache = [storage, &settings](const std::string& n) {
        return (storage.cache(settings) / n).string();
    };
    sources.container_root = [&s, storage](const std::string& n) {
        return app::container_root(s.ports().files, storage, n).value_or("");
    };
    sources.bind = [&s](const std::string& path) -> std::string {
        if (path == "/work" || path.rfind("/work/", 0) == 0)
            return s.project().root.string() + path.substr(5);
        return "";
    };
    diag::Diagnostics diags;
    auto config =
        exporter::runtime_config(*p, mapping(maps.uids), mapping(maps.gids), sources, diags);
    if (!diags.empty())
        s.ctx().err << diag::render_text(s.frontend().sources, diags);
    for (const auto& v : p->volumes)
        if (v.kind == exporter::VolumeKind::Persistent)
            (void)runtime::sys::mkdir_p(sources.persistent(v.source), 0755);
    // The rootfs: hard links of the image, made as the container's owners.
    const std::string dir = a.output;
    if (runtime::sys::exists(dir + "/rootfs")) {
        s.ctx().err << fmt::format("vagga: {}/rootfs exists; remove the old bundle first\n", dir);
        return exit_code::launcher_error;
    }
    if (auto e = runtime::sys::mkdir_p(dir, 0755)) {
        s.ctx().err << "vagga: " << e->message() << "\n";
        return exit_code::launcher_error;
    }
    auto r = runtime::in_user_namespace(
        app::container_id_map(container), host, [&](runtime::Status* error) {
            *error = runtime::link_tree(*root, dir + "/rootfs", runtime::LinkMode::Exact);
            return *error ? 1 : 0;
        });
    if (r.error || r.value != 0) {
        s.ctx().err << "vagga: the bundle's rootfs could not be made"
                    << (r.error ? ": " + r.error->message() : "") << "\n";
        return exit_code::launcher_error;
    }
    std::ofstream out(dir + "/config.json");
    out << config.dump(2) << "\n";
    if (!out) {
        s.ctx().err << "vagga: cannot write " << dir << "/config.json\n";
        return exit_code::launcher_error;
    }
    return exit_code::ok;
}

exporter::ImageOf image_names(Session& s) {
    return [&s](const std::string& container) {
        auto v = s.versioner()(container);
        return exporter::image_reference(container,
                                         v.kind == hash::Result::Kind::Ok ? v.hash : "unknown");
    };
}

int export_kube(Session& s, const Args& a) {
    if (a.names.size() != 1)
        return usage_error(s, "Name one command");
    int code = 0;
    auto w = workload(s, a.names[0], &code);
    if (!w)
        return code;
    diag::Diagnostics diags;
    std::string text = exporter::kube_pod(*w, s.project().root.string(), image_names(s), diags);
    if (!diags.empty())
        s.ctx().err << diag::render_text(s.frontend().sources, diags);
    s.ports().console.out(text);
    return exit_code::ok;
}

int export_compose(Session& s, const Args& a) {
    std::vector<std::string> names = a.names;
    if (names.empty())
        for (const auto& [name, cmd] : s.project().config.commands)
            if (!ir::holds<ir::command::CapsuleCommand>(cmd.value))
                names.push_back(name.text);
    std::vector<exporter::Workload> ws;
    for (const auto& n : names) {
        int code = 0;
        auto w = workload(s, n, &code);
        if (!w)
            return code;
        ws.push_back(std::move(*w));
    }
    diag::Diagnostics diags;
    std::string text = exporter::compose_file(ws, s.project().root.string(), image_names(s), diags);
    if (!diags.empty())
        s.ctx().err << diag::render_text(s.frontend().sources, diags);
    s.ports().console.out(text);
    return exit_code::ok;
}

} // namespace

int builtin_export(Session& s, const std::vector<std::string>& args) {
    int code = 0;
    auto a = parse(s, args, &code);
    if (!a)
        return code;
    if (a->kind == "oci")
        return export_oci(s, *a);
    if (a->kind == "bundle")
        return export_bundle(s, *a);
    if (a->kind == "kube")
        return export_kube(s, *a);
    return export_compose(s, *a);
}

} // namespace vagga::cli
