// Files and folders (sys.h): make, stat, read, copy, remove, lock.
#include "runtime/sys.h"

#include "runtime/sys_internal.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace vagga::runtime::sys {

using namespace detail;

Status mkdirat(int dirfd, const std::string& name, mode_t mode, const std::string& shown) {
    if (::mkdirat(dirfd, name.c_str(), mode) < 0 && errno != EEXIST) {
        return fail("mkdir", shown);
    }
    return std::nullopt;
}

Status mkdir_p(const std::string& path, mode_t mode) {
    std::string cur;
    size_t pos = 0;
    while (pos <= path.size()) {
        size_t next = path.find('/', pos);
        if (next == std::string::npos) {
            next = path.size();
        }
        cur = path.substr(0, next);
        pos = next + 1;
        if (cur.empty()) {
            continue;
        }
        if (::mkdir(cur.c_str(), mode) < 0 && errno != EEXIST) {
            return fail("mkdir", cur);
        }
    }
    return std::nullopt;
}

Status fchmod(int fd, mode_t mode, const std::string& shown) {
    if (::fchmod(fd, mode) < 0) {
        return fail("chmod", shown);
    }
    return std::nullopt;
}

Status fchown(int fd, uid_t uid, gid_t gid, const std::string& shown) {
    // AT_EMPTY_PATH works on O_PATH descriptors too (plain fchown does not).
    if (::fchownat(fd, "", uid, gid, AT_EMPTY_PATH) < 0) {
        return fail("chown", shown);
    }
    return std::nullopt;
}

Status symlinkat(const std::string& target, int dirfd, const std::string& name,
                 const std::string& shown) {
    if (::symlinkat(target.c_str(), dirfd, name.c_str()) < 0) {
        return fail("symlink", shown);
    }
    return std::nullopt;
}

bool exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

bool stat(const std::string& path, struct stat* st) {
    return ::stat(path.c_str(), st) == 0;
}

bool lstat(const std::string& path, struct stat* st) {
    return ::lstat(path.c_str(), st) == 0;
}

Status fstat(int fd, struct stat* st, const std::string& shown) {
    if (::fstat(fd, st) < 0) {
        return fail("stat", shown);
    }
    return std::nullopt;
}

