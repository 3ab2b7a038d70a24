// The CLI's session: the compilation of the project (app/compilation.h),
// the host's side effects (app/host_ports.h) and the printing of what they
// report. Every command of the CLI works through one Session.
#pragma once

#include "app/build_cycle.h"
#include "app/compilation.h"
#include "app/host_ports.h"
#include "app/storage.h"
#include "cli/context.h"

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
    std::optional<std::string> resolve_command(const std::string& name) const;
    // Reads just the main file's command names: `check` may be a user command.
    bool defines_command(const std::string& name);

    void print_diagnostics(Format format);
    // `check --config FILE`: that file is the main file, its folder the root.
    void use_main_file(const std::filesystem::path& file);
    // How messages name the project: its main file, or its folder.
    std::string display_name() const;

    // The project's storage; prints why and returns nullopt when it can't
    // be used.
    std::optional<app::Storage> storage();
    // The build cycle of the loaded project on the host.
    app::BuildCycle build_cycle(app::Storage storage);
    app::Versioner versioner();

    Context& ctx() { return ctx_; }
    app::Compilation& compilation() { return compilation_; }
    project::Frontend& frontend() { return compilation_.frontend(); }
    const project::Project& project() const { return compilation_.project(); }
    const project::Discovery& where() const { return compilation_.where(); }
    app::Ports ports() { return {files_, processes_, clock_, console_}; }

  private:
    Context& ctx_;
    app::Compilation compilation_;
    app::HostFiles files_;
    app::HostProcesses processes_;
    app::SystemClock clock_;
    app::StreamConsole console_;
};

} // namespace vagga::cli
