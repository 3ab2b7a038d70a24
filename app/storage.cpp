#include "app/storage.h"

#include <fmt/format.h>

namespace vagga::app {

std::string Storage::build_dir(const project::Settings& settings, const std::string& name,
                               const std::string& version) {
    if (settings.versioned_build_dir && !version.empty())
        return ".tmp." + name + "." + version.substr(0, 8);
    return ".tmp." + name;
}

std::optional<std::string> container_root(const Files& files, const Storage& st,
                                          const std::string& name) {
    auto target = files.canonical(st.link(name));
    if (!target || !files.is_dir(*target))
        return std::nullopt;
    auto roots_dir = files.canonical(st.roots());
    if (!roots_dir || target->filename() != "root" ||
        target->parent_path().parent_path() != *roots_dir ||
        target->parent_path().filename().string().rfind(name + ".", 0) != 0)
        return std::nullopt;
    return target->string();
}

std::optional<Path> linked_version(const Files& files, const Storage& st, const std::string& name) {
    auto t = files.read_link(st.link(name));
    if (!t || t->filename() != "root")
        return std::nullopt;
    return st.roots() / t->parent_path().filename();
}

Status point_link(Files& files, const Storage& st, const std::string& name,
                  const std::string& version_dir) {
    Path link = st.link(name);
    std::string target = st.link_target(version_dir);
    if (files.kind(link) == Files::Kind::Symlink && files.read_link(link) == Path(target))
        return std::nullopt;
    // Rust's with_extension("tmp"), as the original's.
    Path tmp = link;
    tmp.replace_extension("tmp");
    (void)files.make_dirs(link.parent_path());
    (void)files.remove_file(tmp);
    auto e = files.symlink(target, tmp);
    if (!e)
        e = files.rename(tmp, link);
    if (e)
        return failed(
            fmt::format("Can't point {} at {}: {}", link.string(), target, reason(e->err)));
    return std::nullopt;
}

Status refuse_symlinked_storage(const Files& files, const Storage& st) {
    std::vector<Path> dirs{st.project / ".vagga"};
    for (const char* sub : {".roots", ".volumes", ".transient", ".cache"})
        dirs.push_back(st.base / sub);
    for (const auto& d : dirs)
        if (files.kind(d) == Files::Kind::Symlink)
            return failed(fmt::format(
                "The `\"{0}\"` dir can't be a symlink. Please run `unlink \"{0}\"`", d.string()));
    return std::nullopt;
}

std::optional<Storage> open_storage(Files& files, const Path& project,
                                    const project::Settings& settings, Error* error) {
    auto checked = [&](Storage st) -> std::optional<Storage> {
        if (auto e = refuse_symlinked_storage(files, st)) {
            *error = *e;
            return std::nullopt;
        }
        return st;
    };
    Storage st;
    st.project = project;
    st.base = project / ".vagga";
    if (!settings.storage_dir)
        return checked(st);
    if (auto e = refuse_symlinked_storage(files, st)) {
        *error = *e;
        return std::nullopt;
    }
    const Path dir(*settings.storage_dir);
    const Path lnk = project / ".vagga" / ".lnk";
    st.linked = true;
    if (files.kind(lnk) == Files::Kind::Symlink) {
        Path target = files.read_link(lnk).value_or(Path());
        if (!files.exists(target)) {
            *error = failed(fmt::format(
                "Your .vagga/.lnk points to a non-existent directory \"{}\". Presumably you "
                "deleted the directory, fix the link or remove `.vagga/.lnk` (or `.vagga`)",
                target.string()));
            return std::nullopt;
        }
        if (target.parent_path() != dir) {
            *error = failed(fmt::format(
                "Your .vagga/.lnk points to \"{}\", which is not inside the storage-dir \"{}\": "
                "run `ln -sfn {}/{} .vagga/.lnk` or remove `.vagga`",
                target.string(), dir.string(), dir.string(), target.filename().string()));
            return std::nullopt;
        }
        st.base = target;
        return checked(st);
    }
    // The first free name: the project's folder name, then name-1 .. name-100.
    const std::string name = project.filename().string();
    for (int i = 0; i <= 100; ++i) {
        Path sub = dir / (i == 0 ? name : fmt::format("{}-{}", name, i));
        if (files.kind(sub) != Files::Kind::Missing)
            continue;
        auto e = files.make_dirs(sub);
        if (!e)
            e = files.make_dirs(project / ".vagga");
        if (!e)
            e = files.symlink(sub, lnk);
        if (!e)
            e = files.symlink(project, sub / ".lnk");
        if (e) {
            *error = failed(
                fmt::format("Can't create the storage link {}: {}", lnk.string(), reason(e->err)));
            return std::nullopt;
        }
        st.base = sub;
        return checked(st);
    }
    *error = failed(fmt::format("Too many similar paths named {} in {}", name, dir.string()));
    return std::nullopt;
}

} // namespace vagga::app
