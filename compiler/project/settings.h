// Settings: the user's files, $VAGGA_SETTINGS and the project's own files,
// merged in the original's order (config.md §1.4-1.7).
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/source/filesystem.h"
#include "compiler/source/source_manager.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vagga::project {

// The distributions' public mirrors the original used when the settings
// name none.
inline constexpr const char* kDefaultUbuntuMirror = "mirror://mirrors.ubuntu.com/mirrors.txt";
inline constexpr const char* kDefaultAlpineMirror = "http://dl-cdn.alpinelinux.org/alpine/";

struct Settings {
    std::optional<std::string> storage_dir;
    std::optional<std::string> storage_subdir_from_env_var;
    std::optional<std::string> cache_dir;
    bool shared_cache = false;
    bool version_check = true;
    bool proxy_env_vars = true;
    // The original's defaults (config.md §2), kept for compatibility.
    std::string ubuntu_mirror = kDefaultUbuntuMirror;
    bool ubuntu_skip_locking = false;
    bool versioned_build_dir = false;
    std::string alpine_mirror = kDefaultAlpineMirror;
    std::map<std::string, std::string> external_volumes;
    std::optional<std::string> push_image_script;
    bool build_lock_wait = false;
    bool auto_apply_sysctl = false;
    bool index_all_images = false;
    bool hard_link_identical_files = false;
    bool hard_link_between_projects = false;
    bool run_symlinks_as_commands = true;
    bool disable_auto_clean = false;
    std::map<std::string, std::string> environ;
    std::vector<std::string> propagate_environ;
};

struct SettingsSources {
    std::optional<std::filesystem::path> home;
    std::optional<std::string> env; // $VAGGA_SETTINGS
};

struct SettingsContext {
    source::SourceManager& sources;
    source::FileSystem& fs;
    diag::Diagnostics& diags;
};

// Reads every settings file that exists, in order; errors are reported as
// settings errors (fatal for the caller, as in the original).
Settings read_settings(SettingsContext ctx, const std::filesystem::path& project_root,
                       const SettingsSources& sources);

} // namespace vagga::project
