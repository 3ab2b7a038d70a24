#include "runtime/mount_tree.h"

#include "runtime/host_path.h"

#include "runtime/link_tree.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>

namespace vagga::runtime {
namespace {

std::string octal(uint32_t mode) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04o", mode);
    return buf;
}

std::string parent_of(const std::string& path) {
    auto pos = path.find_last_of('/');
    if (pos == std::string::npos || pos == 0) {
        return "/";
    }
    return path.substr(0, pos);
}

std::string base_of(const std::string& path) {
    auto pos = path.find_last_of('/');
    return pos == std::string::npos ? path : path.substr(pos + 1);
}

std::vector<std::string> components(const std::string& path) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos < path.size()) {
        size_t next = path.find('/', pos);
        if (next == std::string::npos) {
            next = path.size();
        }
        if (next > pos) {
            out.push_back(path.substr(pos, next - pos));
        }
        pos = next + 1;
    }
    return out;
}

// Everything the ops share while the tree is being built.
class Builder {
  public:
    explicit Builder(const Host& host) : host_(host) {}

    Status operator()(const plan::Root& op) {
        if (!op.transient_copy.empty()) {
            // We are root of the container's user namespace here: the image's
            // files belong to mapped ids, so we may link and later remove them.
            if (auto e = sys::remove_tree(op.transient_copy)) {
                return e;
            }
            if (auto e = link_tree(op.source, op.transient_copy)) {
                return e;
            }
            plan::Root copy = op;
            copy.source = op.transient_copy;
            copy.transient_copy.clear();
            copy.writable = true;
            return (*this)(copy);
        }
        // Bind the image onto itself: pivot_root needs a mount point, and the
        // read-only flag must apply to this view only, not to the host.
        if (auto e = sys::mount(op.source, op.source, nullptr, MS_BIND | MS_REC, "",
                                "container root " + op.source)) {
            if (!sys::exists(op.source)) {
                e->hint = "the container root does not exist (is the container built?)";
            }
            return e;
        }
        if (!op.writable) {
            if (auto e = sys::remount_read_only(op.source, "container root " + op.source)) {
                e->hint = "the filesystem holding the container has flags this user "
                          "namespace cannot keep; put the project or storage-dir on a local "
                          "filesystem (ext4, xfs, btrfs, tmpfs)";
                return e;
            }
        }
        auto fd = sys::open(op.source, O_PATH | O_DIRECTORY);
        if (!fd.ok()) {
            return fd.error;
        }
        root_fd_ = std::move(fd.value);
        return std::nullopt;
    }

    Status operator()(const plan::MakeDir& op) {
        switch (op.base) {
        case plan::PathBase::Host: {
            if (!op.root.empty()) {
                // A cache or volume folder: created beneath its root, never
                // through a symlink, and owned as asked when new.
                bool created = false;
                auto fd = sys::mkdir_under(op.path, op.root, op.mode, &created);
                if (!fd.ok()) {
                    return fd.error;
                }
                if (created && (op.uid || op.gid)) {
                    return sys::fchown(fd.value.get(), op.uid.value_or(0), op.gid.value_or(0),
                                       op.path);
                }
                return std::nullopt;
            }
            bool existed = sys::exists(op.path);
            if (auto e =
                    op.parents ? sys::mkdir_p(op.path, op.mode) : mkdir_host(op.path, op.mode)) {
                return e;
            }
            if (!existed && (op.uid || op.gid)) {
                auto fd = sys::open(op.path, O_RDONLY | O_DIRECTORY);
                if (!fd.ok()) {
                    return fd.error;
                }
                return sys::fchown(fd.value.get(), op.uid.value_or(0), op.gid.value_or(0), op.path);
            }
            return std::nullopt;
        }
        case plan::PathBase::Container: {
            if (auto e = need_root()) {
                return e;
            }
            auto fd = ensure_dir(root_fd_.get(), op.path, op.mode, op.parents, op.path);
            if (!fd.ok()) {
                return fd.error;
            }
            if (op.uid || op.gid) {
                return sys::fchown(fd.value.get(), op.uid.value_or(0), op.gid.value_or(0), op.path);
            }
            return std::nullopt;
        }
        }
        return std::nullopt;
    }

