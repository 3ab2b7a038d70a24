// One OCI image layer made from a built container (`vagga _export oci`):
// the tree as a tar stream with the owners it has inside the container,
// compressed, with both digests an image needs.
#pragma once

#include "app/error.h"
#include "compiler/plan/launch_plan.h"

#include <cstdint>
#include <optional>
#include <string>

namespace vagga::app {

enum class LayerCompression { Gzip, Zstd, None };

struct Layer {
    std::string digest;  // "sha256:..." of the blob as stored
    uint64_t size = 0;   // of the blob
    std::string diff_id; // "sha256:..." of the uncompressed tar
    std::string media_type;
};

struct LayerOptions {
    LayerCompression compression = LayerCompression::Gzip;
    // SOURCE_DATE_EPOCH: newer times are clamped to it; by default the
    // files keep the times the build gave them (the same build exports the
    // same bytes).
    std::optional<int64_t> clamp_mtime;
};

// Writes the layer into `blobs_dir` (blobs/sha256 of a layout) under its
// digest. The host's tar runs in a user namespace with the container's id
// map `ids`, so the archive records the owners the files have inside;
// entries are sorted and owners numeric, so the same tree gives the same
// digests. gzip is zlib's default level; zstd uses every core.
Status write_layer(const plan::IdMap& ids, const std::string& root, const LayerOptions& options,
                   const std::string& blobs_dir, Layer* out);

} // namespace vagga::app
