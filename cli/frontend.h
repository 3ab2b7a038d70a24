// The CLI's view of the front end: discovery, loading with the load-time
// checks, diagnostics rendering, and command lookup by name or alias.
#pragma once

#include "cli/context.h"
#include "compiler/project/project.h"

#include <optional>
#include <string>

namespace vagga::cli {

enum class Format { Text, Json };

class Session {
  public:
    explicit Session(Context& ctx);

    // Finds the project; prints the original's message when there is none.
    bool discover();
    // Loads and runs the load-time checks; prints diagnostics; false on errors.
    bool load();
    // Loads without printing (for `check`, which prints in its own format).
    void load_quiet();

    // A command by exact name, else the first (sorted) whose aliases contain it.
    const ir::Command* find_command(const std::string& name) const;
    std::optional<std::string> resolve_command(const std::string& name) const;
    // Reads just the main file's command names: `check` may be a user command.
    bool defines_command(const std::string& name);

    void print_diagnostics(Format format);
    // `check --config FILE`: that file is the main file, its folder the root.
    void use_main_file(const std::filesystem::path& file);
    // How messages name the project: its main file, or its folder.
    std::string display_name() const;

    Context& ctx() { return ctx_; }
    project::Frontend& frontend() { return fe_; }
    const project::Project& project() const { return project_; }
    const project::Discovery& where() const { return where_; }

  private:
    Context& ctx_;
    project::Frontend fe_;
    project::Discovery where_;
    project::Project project_;
    bool loaded_ = false;
};

} // namespace vagga::cli