    Status operator()(const plan::Bind& op) {
        // The source is resolved once, beneath its root, and mounted through
        // the fd: no `..` or symlink can swap in another folder afterwards.
        auto source = open_host_path(op.source, op.source_root, op.resolve, O_PATH);
        if (!source.ok()) {
            if (source.error->err == ENOENT) {
                source.error->hint = "the source of the bind mount does not exist";
            }
            return source.error;
        }
        struct stat st;
        if (auto e = sys::fstat(source.value.get(), &st, op.source)) {
            return e;
        }
        auto target = mount_point(op.target, !S_ISDIR(st.st_mode));
        if (!target.ok()) {
            return target.error;
        }
        unsigned long flags = MS_BIND;
        if (op.recursive) {
            flags |= MS_REC;
        }
        if (auto e = sys::mount(sys::fd_path(source.value.get()), sys::fd_path(target.value.get()),
                                nullptr, flags, "", op.source + " on " + op.target)) {
            return e;
        }
        if (op.read_only) {
            return read_only(op.target, op.recursive);
        }
        return std::nullopt;
    }

    Status operator()(const plan::Tmpfs& op) {
        auto target = mount_point(op.target, false);
        if (!target.ok()) {
            return target.error;
        }
        std::string data = "size=" + std::to_string(op.size) + ",mode=" + octal(op.mode);
        if (auto e = sys::mount("tmpfs", sys::fd_path(target.value.get()), "tmpfs",
                                MS_NOSUID | MS_NODEV, data, "tmpfs on " + op.target)) {
            return e;
        }
        auto top = sys::open_in_root(root_fd_.get(), op.target, O_PATH | O_DIRECTORY);
        if (!top.ok()) {
            return top.error;
        }
        for (const auto& d : op.subdirs) {
            auto fd = ensure_dir(top.value.get(), d.path, d.mode, true, op.target + "/" + d.path);
            if (!fd.ok()) {
                return fd.error;
            }
        }
        for (const auto& f : op.files) {
            std::string shown = op.target + "/" + f.path;
            if (parent_of("/" + f.path) != "/") {
                auto p = ensure_dir(top.value.get(), parent_of("/" + f.path), 0755, true, shown);
                if (!p.ok()) {
                    return p.error;
                }
            }
            if (auto e =
                    write_file(top.value.get(), f.path, f.contents.value_or(""), f.mode, shown)) {
                return e;
            }
        }
        if (op.read_only) {
            return read_only(op.target, false);
        }
        return std::nullopt;
    }

    Status operator()(const plan::Proc& op) {
        auto target = mount_point(op.target, false);
        if (!target.ok()) {
            return target.error;
        }
        return sys::mount("proc", sys::fd_path(target.value.get()), "proc",
                          MS_NOSUID | MS_NODEV | MS_NOEXEC, "", "proc on " + op.target);
    }

    Status operator()(const plan::Sysfs& op) {
        auto target = mount_point(op.target, false);
        if (!target.ok()) {
            return target.error;
        }
        // A fresh sysfs needs a network namespace owned by our user
        // namespace; the host's, bound read-only, works in every case.
        if (auto e = sys::mount("/sys", sys::fd_path(target.value.get()), nullptr, MS_BIND | MS_REC,
                                "", "/sys on " + op.target)) {
            return e;
        }
        return read_only(op.target, true);
    }

