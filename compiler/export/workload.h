// export stage: a command lowered for a production engine (issue 14).
//
// The same lowering that makes a command's launch plan gives each process
// its argv, environment, working directory and user; this stage adds what
// an engine needs instead of vagga's mounts: each volume by kind, and the
// container's image. Pure, like lower/: the exporters (oci.h, kube.h,
// compose.h) turn a Workload into their formats, and `vagga check --target
// production` lints it (production_lints.h).
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/lower/launch.h"

#include <cstdint>
#include <string>
#include <vector>

namespace vagga::exporter {

enum class VolumeKind {
    Tmpfs,      // in memory: size, mode
    Persistent, // a named volume that outlives the container: `source` is its name
    HostBind,   // !BindRW/!BindRO/!CacheDir/!VaggaBin: a host folder (`source` as written)
    Empty,      // !Empty: an empty read-only folder
    Snapshot,   // !Snapshot: a writable copy of the image's folder
    Container,  // !Container: another container's root (`source`), read-only
};

struct Volume {
    std::string path; // in the container
    VolumeKind kind = VolumeKind::Tmpfs;
    std::string source;
    bool read_only = false;
    uint64_t size = 0; // Tmpfs, Snapshot
    uint32_t mode = 01777;
    uint32_t owner_uid = 0; // Persistent
    uint32_t owner_gid = 0;
    source::Span span;
};

struct Process {
    std::string name;      // the command's, or the supervise child's
    std::string container; // the image
    std::vector<std::string> argv;
    std::vector<std::pair<std::string, std::string>> env; // the complete environment
    std::string work_dir;                                 // absolute
    uint32_t uid = 0;
    uint32_t gid = 0;
    std::vector<uint32_t> groups;
    std::vector<Volume> volumes; // the container's overlaid by the command's, by path
    bool isolate_network = false;
    std::string pass_tcp_socket;  // as written, "" when none
    bool default_work_dir = true; // no `work-dir`: vagga's default /work
    source::Span work_dir_span;
    bool writable_root = false; // write-mode: transient-hard-link-copy
    bool path_set = false; // the container's or command's `environ` (or environ-file) sets PATH
    source::Span pass_tcp_socket_span;
    source::Span span; // the command or child
    source::Span run_span;
};

struct Workload {
    std::string command;
    bool supervise = false;
    std::vector<Process> processes; // a !Command's one, or the children in start order
};

// `in` as for a launch plan, but with nothing of the host's: no host
// environment, no settings (a user's own `environ` stays on the machine),
// the default work dir. Problems go to diags; then the workload is
// incomplete and must not be exported.
Workload lower_workload(const lower::LaunchInput& in, const std::string& command,
                        diag::Diagnostics& diags);

} // namespace vagga::exporter
