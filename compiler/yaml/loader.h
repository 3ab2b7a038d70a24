// yaml stage: text -> located node tree, with vagga's YAML extensions applied.
//
// Takes: a file path (read through source::FileSystem) or in-memory text.
// Returns: the root node (an implicit null for an empty document), never
// nullptr. Node tags view the SourceManager's text: keep it alive while the
// tree is used. Reports into Diagnostics and goes on wherever it can: syntax
// errors, duplicate keys, bad merges/unpacks/includes each become one located
// diagnostic. Applies, in this order per file: anchors/aliases (shared, not
// copied), `!*Include` (relative paths only, include cycles detected), `<<`
// merge keys (local keys win; earlier merge sources win), `!*Unpack` inside
// sequences, and vagga's tag placement rule (`- !T a: b` tags the mapping).
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/source/filesystem.h"
#include "compiler/source/source_manager.h"
#include "compiler/yaml/node.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace vagga::yaml {

struct LoadOptions {
    bool allow_includes = true;            // settings files take no includes
    uint64_t max_file_bytes = 64ull << 20; // larger files are refused
    uint64_t max_nodes = 2'000'000;        // alias-expanded size limit
    uint32_t max_depth = 1000;             // nesting limit (checked before parsing)
    uint32_t max_include_depth = 64;
};

class Loader {
  public:
    Loader(source::SourceManager& sm, source::FileSystem& fs, diag::Diagnostics& diags,
           LoadOptions opts = {});
    // Reads and loads a file. A file that cannot be read gives an io-error
    // diagnostic at `from` (the place that asked for it, if any).
    NodePtr load_file(const std::filesystem::path& path, source::Span from = {});
    // Loads text already registered in the SourceManager.
    NodePtr load_source(uint32_t file_id);
    // The main file's completed `SECTION: {NAME: VALUE}` entries go through
    // `sink` (see EntrySink); included files are not streamed.
    void set_entry_sink(EntrySink sink) { sink_ = std::move(sink); }

  private:
    struct Impl;
    source::SourceManager& sm_;
    source::FileSystem& fs_;
    diag::Diagnostics& diags_;
    LoadOptions opts_;
    std::vector<std::filesystem::path> include_stack_;
    // Each included file is parsed once per top-level load and shared, so
    // many includes of one file cost one parse and count in `weight`.
    std::map<std::filesystem::path, NodePtr> include_cache_;
    EntrySink sink_;
    friend struct Impl;
};

} // namespace vagga::yaml