    Status operator()(const plan::Dev& op) {
        auto target = mount_point(op.target, false);
        if (!target.ok()) {
            return target.error;
        }
        if (auto e = sys::mount("tmpfs", sys::fd_path(target.value.get()), "tmpfs",
                                MS_NOSUID | MS_NOEXEC, "mode=0755", "tmpfs on " + op.target)) {
            return e;
        }
        auto dev = sys::open_in_root(root_fd_.get(), op.target, O_PATH | O_DIRECTORY);
        if (!dev.ok()) {
            return dev.error;
        }
        const int d = dev.value.get();
        static constexpr const char* nodes[] = {"null", "zero", "full", "random", "urandom", "tty"};
        for (const char* n : nodes) {
            std::string shown = op.target + "/" + n;
            auto f = sys::openat(d, n, O_WRONLY | O_CREAT | O_EXCL, 0666);
            if (!f.ok()) {
                f.error->detail = shown;
                return f.error;
            }
            if (auto e = sys::mount(std::string("/dev/") + n, sys::fd_path(f.value.get()), nullptr,
                                    MS_BIND, "", "/dev/" + std::string(n) + " on " + shown)) {
                return e;
            }
        }
        if (auto e = sys::mkdirat(d, "pts", 0755, op.target + "/pts")) {
            return e;
        }
        if (auto e = sys::mkdirat(d, "shm", 01777, op.target + "/shm")) {
            return e;
        }
        if (auto shm = sys::openat(d, "shm", O_RDONLY | O_DIRECTORY); shm.ok()) {
            if (auto e = sys::fchmod(shm.value.get(), 01777, op.target + "/shm")) {
                return e;
            }
        }
        auto pts = sys::openat(d, "pts", O_PATH | O_DIRECTORY);
        if (!pts.ok()) {
            return pts.error;
        }
        if (auto e = sys::mount("devpts", sys::fd_path(pts.value.get()), "devpts",
                                MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620",
                                "devpts on " + op.target + "/pts")) {
            return e;
        }
        static constexpr std::pair<const char*, const char*> links[] = {
            {"ptmx", "pts/ptmx"},          {"fd", "/proc/self/fd"},
            {"stdin", "/proc/self/fd/0"},  {"stdout", "/proc/self/fd/1"},
            {"stderr", "/proc/self/fd/2"},
        };
        for (const auto& [name, to] : links) {
            if (auto e = sys::symlinkat(to, d, name, op.target + "/" + name)) {
                return e;
            }
        }
        return std::nullopt;
    }

    Status operator()(const plan::WriteFile& op) {
        if (auto e = need_root()) {
            return e;
        }
        auto parent = ensure_dir(root_fd_.get(), parent_of(op.path), 0755, true, op.path);
        if (!parent.ok()) {
            return parent.error;
        }
        return write_file(parent.value.get(), base_of(op.path), op.contents, op.mode, op.path);
    }

    Status operator()(const plan::Symlink& op) {
        if (auto e = need_root()) {
            return e;
        }
        auto parent = ensure_dir(root_fd_.get(), parent_of(op.path), 0755, true, op.path);
        if (!parent.ok()) {
            return parent.error;
        }
        return sys::symlinkat(op.link_target, parent.value.get(), base_of(op.path), op.path);
    }

    Status operator()(const plan::HostFile& op) {
        if (auto e = need_root()) {
            return e;
        }
        std::string source;
        switch (op.kind) {
        case plan::HostFileKind::Hosts:
            source = host_.hosts_path;
            break;
        case plan::HostFileKind::ResolvConf:
            source = host_.resolv_conf_path;
            break;
        }
        auto target = sys::open_in_root(root_fd_.get(), op.target, O_PATH);
        if (!target.ok() && target.error->err == ENOENT) {
            // Follows a symlink at the target (e.g. /etc/resolv.conf ->
            // /state/resolv.conf) inside the root, as the original did.
            auto created =
                sys::open_in_root(root_fd_.get(), op.target, O_WRONLY | O_CREAT | O_NOCTTY, 0644);
            if (!created.ok()) {
                if (created.error->err == EROFS) {
                    created.error->hint = "the container root is read-only and has no " +
                                          op.target + "; create it in the image";
                }
                return created.error;
            }
            target = sys::open_in_root(root_fd_.get(), op.target, O_PATH);
        }
        if (!target.ok()) {
            return target.error;
        }
        if (auto e = sys::mount(source, sys::fd_path(target.value.get()), nullptr, MS_BIND, "",
                                source + " on " + op.target)) {
            return e;
        }
        return read_only(op.target, false);
    }

