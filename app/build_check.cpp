#include "app/build_check.h"

#include "compiler/export/production_lints.h"

#include "app/versions.h"
#include "compiler/lower/build.h"
#include "runtime/sys.h"

#include <fcntl.h>

#include <set>
#include <utility>
#include <vector>

namespace vagga::app {

std::function<std::optional<std::string>(const std::string& rel, std::string& error)>
project_file_reader(const std::string& project_root) {
    return [root = project_root](const std::string& rel,
                                 std::string& error) -> std::optional<std::string> {
        auto dir = runtime::sys::open(root, O_PATH | O_DIRECTORY);
        if (!dir.ok()) {
            error = dir.error->message();
            return std::nullopt;
        }
        auto fd = runtime::sys::open_in_root(dir.value.get(), rel, O_RDONLY);
        if (!fd.ok()) {
            error = fd.error->message();
            return std::nullopt;
        }
        auto text = runtime::sys::read_all(fd.value.get(), 16 << 20);
        if (!text.ok()) {
            error = text.error->message();
            return std::nullopt;
        }
        return text.value;
    };
}

void check_builds(const project::Project& project, project::Frontend& fe, diag::Diagnostics& out) {
    lower::BuildInput in;
    in.config = &project.config;
    in.settings = &project.settings;
    in.project_root = project.root.string();
    // Where nothing is written: lowering only names these paths.
    in.root_dir = in.project_root + "/.vagga/.roots/.check/root";
    in.cache_dir = in.project_root + "/.vagga/.cache";
    in.container_root = [base = in.project_root](const std::string& c) {
        return std::optional<std::string>(base + "/.vagga/.roots/" + c + "/root");
    };
    in.read_project_file = project_file_reader(in.project_root);
    in.load_config = config_loader(fe);
    // Only named in the plan: a host whose apt names no mirror is the
    // build's to report, not a problem of the config.
    in.debian_mirror = "(the host's mirror)";
    // A sub-config several containers read is reported once.
    std::set<std::pair<std::string, std::string>> seen;
    auto report = [&](diag::Diagnostic& x) {
        auto where = std::to_string(x.span.file) + ":" + std::to_string(x.span.begin);
        if (seen.insert({where, x.message}).second)
            out.add(std::move(x));
    };
    for (const auto& [name, container] : project.config.containers) {
        // The loader reports a sub-config's own problems to fe.diags
        // (perhaps `out`): taken back, so that the unreadable ones (a
        // container not built yet) can be left out.
        const size_t before = fe.diags.size();
        diag::Diagnostics d;
        (void)lower::lower_build(in, name.text, d);
        std::vector<diag::Diagnostic> loaded(fe.diags.list().begin() + before,
                                             fe.diags.list().end());
        fe.diags.list().resize(before);
        for (auto& x : loaded)
            if (x.code != diag::Code::IoError)
                report(x);
        for (auto& x : d.list()) {
            bool settled = x.code == diag::Code::UnsupportedStep || x.code == diag::Code::BadValue;
            if (x.severity == diag::Severity::Error && settled)
                report(x);
        }
    }
}

void check_production(const project::Project& project, diag::Diagnostics& out) {
    lower::LaunchInput in;
    in.config = &project.config;
    in.project_root = project.root.string();
    // Only the plan's argv, environment and work dir are read: no container
    // needs to exist, and nothing of the host's goes in.
    in.container_root = [](const std::string& name) -> std::optional<std::string> {
        return "/nonexistent/" + name;
    };
    in.read_file = [](const std::string&) -> std::optional<std::string> { return std::string(); };
    exporter::lint_production(in, out);
}

} // namespace vagga::app
