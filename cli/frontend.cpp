#include "cli/frontend.h"

#include "compiler/checks/checks.h"
#include "compiler/diag/render.h"
#include "compiler/text/json_text.h"

#include <algorithm>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <tuple>

namespace vagga::cli {

Session::Session(Context& ctx) : ctx_(ctx) {
    fe_.sources.set_display_base(ctx.cwd);
}

bool Session::discover() {
    auto d = project::discover(ctx_.cwd, *fe_.fs);
    if (!d) {
        ctx_.err << fmt::format("Config not found in path \"{}\"\n", ctx_.cwd.string())
                 << "Hint: you need to `cd` into a project, or create a file `vagga.yaml` in it.\n";
        return false;
    }
    where_ = *d;
    return true;
}

void Session::load_quiet() {
    if (loaded_)
        return;
    loaded_ = true;
    project::LoadOptions opts;
    if (auto home = ctx_.env("HOME"))
        opts.home = *home;
    opts.settings_env = ctx_.env("VAGGA_SETTINGS");
    project_ = project::load(fe_, where_, opts);
    checks::check_load(project_.config, fe_.diags);
}

bool Session::load() {
    load_quiet();
    if (fe_.diags.has_errors()) {
        print_diagnostics(Format::Text);
        return false;
    }
    // Warnings (a skipped mixin, an ignored tag) are shown but do not stop us.
    if (!fe_.diags.empty())
        print_diagnostics(Format::Text);
    return true;
}

void Session::print_diagnostics(Format format) {
    // Source order reads best; a minimum-vagga error still comes first, so
    // users of an old vagga see "upgrade" before errors about newer syntax.
    auto& list = fe_.diags.list();
    std::stable_sort(
        list.begin(), list.end(), [](const diag::Diagnostic& a, const diag::Diagnostic& b) {
            bool av = a.code == diag::Code::MinimumVersion,
                 bv = b.code == diag::Code::MinimumVersion;
            if (av != bv)
                return av;
            return std::tie(a.span.file, a.span.begin) < std::tie(b.span.file, b.span.begin);
        });
    switch (format) {
    case Format::Text:
        ctx_.err << diag::render_text(fe_.sources, fe_.diags);
        break;
    case Format::Json:
        ctx_.out << text::dump_json(diag::to_json(fe_.sources, fe_.diags), 2) << "\n";
        break;
    }
}

std::optional<std::string> Session::resolve_command(const std::string& name) const {
    const auto& cmds = project_.config.commands;
    if (cmds.count(ir::Str(name)))
        return name;
    for (const auto& [n, cmd] : cmds) {
        const auto& aliases = ir::visit(
            [](const auto& c) -> const std::vector<ir::Str>& { return c.aliases; }, cmd.value);
        for (const auto& a : aliases)
            if (a.text == name)
                return n.text;
    }
    return std::nullopt;
}

const ir::Command* Session::find_command(const std::string& name) const {
    auto resolved = resolve_command(name);
    if (!resolved)
        return nullptr;
    return &project_.config.commands.at(ir::Str(*resolved));
}

void Session::use_main_file(const std::filesystem::path& file) {
    where_.main_file = file.lexically_normal();
    where_.root = where_.main_file.parent_path();
    loaded_ = false;
}

std::string Session::display_name() const {
    const auto& p = where_.main_file.empty() ? where_.root : where_.main_file;
    auto rel = p.lexically_relative(ctx_.cwd);
    return rel.empty() || *rel.begin() == ".." ? p.string() : rel.string();
}

bool Session::defines_command(const std::string& name) {
    load_quiet();
    return project_.config.commands.count(ir::Str(name)) != 0;
}

} // namespace vagga::cli
