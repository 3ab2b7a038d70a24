#include "app/compilation.h"

#include "compiler/checks/checks.h"

#include <algorithm>
#include <tuple>

namespace vagga::app {

Compilation::Compilation(const std::filesystem::path& display_base) {
    fe_.sources.set_display_base(display_base);
}

bool Compilation::discover(const std::filesystem::path& start) {
    auto d = project::discover(start, *fe_.fs);
    if (!d)
        return false;
    where_ = *d;
    return true;
}

void Compilation::use_main_file(const std::filesystem::path& file) {
    where_.main_file = file.lexically_normal();
    where_.root = where_.main_file.parent_path();
    loaded_ = false;
}

void Compilation::load(const CompileOptions& opts) {
    if (loaded_)
        return;
    loaded_ = true;
    project::LoadOptions lo;
    lo.home = opts.home;
    lo.settings_env = opts.settings_env;
    project_ = project::load(fe_, where_, lo);
    checks::check_load(project_.config, fe_.diags);
}

void Compilation::check_references() {
    checks::check_references(project_.config, fe_.diags);
}

const diag::Diagnostics& Compilation::diagnostics() {
    auto& list = fe_.diags.list();
    std::stable_sort(
        list.begin(), list.end(), [](const diag::Diagnostic& a, const diag::Diagnostic& b) {
            bool av = a.code == diag::Code::MinimumVersion,
                 bv = b.code == diag::Code::MinimumVersion;
            if (av != bv)
                return av;
            return std::tie(a.span.file, a.span.begin) < std::tie(b.span.file, b.span.begin);
        });
    return fe_.diags;
}

} // namespace vagga::app