    Status operator()(const plan::InitVolume& op) {
        if (!is_single_name(op.name)) {
            return make_error(EINVAL, "!Persistent", "volume name `" + op.name + "`");
        }
        // The launcher holds the lock and checked for `name` under it.
        std::string ready = op.volumes_dir + "/" + op.name;
        std::string source = ready;
        if (!sys::exists(ready)) {
            source = op.volumes_dir + "/.tmp." + op.name;
            // As root of the namespace: files of a failed earlier attempt
            // may belong to subordinate ids the launcher cannot remove.
            if (auto e = sys::remove_tree(source)) {
                return e;
            }
            if (auto e = sys::mkdirat(AT_FDCWD, source, 0755, source)) {
                return e;
            }
            auto fd = sys::open(source, O_RDONLY | O_DIRECTORY);
            if (!fd.ok()) {
                return fd.error;
            }
            if (auto e = sys::fchown(fd.value.get(), op.owner_uid, op.owner_gid, source)) {
                return e;
            }
        }
        return (*this)(plan::Bind{source, op.volumes_dir, plan::Resolve::Beneath, op.target, false,
                                  true, op.span});
    }

    Status operator()(const plan::Snapshot& op) {
        auto target = mount_point(op.target, false);
        if (!target.ok()) {
            return target.error;
        }
        // Open the content to copy before the tmpfs hides it.
        auto src = op.source.empty()
                       ? sys::open_in_root(root_fd_.get(), op.target, O_RDONLY | O_DIRECTORY)
                       : open_host_path(op.source, op.source_root,
                                        op.source_root.empty() ? plan::Resolve::AsIs
                                                               : plan::Resolve::InRoot,
                                        O_RDONLY | O_DIRECTORY);
        if (!src.ok()) {
            return src.error;
        }
        struct stat st;
        if (auto e = sys::fstat(target.value.get(), &st, op.target)) {
            return e;
        }
        std::string data = "size=" + std::to_string(op.size) + ",mode=" + octal(st.st_mode & 07777);
        if (auto e = sys::mount("tmpfs", sys::fd_path(target.value.get()), "tmpfs",
                                MS_NOSUID | MS_NODEV, data, "snapshot tmpfs on " + op.target)) {
            return e;
        }
        auto top = sys::open_in_root(root_fd_.get(), op.target, O_RDONLY | O_DIRECTORY);
        if (!top.ok()) {
            return top.error;
        }
        if (auto e = sys::fchown(top.value.get(), op.owner_uid.value_or(st.st_uid),
                                 op.owner_gid.value_or(st.st_gid), op.target)) {
            return e;
        }
        return sys::copy_tree(src.value.get(), top.value.get(), op.owner_uid, op.owner_gid,
                              op.target);
    }

    // The top of the finished tree.
    Fd take_root() { return std::move(root_fd_); }

  private:
    Status need_root() const {
        if (!root_fd_.valid()) {
            Error e = make_error(0, "plan", "a filesystem op comes before the `root` op");
            return e;
        }
        return std::nullopt;
    }

    static bool is_dir(const std::string& path) {
        struct stat st;
        return sys::stat(path, &st) && S_ISDIR(st.st_mode);
    }

    static Status mkdir_host(const std::string& path, uint32_t mode) {
        return sys::mkdirat(AT_FDCWD, path, mode, path);
    }

    // The directory (or file) to mount on, resolved inside the root. A
    // missing mount point is created when the root lets us (the original
    // required the image to have it).
    Result<Fd> mount_point(const std::string& target, bool file) {
        if (auto e = need_root()) {
            return Result<Fd>{{}, e};
        }
        auto fd = sys::open_in_root(root_fd_.get(), target, O_PATH);
        if (fd.ok() || fd.error->err != ENOENT) {
            return fd;
        }
        if (file) {
            auto parent = ensure_dir(root_fd_.get(), parent_of(target), 0755, true, target);
            if (!parent.ok()) {
                return parent;
            }
            auto f = sys::openat(parent.value.get(), base_of(target), O_WRONLY | O_CREAT, 0644);
            if (!f.ok()) {
                f.error->detail = target;
                return f;
            }
            return sys::open_in_root(root_fd_.get(), target, O_PATH);
        }
        return ensure_dir(root_fd_.get(), target, 0755, true, target);
    }

