#include "app/versions.h"

namespace vagga::app {

hash::Env version_env(project::Frontend& fe, const project::Project& project, const Files& files) {
    hash::Env env;
    env.project_root = project.root.string();
    if (project.settings.storage_dir &&
        files.kind(project.root / ".vagga" / ".lnk") == Files::Kind::Symlink)
        env.vagga_base = (project.root / ".vagga" / ".lnk").string();
    env.load_subconfig = config_loader(fe);
    return env;
}

ConfigLoader config_loader(project::Frontend& fe) {
    return [&fe](const std::string& dir, const std::string& file,
                 std::string& error) -> std::optional<ir::Config> {
        size_t before = fe.diags.size();
        ir::Config c = project::load_config_file(fe, dir, file);
        // Its first error says what is wrong (the rest stay in fe.diags).
        for (size_t i = before; i < fe.diags.size(); ++i) {
            if (fe.diags.list()[i].severity == diag::Severity::Error) {
                error = fe.diags.list()[i].message;
                return std::nullopt;
            }
        }
        return c;
    };
}

Versioner project_versioner(project::Frontend& fe, const project::Project& project,
                            const Files& files) {
    return [&fe, &project, &files](const std::string& container) {
        return hash::version_hash(project.config, container, version_env(fe, project, files));
    };
}

std::function<std::optional<std::string>(const std::string&, const std::optional<std::string>&,
                                         std::string&)>
project_describer(const project::Project& project) {
    return [root = project.root.string()](const std::string& repo,
                                          const std::optional<std::string>& pattern,
                                          std::string& error) -> std::optional<std::string> {
        hash::Env env;
        env.project_root = root;
        std::string out;
        hash::Outcome o = hash::git_describe(env, repo, pattern, out);
        if (!o.is_ok()) {
            error = o.message;
            return std::nullopt;
        }
        return out;
    };
}

} // namespace vagga::app
