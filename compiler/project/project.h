// project stage: finds the project, reads vagga.yaml, its local mixins and
// its `mixins:` in the documented order, reads the settings files, and
// applies `minimum-vagga` and the post-load defaults (config.md §1, §3).
//
// Takes: a start directory (or an explicit root) and a Frontend, which owns
// the sources, the file system and the diagnostics. Returns: the merged
// config. Reports: every problem of the main file; a broken mixin as one
// warning (the original skipped it); mixin cycles; settings errors.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/project/settings.h"
#include "compiler/source/filesystem.h"
#include "compiler/source/source_manager.h"
#include "ir_gen.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace vagga::project {

// The version `minimum-vagga` is compared against.
std::string_view compat_version();

// What every front-end call shares: sources (for rendering diagnostics),
// the file system (real, or with an editor's unsaved buffers on top), and
// the collected diagnostics.
struct Frontend {
    source::SourceManager sources;
    source::RealFileSystem real_fs;
    source::FileSystem* fs = &real_fs;
    diag::Diagnostics diags;
};

struct Discovery {
    std::filesystem::path root;        // the project folder
    std::filesystem::path main_file;   // empty when only local mixins exist
    std::vector<std::string> warnings; // e.g. a `vagga.yml` typo
};

// Walks up from `start` (config.md §1.1). nullopt when nothing is found.
std::optional<Discovery> discover(const std::filesystem::path& start, source::FileSystem& fs);

struct Project {
    std::filesystem::path root;
    std::filesystem::path main_file;
    ir::Config config; // merged; mixins emptied; uids/gids defaulted
    Settings settings;
};

struct LoadOptions {
    bool read_settings = true;
    std::optional<std::filesystem::path> home; // $HOME; nullopt skips the user files
    std::optional<std::string> settings_env;   // $VAGGA_SETTINGS
};

// Loads a discovered project. Errors go to fe.diags; the returned config
// holds whatever could be read (callers check fe.diags.has_errors()).
Project load(Frontend& fe, const Discovery& where, const LoadOptions& opts);

// Reads one config file as `!SubConfig` does (its local mixins and `mixins:`
// apply; the cross-container checks do not).
ir::Config load_config_file(Frontend& fe, const std::filesystem::path& dir,
                            const std::filesystem::path& file);

} // namespace vagga::project
