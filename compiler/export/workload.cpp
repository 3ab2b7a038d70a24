#include "compiler/export/workload.h"

#include "compiler/lower/volumes.h"

#include <fmt/format.h>

namespace vagga::exporter {
namespace {

Volume volume(const std::string& path, const ir::Volume& v) {
    Volume out;
    out.path = path;
    out.span = v.span;
    ir::visit(
        [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, ir::volume::Tmpfs>) {
                out.kind = VolumeKind::Tmpfs;
                out.size = x.size;
                out.mode = x.mode;
            } else if constexpr (std::is_same_v<T, ir::volume::Persistent>) {
                out.kind = VolumeKind::Persistent;
                out.source = x.name.text;
                out.owner_uid = x.owner_uid;
                out.owner_gid = x.owner_gid;
            } else if constexpr (std::is_same_v<T, ir::volume::BindRW>) {
                out.kind = VolumeKind::HostBind;
                out.source = x.value.text;
            } else if constexpr (std::is_same_v<T, ir::volume::BindRO>) {
                out.kind = VolumeKind::HostBind;
                out.source = x.value.text;
                out.read_only = true;
            } else if constexpr (std::is_same_v<T, ir::volume::CacheDir>) {
                out.kind = VolumeKind::HostBind;
                out.source = "cache:" + x.value.text;
            } else if constexpr (std::is_same_v<T, ir::volume::VaggaBin>) {
                out.kind = VolumeKind::HostBind;
                out.source = "vagga-bin";
                out.read_only = true;
            } else if constexpr (std::is_same_v<T, ir::volume::Empty>) {
                out.kind = VolumeKind::Empty;
                out.read_only = true;
            } else if constexpr (std::is_same_v<T, ir::volume::Snapshot>) {
                out.kind = VolumeKind::Snapshot;
                out.size = x.size;
                out.source = x.container ? x.container->text : "";
            } else {
                static_assert(std::is_same_v<T, ir::volume::Container>);
                out.kind = VolumeKind::Container;
                out.source = x.value.text;
                out.read_only = true;
            }
        },
        v.value);
    return out;
}

Process process(const std::string& name, const plan::Container& pc, const ir::Container& c,
                const ir::RunFields& run, const ir::CommandCommon& common, source::Span span) {
    Process p;
    p.name = name;
    p.container = run.container.text;
    p.argv = pc.process.exec.argv;
    p.env = pc.process.env.vars;
    p.work_dir = pc.process.workdir.path;
    p.uid = pc.process.user.uid;
    p.gid = pc.process.user.gid;
    p.groups = pc.process.user.supplementary_gids;
    for (const auto& [path, v] : lower::merge_volumes(c.volumes, &run.volumes)) {
        p.volumes.push_back(volume(path, *v));
    }
    p.isolate_network = common.isolate_network;
    p.pass_tcp_socket = common.pass_tcp_socket ? common.pass_tcp_socket->text : "";
    p.default_work_dir = !run.work_dir;
    p.work_dir_span = run.work_dir ? run.work_dir->span : source::Span{};
    p.writable_root = run.write_mode == ir::WriteMode::transient_hard_link_copy;
    p.path_set = c.environ.count(ir::Str("PATH")) || run.environ.count(ir::Str("PATH")) ||
                 c.environ_file.has_value();
    p.pass_tcp_socket_span = common.pass_tcp_socket ? common.pass_tcp_socket->span : source::Span{};
    p.span = span;
    p.run_span = run.run.span;
    return p;
}

} // namespace

Workload lower_workload(const lower::LaunchInput& in, const std::string& command,
                        diag::Diagnostics& diags) {
    Workload w;
    w.command = command;
    auto it = in.config->commands.find(ir::Str(command));
    if (it == in.config->commands.end()) {
        diags.error(diag::Code::UnknownCommand, {},
                    fmt::format("command `{}` is not defined", command));
        return w;
    }
    plan::LaunchPlan plan = lower::lower_command(in, command, {}, diags);
    if (diags.has_errors()) {
        return w;
    }
    const ir::Command& cmd = it->second;
    // Diagnostics about a whole command point at its name.
    if (const auto* c = ir::get_if<ir::command::Command>(cmd.value)) {
        const auto& pc = std::get<plan::Command>(plan.run).container;
        w.processes.push_back(
            process(command, pc, in.config->containers.at(c->container), *c, *c, it->first.span));
        return w;
    }
    const auto& s = ir::get<ir::command::Supervise>(cmd.value);
    w.supervise = true;
    const auto& sup = std::get<plan::Supervise>(plan.run);
    for (const auto& child : sup.children) {
        auto found = s.children.find(ir::Str(child.name));
        const auto& ic = found->second;
        const ir::RunFields& r =
            ir::visit([](const auto& ch) -> const ir::RunFields& { return ch; }, ic.value);
        const ir::CommandCommon& cc =
            ir::visit([](const auto& ch) -> const ir::CommandCommon& { return ch; }, ic.value);
        Process p = process(child.name, child.container, in.config->containers.at(r.container), r,
                            cc, found->first.span);
        p.isolate_network = p.isolate_network || s.isolate_network;
        w.processes.push_back(std::move(p));
    }
    return w;
}

} // namespace vagga::exporter
