// A Workload for Kubernetes (`kubectl apply`, `podman kube play`) and for
// compose (`docker-compose`, `podman-compose`), printed as YAML.
#pragma once

#include "compiler/export/workload.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace vagga::exporter {

// The image reference of a container as the exporters name it:
// localhost/NAME:HASH8, NAME lowercased with what a reference cannot hold
// replaced by '-'.
std::string image_reference(const std::string& container, const std::string& version);

// A DNS-1123 label (Kubernetes' names, compose's services): lowercase,
// '-' for anything else, at most 63 characters.
std::string dns_label(const std::string& name);

using ImageOf = std::function<std::string(const std::string& container)>;

// A Pod: one container per process (a !Command's, or each child of a
// !Supervise, which share the Pod's network as they share vagga's).
// !Tmpfs is an in-memory emptyDir, !Persistent a persistent volume claim,
// a host folder (/work too) a hostPath with a warning into diags.
std::string kube_pod(const Workload& w, const std::string& project_root, const ImageOf& image,
                     diag::Diagnostics& diags);

// A compose file with a service per process of every workload, named
// COMMAND (or COMMAND-CHILD), the persistent volumes as named volumes.
std::string compose_file(const std::vector<Workload>& ws, const std::string& project_root,
                         const ImageOf& image, diag::Diagnostics& diags);

// JSON as block YAML (every string double-quoted, so that "1" or "yes"
// stays a string for the engine).
std::string to_yaml(const nlohmann::json& j);

} // namespace vagga::exporter