    // Opens (O_PATH) the directory `path` under `base`, creating the missing
    // components with `mode`; resolution never leaves `base`.
    static Result<Fd> ensure_dir(int base, const std::string& path, uint32_t mode, bool parents,
                                 const std::string& shown) {
        auto parts = components(path);
        auto cur = sys::open_in_root(base, "/", O_PATH | O_DIRECTORY);
        for (size_t i = 0; i < parts.size() && cur.ok(); ++i) {
            auto next = sys::openat(cur.value.get(), parts[i], O_PATH | O_DIRECTORY);
            if (!next.ok() && next.error->err == ENOENT) {
                // Re-resolve inside the root: the component may be a symlink.
                std::string sofar;
                for (size_t k = 0; k <= i; ++k) {
                    sofar += "/" + parts[k];
                }
                next = sys::open_in_root(base, sofar, O_PATH | O_DIRECTORY);
                if (!next.ok() && next.error->err == ENOENT && (parents || i + 1 == parts.size())) {
                    bool last = i + 1 == parts.size();
                    uint32_t m = last ? mode : 0755;
                    if (auto e = sys::mkdirat(cur.value.get(), parts[i], m, shown)) {
                        if (e->err == EROFS) {
                            e->hint = "the container root is read-only; create " + shown +
                                      " in the image (e.g. with !EnsureDir)";
                        }
                        return Result<Fd>{{}, e};
                    }
                    auto made = sys::openat(cur.value.get(), parts[i], O_RDONLY | O_DIRECTORY);
                    if (!made.ok()) {
                        return made;
                    }
                    // mkdir is subject to the umask; the config's mode is exact.
                    if (auto e = sys::fchmod(made.value.get(), m, shown)) {
                        return Result<Fd>{{}, e};
                    }
                    next = sys::openat(cur.value.get(), parts[i], O_PATH | O_DIRECTORY);
                }
            } else if (!next.ok() && next.error->err == ENOTDIR) {
                std::string sofar;
                for (size_t k = 0; k <= i; ++k) {
                    sofar += "/" + parts[k];
                }
                next = sys::open_in_root(base, sofar, O_PATH | O_DIRECTORY);
            }
            if (!next.ok()) {
                next.error->detail = shown;
                return next;
            }
            cur = std::move(next);
        }
        return cur;
    }

    static Status write_file(int dir, const std::string& name, const std::string& contents,
                             uint32_t mode, const std::string& shown) {
        auto f = sys::open_in_root(dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY, mode);
        if (!f.ok()) {
            f.error->detail = shown;
            return f.error;
        }
        if (auto e = sys::write_all(f.value.get(), contents, shown)) {
            return e;
        }
        return sys::fchmod(f.value.get(), mode, shown);
    }

    // Read-only remount of what is now mounted at `target` (inside the root).
    Status read_only(const std::string& target, bool recursive) {
        auto fd = sys::open_in_root(root_fd_.get(), target, O_PATH);
        if (!fd.ok()) {
            return fd.error;
        }
        std::string p = sys::fd_path(fd.value.get());
        if (auto e = sys::remount_read_only(p, target)) {
            e->hint = "the source filesystem has flags this user namespace must keep; put it "
                      "on a local filesystem";
            return e;
        }
        if (recursive) {
            return sys::make_tree_read_only(p, target);
        }
        return std::nullopt;
    }

    const Host& host_;
    Fd root_fd_;
};

} // namespace

Result<Fd> build_mount_tree(const plan::Container& c, const Host& host) {
    Builder b(host);
    auto located = [](Error e, const source::Span& span) {
        if (!e.span.valid()) {
            e.span = span;
        }
        return Result<Fd>{{}, std::move(e)};
    };
    if (Status st = b(c.root)) {
        return located(*st, c.root.span);
    }
    for (const auto& m : c.mounts) {
        if (Status st = std::visit(b, m)) {
            return located(*st, std::visit([](const auto& o) { return o.span; }, m));
        }
    }
    return Result<Fd>{b.take_root(), std::nullopt};
}

} // namespace vagga::runtime
