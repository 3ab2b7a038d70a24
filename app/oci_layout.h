// `vagga _export oci`: a built container as an OCI image layout (a folder,
// or an oci-archive tar when the output ends in .tar), which skopeo, umoci,
// podman and registries read. One layer; the same image exports to the
// same digests.
#pragma once

#include "app/layer.h"
#include "app/ports.h"
#include "compiler/export/workload.h"

#include <string>

namespace vagga::app {

struct OciExport {
    std::string container;
    std::string version; // the container's version hash
    std::string root;    // the built root
    plan::IdMap ids;     // the container's id map (owners as inside)
    // The command whose process becomes the image's entrypoint, env,
    // working directory and user; null for an image without one.
    const exporter::Process* process = nullptr;
    std::string tag;    // org.opencontainers.image.ref.name
    std::string output; // a folder (an existing layout gets the image added) or FILE.tar
    LayerOptions layer;
};

// Writes the layout; prints the manifest's digest to `console`'s stdout.
Status export_oci(const OciExport& x, Console& console);

} // namespace vagga::app
