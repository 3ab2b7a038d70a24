#include "compiler/export/production_lints.h"

#include <fmt/format.h>

namespace vagga::exporter {
namespace {

bool under_work(const std::string& path) {
    return path == "/work" || path.rfind("/work/", 0) == 0;
}

void lint(const Process& p, diag::Diagnostics& out) {
    const std::string who = fmt::format("`{}`", p.name);
    if (under_work(p.work_dir)) {
        auto& d = out.warning(
            diag::Code::ProductionWork, p.default_work_dir ? p.span : p.work_dir_span,
            fmt::format("{} runs in {}: production has no project in /work", who, p.work_dir));
        d.label = p.default_work_dir ? "set `work-dir:` to an absolute folder of the image"
                                     : "use a folder of the image";
    }
    for (const auto& a : p.argv) {
        if (a.find("/work/") != std::string::npos) {
            out.warning(diag::Code::ProductionWork, p.run_span,
                        fmt::format("{} runs something from /work, which production does not "
                                    "have: copy it into the image (`!Copy`)",
                                    who));
            break;
        }
    }
    if (p.writable_root) {
        out.warning(diag::Code::ProductionRootWrite, p.span,
                    fmt::format("{} writes to its root (`write-mode: transient-hard-link-copy`); "
                                "production mounts it read-only: write to a volume",
                                who));
    }
    if (!p.pass_tcp_socket.empty()) {
        out.warning(diag::Code::ProductionHost, p.pass_tcp_socket_span,
                    fmt::format("{} takes a listening socket from vagga (`pass-tcp-socket`); "
                                "production engines do not pass one",
                                who));
    }
    bool tmp = false;
    for (const auto& v : p.volumes) {
        tmp = tmp || v.path == "/tmp";
        switch (v.kind) {
        case VolumeKind::HostBind:
            out.warning(
                under_work(v.source) ? diag::Code::ProductionWork : diag::Code::ProductionHost,
                v.span,
                fmt::format("the volume on {} of {} is a folder of this machine", v.path, who));
            break;
        case VolumeKind::Container:
            out.warning(diag::Code::ProductionHost, v.span,
                        fmt::format("the volume on {} of {} is another container's root, which "
                                    "production engines cannot mount",
                                    v.path, who));
            break;
        case VolumeKind::Tmpfs:
        case VolumeKind::Persistent:
        case VolumeKind::Empty:
        case VolumeKind::Snapshot:
            break;
        }
    }
    if (!tmp) {
        auto& d = out.warning(diag::Code::ProductionTmp, p.span,
                              fmt::format("{} has /tmp only because vagga adds one", who));
        d.label = "declare it: `volumes: {/tmp: !Tmpfs}`";
    }
    if (!p.path_set) {
        auto& d = out.warning(diag::Code::ProductionPath, p.span,
                              fmt::format("{} gets PATH from vagga's default", who));
        d.label = "set `PATH` in the container's `environ`";
    }
}

} // namespace

void lint_production(const lower::LaunchInput& in, diag::Diagnostics& out) {
    for (const auto& [name, cmd] : in.config->commands) {
        if (ir::holds<ir::command::CapsuleCommand>(cmd.value)) {
            continue;
        }
        // Problems of lowering itself are `vagga check`'s own to report.
        diag::Diagnostics scratch;
        Workload w = lower_workload(in, name.text, scratch);
        if (scratch.has_errors()) {
            continue;
        }
        for (const auto& p : w.processes) {
            lint(p, out);
        }
    }
}

} // namespace vagga::exporter
