#include "runtime/build/copy.h"

#include "compat/path_filter.h"
#include "runtime/build/root_fs.h"
#include "runtime/host_path.h"

#include <fcntl.h>
#include <sys/mount.h>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <unordered_set>

namespace vagga::runtime::build {
namespace {

struct CopyOptions {
    bool keep_owner = false; // else uid/gid below
    uid_t uid = 0;
    gid_t gid = 0;
    bool keep_mode = false; // else from umask
    mode_t umask = 0002;
    bool keep_times = false; // else atime = mtime = 1
};

// A directory whose times are set once its contents are complete.
struct DirTimes {
    std::string path; // inside the root
    struct timespec atime;
    struct timespec mtime;
};

struct Copier {
    int root_fd;
    CopyOptions opts;
    std::vector<DirTimes> dir_times;
    // nullptr: everything under the source; else the selected relative paths.
    const std::unordered_set<std::string>* selected = nullptr;
    // Names skipped at the top of the source (mount points of the build).
    std::vector<std::string> skip_top;

    mode_t mode_of(const struct stat& st) const {
        if (opts.keep_mode) {
            return st.st_mode & 07777;
        }
        bool exec = S_ISDIR(st.st_mode) || (st.st_mode & 0111) != 0;
        return (exec ? 0777 : 0666) & ~opts.umask;
    }

    // The owner change: an explicit owner must work; a kept owner the
    // namespace cannot map (shown as the overflow id) is left as it is.
    Status owner(int dir, const std::string& name, const struct stat& st,
                 const std::string& shown) const {
        Status e = opts.keep_owner ? sys::chown_at(dir, name, st.st_uid, st.st_gid, shown)
                                   : sys::chown_at(dir, name, opts.uid, opts.gid, shown);
        return opts.keep_owner ? std::nullopt : e;
    }

    std::pair<timespec, timespec> times_of(const struct stat& st) const {
        if (opts.keep_times) {
            return {st.st_atim, st.st_mtim};
        }
        return {timespec{1, 0}, timespec{1, 0}};
    }

