// The one compile entry point: every client (the CLI, the editor server,
// the exporters) finds, loads and checks a project through it, and gets
// its diagnostics in one order.
//
// Takes: a folder to start from (or an explicit main file) and the user's
// settings locations. Returns: the merged, checked project. Reports: every
// diagnostic of discovery, loading, the load-time checks and (on request)
// the reference checks, in the order `diagnostics()` gives.
#pragma once

#include "compiler/project/project.h"

#include <filesystem>
#include <optional>
#include <string>

namespace vagga::app {

struct CompileOptions {
    std::optional<std::filesystem::path> home; // $HOME: the user's settings files
    std::optional<std::string> settings_env;   // $VAGGA_SETTINGS
};

class Compilation {
  public:
    // Diagnostics name files relative to `display_base` (the user's cwd).
    explicit Compilation(const std::filesystem::path& display_base);

    // Walks up from `start` (config.md §1.1); false when no project is found.
    bool discover(const std::filesystem::path& start);
    // `check --config FILE`: that file is the main file, its folder the root.
    void use_main_file(const std::filesystem::path& file);

    // Loads the project and runs the load-time checks, once.
    void load(const CompileOptions& opts);
    // Adds what `vagga check` reports beyond what loading needs (unknown
    // containers and commands named anywhere).
    void check_references();

    // Source order reads best; a minimum-vagga error still comes first, so
    // users of an old vagga see "upgrade" before errors about newer syntax.
    const diag::Diagnostics& diagnostics();
    bool has_errors() const { return fe_.diags.has_errors(); }

    project::Frontend& frontend() { return fe_; }
    const source::SourceManager& sources() const { return fe_.sources; }
    const project::Project& project() const { return project_; }
    const project::Discovery& where() const { return where_; }

  private:
    project::Frontend fe_;
    project::Discovery where_;
    project::Project project_;
    bool loaded_ = false;
};

} // namespace vagga::app
