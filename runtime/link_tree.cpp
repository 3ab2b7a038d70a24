#include "runtime/link_tree.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace vagga::runtime {

namespace {

// Mode, owner and (Exact) times of the directory `dst` from `st`; times go
// last, when its entries are all made.
Status dir_attributes(int dst, const struct stat& st, LinkMode mode, const std::string& shown) {
    // mkdirat applied the umask: the mode is set again, exactly.
    if (auto e = sys::fchmod(dst, st.st_mode & 07777, shown)) {
        return e;
    }
    return mode == LinkMode::Exact ? set_attributes(dst, st, shown) : std::nullopt;
}

// One directory level; `shown` names it in errors. Deep trees (the
// original's tests use 400 levels) cost one open fd per level.
Status link_dir(int src, int dst, LinkMode mode, const std::string& shown) {
    auto names = sys::list_dir(src, shown);
    if (!names.ok()) {
        return names.error;
    }
    for (const auto& name : names.value) {
        std::string path = shown + "/" + name;
        struct stat st {};
        if (auto e = sys::lstat_at(src, name, &st, path)) {
            return e;
        }
        if (S_ISDIR(st.st_mode)) {
            if (auto e = sys::mkdirat(dst, name, st.st_mode & 07777, path)) {
                return e;
            }
            if (auto e = sys::chown_at(dst, name, st.st_uid, st.st_gid, path)) {
                return e;
            }
            auto s = sys::openat(src, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
            auto d = sys::openat(dst, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
            if (!s.ok() || !d.ok()) {
                return s.ok() ? d.error : s.error;
            }
            if (auto e = link_dir(s.value.get(), d.value.get(), mode, path)) {
                return e;
            }
            if (auto e = dir_attributes(d.value.get(), st, mode, path)) {
                return e;
            }
        } else if (S_ISREG(st.st_mode) || mode == LinkMode::Exact) {
            if (auto e = sys::link_at(src, name, dst, path)) {
                return e;
            }
        } else if (S_ISLNK(st.st_mode)) {
            auto target = sys::read_link_at(src, name, path);
            if (!target.ok()) {
                return target.error;
            }
            if (auto e = sys::symlinkat(target.value, dst, name, path)) {
                return e;
            }
            if (auto e = sys::chown_at(dst, name, st.st_uid, st.st_gid, path)) {
                return e;
            }
        }
        // Transient: devices, fifos and sockets have no place in an image.
    }
    return std::nullopt;
}

} // namespace

Status set_attributes(int fd, const struct stat& st, const std::string& shown) {
    if (auto e = sys::fchmod(fd, st.st_mode & 07777, shown)) {
        return e;
    }
    if (auto e = sys::fchown(fd, st.st_uid, st.st_gid, shown)) {
        return e;
    }
    const struct timespec times[2] = {st.st_atim, st.st_mtim};
    if (::futimens(fd, times) != 0) {
        return make_error(errno, "utimens", shown);
    }
    return std::nullopt;
}

Status link_tree(const std::string& source, const std::string& target, LinkMode mode) {
    auto src = sys::open(source, O_RDONLY | O_DIRECTORY);
    if (!src.ok()) {
        return src.error;
    }
    struct stat st {};
    if (auto e = sys::fstat(src.value.get(), &st, source)) {
        return e;
    }
    if (auto e = sys::mkdir_p(target, st.st_mode & 07777)) {
        return e;
    }
    auto dst = sys::open(target, O_RDONLY | O_DIRECTORY);
    if (!dst.ok()) {
        return dst.error;
    }
    if (auto e = link_dir(src.value.get(), dst.value.get(), mode, source)) {
        return e;
    }
    return dir_attributes(dst.value.get(), st, mode, target);
}

} // namespace vagga::runtime
