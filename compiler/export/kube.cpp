#include "compiler/export/kube.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <set>

namespace vagga::exporter {
namespace {

using json = nlohmann::json;

void emit(YAML::Emitter& out, const json& j) {
    switch (j.type()) {
    case json::value_t::object:
        out << YAML::BeginMap;
        for (const auto& [k, v] : j.items()) {
            out << YAML::Key << k << YAML::Value;
            emit(out, v);
        }
        out << YAML::EndMap;
        return;
    case json::value_t::array:
        out << YAML::BeginSeq;
        for (const auto& v : j) {
            emit(out, v);
        }
        out << YAML::EndSeq;
        return;
    case json::value_t::string:
        out << YAML::DoubleQuoted << j.get<std::string>();
        return;
    case json::value_t::boolean:
        out << j.get<bool>();
        return;
    case json::value_t::number_unsigned:
        out << j.get<uint64_t>();
        return;
    case json::value_t::number_integer:
        out << j.get<int64_t>();
        return;
    case json::value_t::number_float:
        out << j.get<double>();
        return;
    case json::value_t::null:
    case json::value_t::binary:
    case json::value_t::discarded:
        out << YAML::Null;
        return;
    }
}

// Compose reads `$NAME` in every value as its own variable: `$$` keeps a
// `$` for the container's shell.
json escape_dollars(const json& j) {
    if (j.is_string()) {
        std::string out;
        for (char c : j.get<std::string>()) {
            out += c == '$' ? std::string("$$") : std::string(1, c);
        }
        return out;
    }
    if (j.is_array() || j.is_object()) {
        json copy = j;
        for (auto& v : copy) {
            v = escape_dollars(v);
        }
        return copy;
    }
    return j;
}

bool has_volume(const Process& p, const std::string& path) {
    for (const auto& v : p.volumes) {
        if (v.path == path) {
            return true;
        }
    }
    return false;
}

// What a volume is in both formats, with the warnings both give.
struct Source {
    enum Kind { Memory, Claim, Host, None } kind = None;
    std::string name; // Claim: the volume's; Host: the host path
    uint64_t size = 0;
    uint32_t mode = 01777;
    bool read_only = false;
};

Source source_of(const Volume& v, const std::string& project_root, diag::Diagnostics& diags,
                 const char* engine) {
    Source s;
    s.read_only = v.read_only;
    switch (v.kind) {
    case VolumeKind::Tmpfs:
        s.kind = Source::Memory;
        s.size = v.size;
        s.mode = v.mode;
        return s;
    case VolumeKind::Empty:
        s.kind = Source::Memory;
        s.size = 1;
        s.mode = 0;
        return s;
    case VolumeKind::Snapshot:
        s.kind = Source::Memory;
        s.size = v.size;
        s.mode = 0755;
        diags.warning(diag::Code::ExportDiffers, v.span,
                      fmt::format("`!Snapshot` on {} is an empty in-memory volume for {}: it "
                                  "cannot copy the image's folder",
                                  v.path, engine));
        return s;
    case VolumeKind::Persistent:
        s.kind = Source::Claim;
        s.name = v.source;
        return s;
    case VolumeKind::HostBind:
        if (v.source == "/work" || v.source.rfind("/work/", 0) == 0) {
            s.kind = Source::Host;
            s.name = project_root + v.source.substr(5);
            diags.warning(
                diag::Code::ExportDiffers, v.span,
                fmt::format("the volume on {} binds the host's {} for {}", v.path, s.name, engine));
            return s;
        }
        break;
    case VolumeKind::Container:
        break;
    }
    diags.warning(diag::Code::ExportDiffers, v.span,
                  fmt::format("the volume on {} is left out for {}: it names something only "
                              "vagga has here",
                              v.path, engine));
    return s;
}

std::string path_label(const std::string& path) {
    return dns_label(path == "/" ? "root" : path.substr(1));
}

} // namespace

std::string image_reference(const std::string& container, const std::string& version) {
    std::string name;
    for (char c : container) {
        unsigned char u = static_cast<unsigned char>(c);
        name += std::isalnum(u) ? static_cast<char>(std::tolower(u))
                : (c == '.' || c == '_' || c == '-') && !name.empty() ? c
                                                                      : '-';
    }
    return "localhost/" + name + ":" + version.substr(0, 8);
}

std::string dns_label(const std::string& name) {
    std::string out;
    for (char c : name) {
        unsigned char u = static_cast<unsigned char>(c);
        char x = std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '-';
        if (!(x == '-' && (out.empty() || out.back() == '-'))) {
            out += x;
        }
    }
    while (!out.empty() && out.back() == '-') {
        out.pop_back();
    }
    if (out.size() > 63) {
        out.resize(63);
    }
    return out.empty() ? "x" : out;
}

std::string to_yaml(const json& j) {
    YAML::Emitter out;
    emit(out, j);
    return std::string(out.c_str()) + "\n";
}

std::string kube_pod(const Workload& w, const std::string& project_root, const ImageOf& image,
                     diag::Diagnostics& diags) {
    json containers = json::array();
    json volumes = json::array();
    std::set<std::string> volume_names;
    auto add_volume = [&](const std::string& name, json body) {
        if (volume_names.insert(name).second) {
            body["name"] = name;
            volumes.push_back(body);
        }
    };
    for (const auto& p : w.processes) {
        json mounts = json::array();
        auto memory = [&](const std::string& path, const Source& s) {
            std::string name = path_label(path);
            json dir = {{"medium", "Memory"}};
            if (s.size > 1) {
                dir["sizeLimit"] = std::to_string(s.size);
            }
            add_volume(name + "-" + dns_label(p.name), {{"emptyDir", dir}});
            mounts.push_back({{"name", name + "-" + dns_label(p.name)},
                              {"mountPath", path},
                              {"readOnly", s.read_only}});
        };
        for (const char* d : {"/tmp", "/run"}) {
            if (!has_volume(p, d)) {
                memory(d, Source{Source::Memory, "", 100 << 20});
            }
        }
        add_volume("work", {{"hostPath", {{"path", project_root}, {"type", "Directory"}}}});
        mounts.push_back({{"name", "work"}, {"mountPath", "/work"}, {"readOnly", false}});
        diags.warning(diag::Code::ExportDiffers, p.span,
                      fmt::format("`{}`: the project is a hostPath volume on /work ({}); a "
                                  "cluster's nodes will not have it",
                                  p.name, project_root));
        for (const auto& v : p.volumes) {
            Source s = source_of(v, project_root, diags, "Kubernetes");
            switch (s.kind) {
            case Source::Memory:
                memory(v.path, s);
                break;
            case Source::Claim: {
                std::string name = "vol-" + dns_label(s.name);
                add_volume(name, {{"persistentVolumeClaim", {{"claimName", dns_label(s.name)}}}});
                mounts.push_back({{"name", name}, {"mountPath", v.path}, {"readOnly", false}});
                break;
            }
            case Source::Host: {
                std::string name = "host-" + path_label(v.path);
                add_volume(name, {{"hostPath", {{"path", s.name}, {"type", "Directory"}}}});
                mounts.push_back(
                    {{"name", name}, {"mountPath", v.path}, {"readOnly", s.read_only}});
                break;
            }
            case Source::None:
                break;
            }
        }
        json env = json::array();
        for (const auto& [k, v] : p.env) {
            if (k != "TERM") {
                env.push_back({{"name", k}, {"value", v}});
            }
        }
        containers.push_back(
            {{"name", dns_label(p.name)},
             {"image", image(p.container)},
             {"command", p.argv},
             {"env", env},
             {"workingDir", p.work_dir},
             {"securityContext",
              {{"runAsUser", p.uid}, {"runAsGroup", p.gid}, {"readOnlyRootFilesystem", true}}},
             {"volumeMounts", mounts}});
    }
    json pod = {
        {"apiVersion", "v1"},
        {"kind", "Pod"},
        {"metadata",
         {{"name", dns_label(w.command)},
          {"labels", {{"app.kubernetes.io/name", dns_label(w.command)}}}}},
        {"spec", {{"restartPolicy", "Never"}, {"containers", containers}, {"volumes", volumes}}}};
    return to_yaml(pod);
}

std::string compose_file(const std::vector<Workload>& ws, const std::string& project_root,
                         const ImageOf& image, diag::Diagnostics& diags) {
    json services = json::object();
    json named = json::object();
    for (const auto& w : ws) {
        std::string first;
        for (const auto& p : w.processes) {
            std::string name = dns_label(w.supervise ? w.command + "-" + p.name : w.command);
            json env = json::object();
            for (const auto& [k, v] : p.env) {
                if (k != "TERM") {
                    env[k] = v;
                }
            }
            json tmpfs = json::array();
            json volumes = json::array({project_root + ":/work"});
            diags.warning(
                diag::Code::ExportDiffers, p.span,
                fmt::format("`{}`: the project is bound on /work from {}", p.name, project_root));
            for (const char* d : {"/tmp", "/run"}) {
                if (!has_volume(p, d)) {
                    tmpfs.push_back(std::string(d) + ":size=104857600");
                }
            }
            for (const auto& v : p.volumes) {
                Source s = source_of(v, project_root, diags, "compose");
                switch (s.kind) {
                case Source::Memory:
                    tmpfs.push_back(fmt::format("{}:size={},mode={:o}{}", v.path,
                                                s.size > 1 ? s.size : 4096, s.mode,
                                                s.read_only ? ",ro" : ""));
                    break;
                case Source::Claim:
                    named[dns_label(s.name)] = json::object();
                    volumes.push_back(dns_label(s.name) + ":" + v.path);
                    break;
                case Source::Host:
                    volumes.push_back(s.name + ":" + v.path + (s.read_only ? ":ro" : ""));
                    break;
                case Source::None:
                    break;
                }
            }
            json svc = {{"image", image(p.container)},
                        {"entrypoint", p.argv},
                        {"environment", env},
                        {"working_dir", p.work_dir},
                        {"user", fmt::format("{}:{}", p.uid, p.gid)},
                        {"read_only", true},
                        {"volumes", volumes}};
            if (!tmpfs.empty()) {
                svc["tmpfs"] = tmpfs;
            }
            // Supervise children share one network namespace in vagga.
            if (p.isolate_network && first.empty()) {
                svc["network_mode"] = "none";
            } else if (!first.empty()) {
                svc["network_mode"] = "service:" + first;
                svc["depends_on"] = json::array({first});
            }
            if (w.supervise && first.empty()) {
                first = name;
            }
            services[name] = svc;
        }
    }
    json file = {{"version", "3.7"}, {"services", escape_dollars(services)}};
    if (!named.empty()) {
        file["volumes"] = named;
    }
    return to_yaml(file);
}

} // namespace vagga::exporter
