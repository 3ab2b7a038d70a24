#include "cli/frontend.h"

#include "app/queries.h"
#include "compiler/diag/render.h"
#include "compiler/text/json_text.h"
#include "runtime/build/host_apt.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace vagga::cli {

Session::Session(Context& ctx)
    : ctx_(ctx), compilation_(ctx.cwd), console_(ctx.out, ctx.err, compilation_.sources()) {}

bool Session::discover() {
    if (compilation_.discover(ctx_.cwd))
        return true;
    ctx_.err << fmt::format("Config not found in path \"{}\"\n", ctx_.cwd.string())
             << "Hint: you need to `cd` into a project, or create a file `vagga.yaml` in it.\n";
    return false;
}

void Session::load_quiet() {
    app::CompileOptions opts;
    if (auto home = ctx_.env("HOME"))
        opts.home = *home;
    opts.settings_env = ctx_.env("VAGGA_SETTINGS");
    compilation_.load(opts);
}

bool Session::load() {
    load_quiet();
    // Warnings (a skipped mixin, an ignored tag) are shown but do not stop us.
    if (!compilation_.diagnostics().empty())
        print_diagnostics(Format::Text);
    return !compilation_.has_errors();
}

void Session::print_diagnostics(Format format) {
    const auto& diags = compilation_.diagnostics();
    switch (format) {
    case Format::Text:
        ctx_.err << diag::render_text(compilation_.sources(), diags);
        break;
    case Format::Json:
        ctx_.out << text::dump_json(diag::to_json(compilation_.sources(), diags), 2) << "\n";
        break;
    }
}

std::optional<std::string> Session::resolve_command(const std::string& name) const {
    return app::resolve_command(project().config, name);
}

void Session::use_main_file(const std::filesystem::path& file) {
    compilation_.use_main_file(file);
}

std::string Session::display_name() const {
    const auto& w = where();
    const auto& p = w.main_file.empty() ? w.root : w.main_file;
    auto rel = p.lexically_relative(ctx_.cwd);
    return rel.empty() || *rel.begin() == ".." ? p.string() : rel.string();
}

bool Session::defines_command(const std::string& name) {
    load_quiet();
    return project().config.commands.count(ir::Str(name)) != 0;
}

std::optional<app::Storage> Session::storage() {
    app::Error error;
    auto st = app::open_storage(files_, project().root, project().settings, &error);
    if (!st)
        ctx_.err << error.message << "\n";
    return st;
}

app::Versioner Session::versioner() {
    return app::project_versioner(compilation_.frontend(), compilation_.project(), files_);
}

app::BuildCycle Session::build_cycle(app::Storage storage) {
    // `vagga-build` sits beside `vagga` (the build tree puts both in cli/).
    std::error_code ec;
    app::BuildHost host;
    host.builder =
        (std::filesystem::read_symlink("/proc/self/exe", ec).parent_path() / "vagga-build")
            .string();
    host.debian_mirror = [] { return runtime::build::host_debian_mirror().value_or(""); };
    host.env = &ctx_.environ;
    host.git_describe = app::project_describer(project());
    host.load_config = app::config_loader(compilation_.frontend());
    return app::BuildCycle(project(), std::move(storage), ports(), versioner(), std::move(host));
}

} // namespace vagga::cli