Status copy_tree(int src, int dst, const std::optional<uint32_t>& uid,
                 const std::optional<uint32_t>& gid, const std::string& shown) {
    const char* op = nullptr;
    DirStream dir = open_dir_stream(src, &op);
    if (!dir) {
        return fail(op, shown);
    }
    while (struct dirent* ent = ::readdir(dir.get())) {
        std::string name = ent->d_name;
        if (name == "." || name == "..") {
            continue;
        }
        std::string path = shown + "/" + name;
        struct stat st;
        if (::fstatat(src, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) < 0) {
            return fail("stat", path);
        }
        uid_t u = uid.value_or(st.st_uid);
        gid_t g = gid.value_or(st.st_gid);
        mode_t mode = st.st_mode & 07777;
        if (S_ISDIR(st.st_mode)) {
            if (::mkdirat(dst, name.c_str(), 0700) < 0) {
                return fail("mkdir", path);
            }
            Fd from(::openat(src, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
            Fd to(::openat(dst, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
            if (!from.valid() || !to.valid()) {
                return fail("open", path);
            }
            if (auto e = copy_tree(from.get(), to.get(), uid, gid, path)) {
                return e;
            }
            (void)::fchown(to.get(), u, g);
            if (::fchmod(to.get(), mode) < 0) {
                return fail("chmod", path);
            }
        } else if (S_ISREG(st.st_mode)) {
            Fd from(::openat(src, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
            if (!from.valid()) {
                return fail("open", path);
            }
            Fd to(::openat(dst, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
            if (!to.valid()) {
                return fail("create", path);
            }
            char buf[65536];
            while (true) {
                ssize_t n = ::read(from.get(), buf, sizeof buf);
                if (n < 0 && errno == EINTR) {
                    continue;
                }
                if (n < 0) {
                    return fail("read", path);
                }
                if (n == 0) {
                    break;
                }
                if (auto e = write_all(to.get(), std::string(buf, static_cast<size_t>(n)), path)) {
                    return e;
                }
            }
            (void)::fchown(to.get(), u, g);
            if (::fchmod(to.get(), mode) < 0) {
                return fail("chmod", path);
            }
        } else if (S_ISLNK(st.st_mode)) {
            std::string target(static_cast<size_t>(st.st_size) + 1, '\0');
            ssize_t n = ::readlinkat(src, name.c_str(), target.data(), target.size());
            if (n < 0) {
                return fail("readlink", path);
            }
            target.resize(static_cast<size_t>(n));
            if (::symlinkat(target.c_str(), dst, name.c_str()) < 0) {
                return fail("symlink", path);
            }
            (void)::fchownat(dst, name.c_str(), u, g, AT_SYMLINK_NOFOLLOW);
        }
        // Devices, fifos and sockets are skipped, as the original did.
    }
    return std::nullopt;
}

namespace {
// The mount an fd is on (statx STATX_MNT_ID); 0 when the kernel cannot say.
uint64_t mount_id(int fd) {
    struct statx sx;
    if (::statx(fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &sx) == 0 && (sx.stx_mask & STATX_MNT_ID)) {
        return sx.stx_mnt_id;
    }
    struct stat st;
    return ::fstat(fd, &st) == 0 ? st.st_dev : 0;
}

Status remove_children(int dir, const std::string& shown) {
    const char* op = nullptr;
    DirStream d = open_dir_stream(dir, &op);
    if (!d) {
        return fail(op, shown);
    }
    while (struct dirent* ent = ::readdir(d.get())) {
        std::string name = ent->d_name;
        if (name == "." || name == "..") {
            continue;
        }
        if (::unlinkat(dir, name.c_str(), 0) == 0) {
            continue;
        }
        if (errno != EISDIR && errno != EPERM) {
            return fail("unlink", shown + "/" + name);
        }
        Fd sub(::openat(dir, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!sub.valid()) {
            return fail("open", shown + "/" + name);
        }
        // Never through a mount point: a bind left mounted in a root being
        // removed (the project on /work, the host's /dev) is not ours.
        if (mount_id(sub.get()) != mount_id(dir)) {
            errno = EBUSY;
            Error e = make_error(EBUSY, "remove", shown + "/" + name);
            e.hint = "something is still mounted there; it was left alone";
            return e;
        }
        if (auto e = remove_children(sub.get(), shown + "/" + name)) {
            return e;
        }
        if (::unlinkat(dir, name.c_str(), AT_REMOVEDIR) < 0) {
            return fail("rmdir", shown + "/" + name);
        }
    }
    return std::nullopt;
}
} // namespace

Status remove_tree(const std::string& path) {
    Fd dir(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir.valid()) {
        if (errno == ENOENT) {
            return std::nullopt;
        }
        if (errno == ENOTDIR || errno == ELOOP) {
            if (::unlink(path.c_str()) < 0) {
                return fail("unlink", path);
            }
            return std::nullopt;
        }
        return fail("open", path);
    }
    if (auto e = remove_children(dir.get(), path)) {
        return e;
    }
    if (::rmdir(path.c_str()) < 0) {
        return fail("rmdir", path);
    }
    return std::nullopt;
}

Status rename(const std::string& from, const std::string& to) {
    if (::rename(from.c_str(), to.c_str()) < 0) {
        return fail("rename", from + " to " + to);
    }
    return std::nullopt;
}

Result<Fd> lock_file(const std::string& path) {
    Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (!fd.valid()) {
        return fail_r<Fd>("open", path);
    }
    while (::flock(fd.get(), LOCK_EX) < 0) {
        if (errno != EINTR) {
            return fail_r<Fd>("flock", path);
        }
    }
    return ok(std::move(fd));
}

Status chroot(const std::string& path) {
    if (::chroot(path.c_str()) < 0) {
        return fail("chroot", path);
    }
    return std::nullopt;
}

Status lstat_at(int dirfd, const std::string& name, struct stat* st, const std::string& shown) {
    if (::fstatat(dirfd, name.c_str(), st, AT_SYMLINK_NOFOLLOW) < 0) {
        return fail("stat", shown);
    }
    return std::nullopt;
}

Result<std::vector<std::string>> list_dir(int dirfd, const std::string& shown) {
    const char* op = nullptr;
    DirStream dir = open_dir_stream(dirfd, &op);
    if (!dir) {
        return fail_r<std::vector<std::string>>(op, shown);
    }
    std::vector<std::string> names;
    while (struct dirent* ent = ::readdir(dir.get())) {
        std::string name = ent->d_name;
        if (name != "." && name != "..") {
            names.push_back(std::move(name));
        }
    }
    return ok(std::move(names));
}

Result<std::vector<std::string>> list_dir(const std::string& path) {
    auto fd = open(path, O_RDONLY | O_DIRECTORY);
    if (!fd.ok()) {
        return Result<std::vector<std::string>>{{}, fd.error};
    }
    return list_dir(fd.value.get(), path);
}

Result<size_t> read_some(int fd, void* buf, size_t size, const std::string& shown) {
    while (true) {
        ssize_t n = ::read(fd, buf, size);
        if (n >= 0) {
            return ok(static_cast<size_t>(n));
        }
        if (errno != EINTR) {
            return fail_r<size_t>("read", shown);
        }
    }
}

Status fsync(int fd, const std::string& shown) {
    if (::fsync(fd) != 0) {
        return fail("fsync", shown);
    }
    return std::nullopt;
}

Status unlink_at(int dirfd, const std::string& name, int flags, const std::string& shown) {
    if (::unlinkat(dirfd, name.c_str(), flags) != 0) {
        return fail("unlink", shown);
    }
    return std::nullopt;
}

Status link_at(int from_dir, const std::string& name, int to_dir, const std::string& shown) {
    if (::linkat(from_dir, name.c_str(), to_dir, name.c_str(), 0) != 0) {
        return fail("link", shown);
    }
    return std::nullopt;
}

Status rename_at(int from_dir, const std::string& name, int to_dir, const std::string& shown) {
    if (::renameat(from_dir, name.c_str(), to_dir, name.c_str()) != 0) {
        return fail("rename", shown);
    }
    return std::nullopt;
}

Status chmod_at(int dirfd, const std::string& name, mode_t mode, const std::string& shown) {
    if (::fchmodat(dirfd, name.c_str(), mode, 0) != 0) {
        return fail("chmod", shown);
    }
    return std::nullopt;
}

Status fchdir(int fd, const std::string& shown) {
    if (::fchdir(fd) != 0) {
        return fail("chdir", shown);
    }
    return std::nullopt;
}

mode_t set_umask(mode_t mask) {
    return ::umask(mask);
}

Result<std::string> read_link_at(int dirfd, const std::string& name, const std::string& shown) {
    std::string target(4096, '\0');
    ssize_t n = ::readlinkat(dirfd, name.c_str(), target.data(), target.size());
    if (n < 0) {
        return fail_r<std::string>("readlink", shown);
    }
    target.resize(static_cast<size_t>(n));
    return ok(std::move(target));
}

Status chown_at(int dirfd, const std::string& name, uid_t uid, gid_t gid,
                const std::string& shown) {
    if (::fchownat(dirfd, name.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW) < 0) {
        return fail("chown", shown);
    }
    return std::nullopt;
}

Status set_times_at(int dirfd, const std::string& name, const struct timespec& atime,
                    const struct timespec& mtime, const std::string& shown) {
    struct timespec times[2] = {atime, mtime};
    if (::utimensat(dirfd, name.c_str(), times, AT_SYMLINK_NOFOLLOW) < 0) {
        return fail("utimensat", shown);
    }
    return std::nullopt;
}

Status copy_data(int from, int to, const std::string& shown) {
    char buf[65536];
    while (true) {
        ssize_t n = ::read(from, buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return fail("read", shown);
        }
        if (n == 0) {
            return std::nullopt;
        }
        if (auto e = write_all(to, std::string(buf, static_cast<size_t>(n)), shown)) {
            return e;
        }
    }
}

} // namespace vagga::runtime::sys
