#include "compiler/hash/version_hash.h"

#include "compiler/hash/version.h"

#include <cerrno>
#include <filesystem>
#include <unistd.h>

namespace vagga::hash {

namespace {

bool write_fd3(const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(3, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        done += static_cast<size_t>(n);
    }
    return true;
}

} // namespace

Env project_env(project::Frontend& fe, const project::Project& project) {
    Env env;
    env.project_root = project.root.string();
    // With `storage-dir`, /vagga/base is the directory `.vagga/.lnk` points
    // to (runtime.md §5.1); containers are looked up there.
    std::error_code ec;
    if (project.settings.storage_dir &&
        std::filesystem::is_symlink(project.root / ".vagga" / ".lnk", ec)) {
        env.vagga_base = (project.root / ".vagga" / ".lnk").string();
    }
    env.load_subconfig = [&fe](const std::string& dir, const std::string& file,
                               std::string& error) -> std::optional<ir::Config> {
        size_t before = fe.diags.error_count();
        ir::Config c = project::load_config_file(fe, dir, file);
        if (fe.diags.error_count() > before) {
            error = "the config has errors";
            return std::nullopt;
        }
        return c;
    };
    return env;
}

int run_version_hash_command(project::Frontend& fe, const project::Project& project,
                             const std::string& container, const VersionHashOptions& options,
                             std::ostream& out, std::ostream& err) {
    if (project.config.containers.count(ir::Str(container)) == 0) {
        err << "Container \"" << container << "\" not found\n";
        return 121;
    }
    Env env = project_env(fe, project);
    env.digest.trace = options.debug_versioning;
    env.digest.dump = options.dump_version_data;
    Result r = version_hash(project.config, container, env);
    if (options.debug_versioning) {
        out << r.trace;
    }
    if (options.dump_version_data) {
        out << r.dump;
    }
    switch (r.kind) {
    case Result::Kind::Ok: {
        std::string line = (options.short_hash ? r.short_hash() : r.hash) + "\n";
        if (options.fd3) {
            if (!write_fd3(line)) {
                err << "Error writing the version to fd 3\n";
                return 1;
            }
        } else {
            out << line;
        }
        return 0;
    }
    case Result::Kind::NeedsBuild:
        return 29;
    case Result::Kind::Error:
        err << "Error versioning command " << (r.step.empty() ? container : r.step) << ": "
            << r.message << "\n";
        return 1;
    }
    return 1;
}

int run_version_hash_command(project::Frontend& fe, const project::Project& project,
                             const std::string& container, bool short_, bool fd3, bool debug,
                             std::ostream& out, std::ostream& err) {
    VersionHashOptions o;
    o.short_hash = short_;
    o.fd3 = fd3;
    o.debug_versioning = debug;
    return run_version_hash_command(fe, project, container, o, out, err);
}

} // namespace vagga::hash
