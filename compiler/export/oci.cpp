#include "compiler/export/oci.h"

#include <fmt/format.h>

namespace vagga::exporter {
namespace {

using json = nlohmann::json;

constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

json env_list(const Process& p) {
    json out = json::array();
    for (const auto& [k, v] : engine_env(p)) {
        out.push_back(k + "=" + v);
    }
    return out;
}

json mount(const std::string& dest, const std::string& type, const std::string& source,
           std::vector<std::string> options) {
    return {{"destination", dest}, {"type", type}, {"source", source}, {"options", options}};
}

json bind_mount(const std::string& dest, const std::string& source, bool read_only) {
    std::vector<std::string> o = {"rbind", "nosuid", "nodev"};
    o.push_back(read_only ? "ro" : "rw");
    return mount(dest, "bind", source, o);
}

json tmpfs(const std::string& dest, uint64_t size, uint32_t mode, bool read_only) {
    std::vector<std::string> o = {"nosuid", "nodev", fmt::format("mode={:o}", mode),
                                  fmt::format("size={}", size)};
    if (read_only) {
        o.push_back("ro");
    }
    return mount(dest, "tmpfs", "tmpfs", o);
}

// The mounts every rootless runc container needs (as `runc spec
// --rootless` writes them): /sys is the host's, bound read-only, because a
// user namespace cannot mount a sysfs of its own without a network namespace.
json base_mounts() {
    json m = json::array();
    m.push_back(mount("/proc", "proc", "proc", {}));
    m.push_back(
        mount("/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}));
    m.push_back(mount("/dev/pts", "devpts", "devpts",
                      {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"}));
    m.push_back(mount("/dev/shm", "tmpfs", "shm",
                      {"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}));
    m.push_back(mount("/dev/mqueue", "mqueue", "mqueue", {"nosuid", "noexec", "nodev"}));
    m.push_back(mount("/sys", "none", "/sys", {"rbind", "nosuid", "noexec", "nodev", "ro"}));
    return m;
}

json mappings(const std::vector<IdMapping>& ids) {
    json out = json::array();
    for (const auto& m : ids) {
        out.push_back({{"containerID", m.container_id}, {"hostID", m.host_id}, {"size", m.size}});
    }
    return out;
}

bool has_volume(const Process& p, const std::string& path) {
    for (const auto& v : p.volumes) {
        if (v.path == path) {
            return true;
        }
    }
    return false;
}

} // namespace

std::vector<std::pair<std::string, std::string>> engine_env(const Process& p) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& kv : p.env) {
        if (kv.first != "TERM") {
            out.push_back(kv);
        }
    }
    return out;
}

json image_config(const Image& image, const Process* process) {
    json labels = {{"io.vagga.container", image.container}, {"io.vagga.version", image.version}};
    json config = {{"Labels", labels}};
    if (process) {
        labels["io.vagga.command"] = process->name;
        config = {{"Entrypoint", process->argv},
                  {"Env", env_list(*process)},
                  {"WorkingDir", process->work_dir},
                  {"User", fmt::format("{}:{}", process->uid, process->gid)},
                  {"Labels", labels}};
    } else {
        config["Env"] = json::array({std::string("PATH=") + kDefaultPath});
    }
    json diff_ids = json::array();
    for (const auto& d : image.diff_ids) {
        diff_ids.push_back(d);
    }
    return {{"created", image.created},
            {"architecture", image.architecture},
            {"os", "linux"},
            {"config", config},
            {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}},
            {"history", json::array({{{"created", image.created},
                                      {"created_by", "vagga _export oci " + image.container}}})}};
}

json image_annotations(const Image& image, const std::string& tag) {
    json a = {{"org.opencontainers.image.created", image.created},
              {"org.opencontainers.image.title", image.container},
              {"org.opencontainers.image.version", image.version},
              {"io.vagga.version", image.version}};
    if (!tag.empty()) {
        a["org.opencontainers.image.ref.name"] = tag;
    }
    return a;
}

json runtime_config(const Process& p, const std::vector<IdMapping>& uids,
                    const std::vector<IdMapping>& gids, const BundleSources& sources,
                    diag::Diagnostics& diags) {
    json mounts = base_mounts();
    // vagga's defaults, unless a volume is there (lower/volumes.cpp).
    if (!has_volume(p, "/tmp")) {
        mounts.push_back(tmpfs("/tmp", 100 << 20, 01777, false));
    }
    if (!has_volume(p, "/run")) {
        mounts.push_back(tmpfs("/run", 100 << 20, 0755, false));
    }
    mounts.push_back(bind_mount("/work", sources.project_root, false));
    diags.warning(diag::Code::ExportDiffers, p.span,
                  fmt::format("`{}`: the project is bound on /work from {}; a bundle that "
                              "leaves this machine will not have it",
                              p.name, sources.project_root));
    for (const auto& v : p.volumes) {
        std::string source;
        switch (v.kind) {
        case VolumeKind::Tmpfs:
            mounts.push_back(tmpfs(v.path, v.size, v.mode, false));
            continue;
        case VolumeKind::Empty:
            mounts.push_back(tmpfs(v.path, 1, 0, true));
            continue;
        case VolumeKind::Snapshot:
            mounts.push_back(tmpfs(v.path, v.size, 0755, false));
            diags.warning(diag::Code::ExportDiffers, v.span,
                          fmt::format("`!Snapshot` on {} is an empty tmpfs in the bundle: runc "
                                      "cannot copy the image's folder into it",
                                      v.path));
            continue;
        case VolumeKind::Persistent:
            source = sources.persistent ? sources.persistent(v.source) : "";
            break;
        case VolumeKind::Container:
            source = sources.container_root ? sources.container_root(v.source) : "";
            break;
        case VolumeKind::HostBind:
            if (v.source.rfind("cache:", 0) == 0) {
                source = sources.cache ? sources.cache(v.source.substr(6)) : "";
            } else if (v.source != "vagga-bin") {
                source = sources.bind ? sources.bind(v.source) : "";
            }
            break;
        }
        if (source.empty()) {
            diags.warning(diag::Code::ExportDiffers, v.span,
                          fmt::format("the volume on {} is left out of the bundle: nothing on "
                                      "this machine to bind there",
                                      v.path));
            continue;
        }
        if (v.kind != VolumeKind::Persistent) {
            diags.warning(diag::Code::ExportDiffers, v.span,
                          fmt::format("the volume on {} binds the host's {}", v.path, source));
        }
        mounts.push_back(bind_mount(v.path, source, v.read_only));
    }
    json ns = json::array({{{"type", "pid"}},
                           {{"type", "ipc"}},
                           {{"type", "uts"}},
                           {{"type", "mount"}},
                           {{"type", "user"}}});
    if (p.isolate_network) {
        ns.push_back({{"type", "network"}});
    }
    json groups = json::array();
    for (auto g : p.groups) {
        groups.push_back(g);
    }
    const std::vector<std::string> caps = {"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
    return {
        {"ociVersion", "1.0.2"},
        {"process",
         {{"terminal", false},
          {"user", {{"uid", p.uid}, {"gid", p.gid}, {"additionalGids", groups}}},
          {"args", p.argv},
          {"env", env_list(p)},
          {"cwd", p.work_dir},
          {"capabilities",
           {{"bounding", caps}, {"effective", caps}, {"permitted", caps}, {"ambient", caps}}},
          {"rlimits", json::array({{{"type", "RLIMIT_NOFILE"}, {"hard", 1024}, {"soft", 1024}}})},
          {"noNewPrivileges", true}}},
        {"root", {{"path", "rootfs"}, {"readonly", true}}},
        {"hostname", "vagga"},
        {"mounts", mounts},
        {"linux",
         {{"uidMappings", mappings(uids)},
          {"gidMappings", mappings(gids)},
          {"namespaces", ns},
          {"maskedPaths",
           {"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
            "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
            "/proc/scsi"}},
          {"readonlyPaths",
           {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"}}}}};
}

} // namespace vagga::exporter
