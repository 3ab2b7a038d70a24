#include "cli/storage.h"

#include <fmt/format.h>

#include <system_error>

namespace vagga::cli {

namespace fs = std::filesystem;

std::optional<std::string> Storage::container_root(const std::string& name) const {
    std::error_code ec;
    auto target = fs::canonical(link(name), ec);
    if (ec || !fs::is_directory(target, ec))
        return std::nullopt;
    // `.vagga/NAME` comes with the project: only a link to one of our own
    // versions, `<roots>/NAME.HASH8/root`, is a container root.
    auto roots_dir = fs::canonical(roots(), ec);
    if (ec || target.filename() != "root" || target.parent_path().parent_path() != roots_dir ||
        target.parent_path().filename().string().rfind(name + ".", 0) != 0)
        return std::nullopt;
    return target.string();
}

std::optional<std::string> refuse_symlinked_storage(const Storage& st) {
    std::vector<fs::path> dirs{st.project / ".vagga"};
    for (const char* sub : {".roots", ".volumes", ".transient", ".cache"})
        dirs.push_back(st.base / sub);
    for (const auto& d : dirs) {
        std::error_code ec;
        if (fs::is_symlink(d, ec))
            return fmt::format("The `\"{0}\"` dir can't be a symlink. Please run `unlink \"{0}\"`",
                               d.string());
    }
    return std::nullopt;
}

std::optional<Storage> open_storage(const fs::path& project, const project::Settings& settings,
                                    std::string* error) {
    auto checked = [&](Storage st) -> std::optional<Storage> {
        if (auto e = refuse_symlinked_storage(st)) {
            *error = *e;
            return std::nullopt;
        }
        return st;
    };
    Storage st;
    st.project = project;
    st.base = project / ".vagga";
    if (auto e = refuse_symlinked_storage(st)) {
        *error = *e;
        return std::nullopt;
    }
    if (!settings.storage_dir)
        return st;
    std::error_code ec;
    const fs::path dir(*settings.storage_dir);
    const fs::path lnk = project / ".vagga" / ".lnk";
    st.linked = true;
    if (fs::is_symlink(lnk, ec)) {
        fs::path target = fs::read_symlink(lnk, ec);
        if (!fs::exists(target, ec)) {
            *error = fmt::format("Your .vagga/.lnk points to a non-existent directory \"{}\". "
                                 "Presumably you deleted the directory, fix the link or remove "
                                 "`.vagga/.lnk` (or `.vagga`)",
                                 target.string());
            return std::nullopt;
        }
        if (target.parent_path() != dir) {
            *error = fmt::format("Your .vagga/.lnk points to \"{}\", which is not inside the "
                                 "storage-dir \"{}\": run `ln -sfn {}/{} .vagga/.lnk` or remove "
                                 "`.vagga`",
                                 target.string(), dir.string(), dir.string(),
                                 target.filename().string());
            return std::nullopt;
        }
        st.base = target;
        return checked(st);
    }
    // The first free name: the project's folder name, then name-1 .. name-100.
    const std::string name = project.filename().string();
    for (int i = 0; i <= 100; ++i) {
        fs::path sub = dir / (i == 0 ? name : fmt::format("{}-{}", name, i));
        if (fs::exists(sub, ec) || fs::is_symlink(sub, ec))
            continue;
        fs::create_directories(sub, ec);
        fs::create_directories(project / ".vagga", ec);
        if (!ec)
            fs::create_directory_symlink(sub, lnk, ec);
        if (!ec)
            fs::create_directory_symlink(project, sub / ".lnk", ec);
        if (ec) {
            *error =
                fmt::format("Can't create the storage link {}: {}", lnk.string(), ec.message());
            return std::nullopt;
        }
        st.base = sub;
        return checked(st);
    }
    *error = fmt::format("Too many similar paths named {} in {}", name, dir.string());
    return std::nullopt;
}

} // namespace vagga::cli
