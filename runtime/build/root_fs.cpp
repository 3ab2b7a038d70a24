#include "runtime/build/root_fs.h"

#include <fcntl.h>
#include <sys/mount.h>

#include <cerrno>

namespace vagga::runtime::build {

std::pair<std::string, std::string> split_parent(const std::string& path) {
    std::string p = path;
    while (p.size() > 1 && p.back() == '/') {
        p.pop_back();
    }
    size_t slash = p.rfind('/');
    if (slash == std::string::npos) {
        return {"/", p};
    }
    std::string parent = slash == 0 ? "/" : p.substr(0, slash);
    return {parent, p.substr(slash + 1)};
}

Result<Fd> open_root(const std::string& root) {
    return sys::open(root, O_RDONLY | O_DIRECTORY);
}

Result<Fd> ensure_dir(int root_fd, const std::string& path, mode_t mode) {
    auto cur = sys::open_in_root(root_fd, "/", O_RDONLY | O_DIRECTORY);
    std::string prefix;
    size_t pos = 0;
    while (cur.ok() && pos < path.size()) {
        size_t next = path.find('/', pos);
        if (next == std::string::npos) {
            next = path.size();
        }
        std::string name = path.substr(pos, next - pos);
        pos = next + 1;
        if (name.empty() || name == ".") {
            continue;
        }
        prefix += "/" + name;
        if (auto e = sys::mkdirat(cur.value.get(), name, mode, prefix)) {
            return Result<Fd>{{}, e};
        }
        cur = sys::open_in_root(root_fd, prefix, O_RDONLY | O_DIRECTORY);
    }
    if (!cur.ok()) {
        cur.error->op = "mkdir";
    }
    return cur;
}

Result<std::string> bind_in_root(int root_fd, const std::string& path, const std::string& source) {
    auto dir = ensure_dir(root_fd, path, 0755);
    if (!dir.ok()) {
        return Result<std::string>{{}, dir.error};
    }
    // Mounted on the directory as resolved in the root, not on a path an
    // image's symlink could redirect.
    auto real = sys::read_link_at(AT_FDCWD, sys::fd_path(dir.value.get()), path);
    if (!real.ok()) {
        return real;
    }
    if (auto e = sys::mount(source, sys::fd_path(dir.value.get()), nullptr, MS_BIND, "", path)) {
        return Result<std::string>{{}, e};
    }
    return real;
}

Status remove_at(int dir_fd, const std::string& name) {
    // The tree is removed through /proc/self/fd/N/NAME: resolved in the
    // directory we hold, with the final component never followed.
    return sys::remove_tree(sys::fd_path(dir_fd) + "/" + name);
}

Status remove_path(int root_fd, const std::string& path) {
    auto [parent, name] = split_parent(path);
    if (name.empty() || name == "." || name == "..") {
        return make_error(0, "remove", path + ": not a removable path");
    }
    auto dir = sys::open_in_root(root_fd, parent, O_PATH | O_DIRECTORY);
    if (!dir.ok()) {
        return dir.error->err == ENOENT ? std::nullopt : dir.error;
    }
    if (auto e = remove_at(dir.value.get(), name)) {
        e->detail = path;
        return e;
    }
    return std::nullopt;
}

Status empty_dir(int root_fd, const std::string& path) {
    auto dir = sys::open_in_root(root_fd, path, O_RDONLY | O_DIRECTORY);
    if (!dir.ok()) {
        return dir.error->err == ENOENT ? std::nullopt : dir.error;
    }
    auto names = sys::list_dir(dir.value.get(), path);
    if (!names.ok()) {
        return names.error;
    }
    for (const auto& n : names.value) {
        if (auto e = remove_at(dir.value.get(), n)) {
            e->detail = path + "/" + n;
            return e;
        }
    }
    return std::nullopt;
}

} // namespace vagga::runtime::build