    // Copies the source entry `src_name` in the directory `src_dir`
    // (lstat'ed as `st`; an empty name is `src_dir` itself, an O_PATH fd)
    // to `name` in `dst` (`shown` is its path in the image). A directory is
    // created or reused and returned opened in *out. The source is reached
    // only through fds, never followed through a symlink.
    Status copy_one(int src_dir, const std::string& src_name, const struct stat& st, int dst,
                    const std::string& name, const std::string& shown, Fd* out) {
        struct stat old;
        bool exists = !sys::lstat_at(dst, name, &old, shown).has_value();
        if (exists && !(S_ISDIR(old.st_mode) && S_ISDIR(st.st_mode))) {
            if (auto e = remove_at(dst, name)) {
                return e;
            }
        }
        auto [atime, mtime] = times_of(st);
        if (S_ISDIR(st.st_mode)) {
            if (auto e = sys::mkdirat(dst, name, 0700, shown)) {
                return e;
            }
            auto fd = sys::openat(dst, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
            if (!fd.ok()) {
                return fd.error;
            }
            if (auto e = owner(dst, name, st, shown)) {
                return e;
            }
            if (auto e = sys::fchmod(fd.value.get(), mode_of(st), shown)) {
                return e;
            }
            dir_times.push_back({shown, atime, mtime});
            *out = std::move(fd.value);
            return std::nullopt;
        }
        if (S_ISREG(st.st_mode)) {
            auto from = src_name.empty() ? sys::open(sys::fd_path(src_dir), O_RDONLY)
                                         : sys::openat(src_dir, src_name, O_RDONLY | O_NOFOLLOW);
            if (!from.ok()) {
                return from.error;
            }
            auto to = sys::openat(dst, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
            if (!to.ok()) {
                to.error->detail = shown;
                return to.error;
            }
            if (auto e = sys::copy_data(from.value.get(), to.value.get(), shown)) {
                return e;
            }
            if (auto e = owner(dst, name, st, shown)) {
                return e;
            }
            // After the chown, which clears set-id bits.
            if (auto e = sys::fchmod(to.value.get(), mode_of(st), shown)) {
                return e;
            }
        } else if (S_ISLNK(st.st_mode)) {
            auto target = sys::read_link_at(src_dir, src_name, shown);
            if (!target.ok()) {
                return target.error;
            }
            if (auto e = sys::symlinkat(target.value, dst, name, shown)) {
                return e;
            }
            if (auto e = owner(dst, name, st, shown)) {
                return e;
            }
        } else {
            return std::nullopt; // devices, fifos and sockets are skipped
        }
        return sys::set_times_at(dst, name, atime, mtime, shown);
    }

    // Copies the contents of the source directory `src` (an fd) into `dst`.
    Status copy_children(int src, const std::string& rel, int dst, const std::string& shown) {
        auto names = sys::list_dir(src, shown);
        if (!names.ok()) {
            return names.error;
        }
        for (const auto& n : names.value) {
            std::string r = rel.empty() ? n : rel + "/" + n;
            if (selected != nullptr && selected->count(r) == 0) {
                continue;
            }
            if (rel.empty() && std::find(skip_top.begin(), skip_top.end(), n) != skip_top.end()) {
                continue;
            }
            std::string d = shown == "/" ? "/" + n : shown + "/" + n;
            struct stat st;
            if (auto e = sys::lstat_at(src, n, &st, d)) {
                return e;
            }
            Fd sub;
            if (auto e = copy_one(src, n, st, dst, n, d, &sub)) {
                return e;
            }
            if (sub.valid()) {
                auto from = sys::openat(src, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
                if (!from.ok()) {
                    return from.error;
                }
                if (auto e = copy_children(from.value.get(), r, sub.get(), d)) {
                    return e;
                }
            }
        }
        return std::nullopt;
    }

    // Directory times last, deepest first: adding entries changed them.
    Status finish_times() {
        for (auto it = dir_times.rbegin(); it != dir_times.rend(); ++it) {
            auto [parent, name] = split_parent(it->path);
            if (name.empty()) {
                continue;
            }
            auto dir = sys::open_in_root(root_fd, parent, O_PATH | O_DIRECTORY);
            if (!dir.ok()) {
                return dir.error;
            }
            if (auto e = sys::set_times_at(dir.value.get(), name, it->atime, it->mtime, it->path)) {
                return e;
            }
        }
        return std::nullopt;
    }

    // Copies `src` (an O_PATH fd of a file or tree, already resolved
    // beneath its root) to `path` in the image; the parents of `path` are
    // created (0755) when missing.
    Status copy_path(int src, const std::string& path) {
        struct stat st;
        if (auto e = sys::fstat(src, &st, path)) {
            return e;
        }
        auto [parent, name] = split_parent(path);
        Fd top;
        if (name.empty()) {
            auto fd = sys::open_in_root(root_fd, "/", O_RDONLY | O_DIRECTORY);
            if (!fd.ok()) {
                return fd.error;
            }
            top = std::move(fd.value);
        } else {
            auto dir = ensure_dir(root_fd, parent, 0755);
            if (!dir.ok()) {
                return dir.error;
            }
            if (auto e = copy_one(src, "", st, dir.value.get(), name, path, &top)) {
                return e;
            }
        }
        if (top.valid() && S_ISDIR(st.st_mode)) {
            auto from = sys::open(sys::fd_path(src), O_RDONLY | O_DIRECTORY);
            if (!from.ok()) {
                return from.error;
            }
            if (auto e = copy_children(from.value.get(), "", top.get(), path)) {
                return e;
            }
        }
        return finish_times();
    }
};

// The relative paths under `root` the filter selects, with their
// ancestors: the walk of the version hash (compiler/hash/tree.cpp
// select_paths), on the real filesystem.
Status select_paths(int dir_fd, const std::string& rel, const compat::PathFilter& filter,
                    std::unordered_set<std::string>* out) {
    const std::string host_dir = rel.empty() ? "." : rel;
    auto names = sys::list_dir(dir_fd, host_dir);
    if (!names.ok()) {
        return names.error;
    }
    for (const auto& n : names.value) {
        std::string r = rel.empty() ? n : rel + "/" + n;
        struct stat st;
        if (auto e = sys::lstat_at(dir_fd, n, &st, host_dir + "/" + n)) {
            return e;
        }
        bool is_dir = S_ISDIR(st.st_mode);
        auto descend = [&]() -> Status {
            auto sub = sys::openat(dir_fd, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
            if (!sub.ok()) {
                return sub.error;
            }
            return select_paths(sub.value.get(), r, filter, out);
        };
        switch (filter.action(r, is_dir)) {
        case compat::WalkAction::Select: {
            std::string p = r;
            while (!p.empty() && out->insert(p).second) {
                size_t slash = p.rfind('/');
                p = slash == std::string::npos ? std::string() : p.substr(0, slash);
            }
            if (is_dir) {
                if (auto e = descend()) {
                    return e;
                }
            }
            break;
        }
        case compat::WalkAction::SkipButDescend:
            if (is_dir) {
                if (auto e = descend()) {
                    return e;
                }
            }
            break;
        case compat::WalkAction::Drop:
            break;
        }
    }
    return std::nullopt;
}

Status with_span(Status e, source::Span span) {
    if (e && !e->span.valid()) {
        e->span = span;
    }
    return e;
}

} // namespace

Status copy_files(StepContext& ctx, const plan::BuildCopy& op) {
    std::string error;
    auto filter = op.filter.glob ? compat::PathFilter::glob(op.filter.rules, error)
                                 : compat::PathFilter::regex(op.filter.ignore_regex,
                                                             op.filter.include_regex, error);
    if (!filter) {
        return with_span(make_error(0, "bad path filter:", error), op.span);
    }
    auto root = open_root(ctx.root);
    if (!root.ok()) {
        return root.error;
    }
    Copier c{root.value.get(), {}, {}, nullptr, {}};
    c.opts.uid = op.owner_uid.value_or(0);
    c.opts.gid = op.owner_gid.value_or(0);
    c.opts.keep_mode = op.preserve_permissions;
    c.opts.umask = static_cast<mode_t>(op.umask);
    c.opts.keep_times = op.preserve_times;
    // Resolved once, beneath the project (or in the image), and walked
    // from that fd: `..`, a symlink to elsewhere or a folder swapped for
    // one during the copy cannot bring in a file from outside.
    auto src = open_host_path(op.host_source, op.source_root, op.resolve, O_PATH);
    if (!src.ok()) {
        return with_span(src.error, op.span);
    }
    std::unordered_set<std::string> selected;
    struct stat st;
    if (auto e = sys::fstat(src.value.get(), &st, op.host_source)) {
        return with_span(e, op.span);
    }
    if (S_ISDIR(st.st_mode)) {
        auto dir = sys::open(sys::fd_path(src.value.get()), O_RDONLY | O_DIRECTORY);
        if (!dir.ok()) {
            return with_span(dir.error, op.span);
        }
        if (auto e = select_paths(dir.value.get(), "", *filter, &selected)) {
            return with_span(e, op.span);
        }
        c.selected = &selected;
    }
    return with_span(c.copy_path(src.value.get(), op.path), op.span);
}

Status copy_root(StepContext& ctx, const plan::BuildCopyRoot& op) {
    auto root = open_root(ctx.root);
    if (!root.ok()) {
        return root.error;
    }
    Copier c{root.value.get(), {true, 0, 0, true, 0, true}, {}, nullptr, {}};
    // The build's mount points: what the copied image has there is empty
    // anyway, and copying into them would write to the host's /dev or /sys.
    c.skip_top = {"dev", "proc", "sys", "run", "work"};
    // A version in our own storage, named by vagga.
    auto src = sys::open(op.host_root, O_PATH | O_DIRECTORY);
    if (!src.ok()) {
        return with_span(src.error, op.span);
    }
    return with_span(c.copy_path(src.value.get(), "/"), op.span);
}

Status copy_tree(const std::string& from, const std::string& to) {
    auto dst = sys::open(to, O_PATH | O_DIRECTORY);
    if (!dst.ok()) {
        return dst.error;
    }
    auto src = sys::open(from, O_PATH | O_DIRECTORY);
    if (!src.ok()) {
        return src.error;
    }
    Copier c{dst.value.get(), {true, 0, 0, true, 0, true}, {}, nullptr, {}};
    return c.copy_path(src.value.get(), "/");
}

Status from_container(StepContext& ctx, const plan::BuildFromContainer& op) {
    auto root = open_root(ctx.root);
    if (!root.ok()) {
        return root.error;
    }
    // `source` is a path in the other container: resolved in its root, as
    // inside that container (its absolute symlinks stay in it).
    auto src = open_host_path(op.host_source, op.source_root,
                              op.source_root.empty() ? plan::Resolve::AsIs : plan::Resolve::InRoot,
                              O_PATH);
    if (!src.ok()) {
        return with_span(src.error, op.span);
    }
    if (!op.temporary_mount) {
        Copier c{root.value.get(), {true, 0, 0, true, 0, true}, {}, nullptr, {}};
        return with_span(c.copy_path(src.value.get(), op.path), op.span);
    }
    struct stat st;
    if (auto e = sys::fstat(src.value.get(), &st, op.host_source)) {
        return with_span(e, op.span);
    }
    Fd target;
    if (S_ISDIR(st.st_mode)) {
        auto dir = ensure_dir(root.value.get(), op.path, 0755);
        if (!dir.ok()) {
            return with_span(dir.error, op.span);
        }
        target = std::move(dir.value);
    } else {
        auto [parent, name] = split_parent(op.path);
        auto dir = ensure_dir(root.value.get(), parent, 0755);
        if (!dir.ok()) {
            return with_span(dir.error, op.span);
        }
        auto f = sys::openat(dir.value.get(), name, O_RDONLY | O_CREAT | O_NOFOLLOW, 0644);
        if (!f.ok()) {
            return with_span(f.error, op.span);
        }
        target = std::move(f.value);
    }
    // The resolved host path, for the remount and the unmount at finish.
    auto real = sys::read_link_at(AT_FDCWD, sys::fd_path(target.get()), op.path);
    if (!real.ok()) {
        return with_span(real.error, op.span);
    }
    if (auto e = sys::mount(sys::fd_path(src.value.get()), sys::fd_path(target.get()), nullptr,
                            MS_BIND | MS_REC, "", op.path)) {
        return with_span(e, op.span);
    }
    ctx.mounts.push_back({real.value, "", true, true});
    return with_span(sys::remount_read_only(real.value, op.path), op.span);
}

} // namespace vagga::runtime::build
