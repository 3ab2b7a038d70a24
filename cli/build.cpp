#include "cli/build.h"

#include "cli/builtin_docs.h"

#include "compiler/lower/build_json.h"
#include "compiler/text/json_text.h"

#include <fmt/format.h>

namespace vagga::cli {

app::BuildMode build_mode_from_flag(const std::string& flag) {
    if (flag == "no-build")
        return app::BuildMode::NoBuild;
    if (flag == "no-version")
        return app::BuildMode::NoVersionCheck;
    if (flag == "no-image")
        return app::BuildMode::NoImage;
    return app::BuildMode::Normal;
}

int ensure_built(Session& s, const std::string& container, app::BuildMode mode) {
    auto st = s.storage();
    if (!st)
        return exit_code::launcher_error;
    return report(s.build_cycle(std::move(*st)).build(container, mode), s.ctx().err);
}

int builtin_build(Session& s, const std::vector<std::string>& args) {
    const std::string usage = usage_text(*find_builtin_doc("_build"));
    app::BuildMode mode = app::BuildMode::Normal;
    std::string name;
    for (const auto& a : args) {
        if (a == "--force") {
            mode = app::BuildMode::Force;
        } else if (a == "--no-image-download") {
            if (mode != app::BuildMode::Force)
                mode = app::BuildMode::NoImage;
        } else if (!a.empty() && a[0] == '-') {
            s.ctx().err << usage << fmt::format("vagga _build: Unknown option {}\n", a);
            return exit_code::usage;
        } else if (name.empty()) {
            name = a;
        } else {
            s.ctx().err << usage << fmt::format("vagga _build: Unexpected argument {}\n", a);
            return exit_code::usage;
        }
    }
    if (name.empty()) {
        s.ctx().err << usage << "vagga _build: Argument container_name is required\n";
        return exit_code::usage;
    }
    return ensure_built(s, name, mode);
}

int print_build_plan(Session& s, const std::string& container) {
    if (!s.project().config.containers.count(ir::Str(container))) {
        s.ctx().err << fmt::format("Container \"{}\" not found\n", container);
        return exit_code::launcher_error;
    }
    auto st = s.storage();
    if (!st)
        return exit_code::launcher_error;
    diag::Diagnostics diags;
    auto plan = s.build_cycle(std::move(*st)).plan(container, diags);
    if (!diags.empty())
        s.ports().console.diagnostics(diags);
    if (!plan)
        return exit_code::launcher_error;
    s.ctx().out << text::dump_json(lower::located_build_plan_json(*plan, s.frontend().sources), 2)
                << "\n";
    return exit_code::ok;
}

} // namespace vagga::cli
