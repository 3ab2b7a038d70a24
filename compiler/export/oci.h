// A Workload's process in the OCI formats: the image configuration of an
// image layout, and the config.json of a runtime bundle (runtime-spec
// 1.0) that `runc run` starts as an unprivileged user.
#pragma once

#include "compiler/export/workload.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>

namespace vagga::exporter {

// What the exporter learned from the storage and the layer it wrote.
struct Image {
    std::string container;
    std::string version;               // the container's version hash (full)
    std::vector<std::string> diff_ids; // "sha256:..." of each uncompressed layer
    std::string created = "1970-01-01T00:00:00Z";
    std::string architecture = "amd64";
};

// The environment an engine gets: the process's without what vagga took
// from the terminal it was started in (TERM).
std::vector<std::pair<std::string, std::string>> engine_env(const Process& p);

// application/vnd.oci.image.config.v1+json. Without a process the image
// only carries its labels and the default PATH.
nlohmann::json image_config(const Image& image, const Process* process);

// Annotations of the manifest (org.opencontainers.image.*).
nlohmann::json image_annotations(const Image& image, const std::string& tag);

struct IdMapping {
    uint32_t container_id = 0;
    uint32_t host_id = 0;
    uint32_t size = 1;
};

// Where the volumes of a bundle come from on this machine (host paths);
// an empty answer leaves the volume out with a warning.
struct BundleSources {
    std::string project_root; // /work
    std::function<std::string(const std::string& name)> persistent;
    std::function<std::string(const std::string& name)> cache;
    std::function<std::string(const std::string& container)> container_root;
    // A !BindRW/!BindRO path as written (/volumes/NAME/..., /work/...).
    std::function<std::string(const std::string& path)> bind;
};

// config.json of a bundle whose root is `rootfs` beside it: read-only,
// the caller's id mappings, the process's volumes as mounts (!Tmpfs as
// tmpfs, !Persistent as a bind of its storage, /work and other host folders
// as binds with a warning into diags, located at the volume).
nlohmann::json runtime_config(const Process& p, const std::vector<IdMapping>& uids,
                              const std::vector<IdMapping>& gids, const BundleSources& sources,
                              diag::Diagnostics& diags);

} // namespace vagga::exporter
