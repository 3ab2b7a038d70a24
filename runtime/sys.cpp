#include "runtime/sys.h"

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

namespace vagga::runtime {

std::string Error::message() const {
    std::string m = op;
    if (!detail.empty()) {
        m += " " + detail;
    }
    if (err != 0) {
        m += ": ";
        m += std::strerror(err);
    }
    if (!hint.empty()) {
        m += "\n  hint: " + hint;
    }
    return m;
}

Error make_error(int err, std::string op, std::string detail) {
    Error e;
    e.err = err;
    e.op = std::move(op);
    e.detail = std::move(detail);
    return e;
}

std::string encode_error(const Error& e) {
    std::string out;
    for (const std::string& f :
         {std::to_string(e.err), e.op, e.detail, std::to_string(e.span.file),
          std::to_string(e.span.begin), std::to_string(e.span.end), e.hint}) {
        out += f;
        out.push_back('\0');
    }
    return out;
}

Error decode_error(const std::string& text) {
    std::vector<std::string> f;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t z = text.find('\0', pos);
        if (z == std::string::npos) {
            z = text.size();
        }
        f.push_back(text.substr(pos, z - pos));
        pos = z + 1;
    }
    f.resize(7);
    auto num = [](const std::string& s) -> uint32_t {
        return s.empty() ? 0 : static_cast<uint32_t>(std::strtoul(s.c_str(), nullptr, 10));
    };
    Error e;
    e.err = static_cast<int>(num(f[0]));
    e.op = f[1];
    e.detail = f[2];
    e.span = source::Span{num(f[3]), num(f[4]), num(f[5])};
    e.hint = f[6];
    return e;
}

Fd& Fd::operator=(Fd&& o) noexcept {
    if (this != &o) {
        reset();
        fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
}

Fd::~Fd() {
    reset();
}

void Fd::reset() {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

ChildPid& ChildPid::operator=(ChildPid&& o) noexcept {
    if (this != &o) {
        this->~ChildPid();
        pid_ = std::exchange(o.pid_, -1);
    }
    return *this;
}

ChildPid::~ChildPid() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        int st = 0;
        while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
        }
        pid_ = -1;
    }
}

namespace sys {
namespace {

Status fail(const char* op, const std::string& detail) {
    return make_error(errno, op, detail);
}

template <class T> Result<T> fail_r(const char* op, const std::string& detail) {
    Result<T> r;
    r.error = make_error(errno, op, detail);
    return r;
}

template <class T> Result<T> ok(T v) {
    Result<T> r;
    r.value = std::move(v);
    return r;
}

std::vector<char*> c_strings(const std::vector<std::string>& v) {
    std::vector<char*> out;
    out.reserve(v.size() + 1);
    for (const auto& s : v) {
        out.push_back(const_cast<char*>(s.c_str()));
    }
    out.push_back(nullptr);
    return out;
}

} // namespace

Result<Fd> open(const std::string& path, int flags, mode_t mode) {
    int fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
    if (fd < 0) {
        return fail_r<Fd>("open", path);
    }
    return ok(Fd(fd));
}

Result<Fd> openat(int dirfd, const std::string& path, int flags, mode_t mode) {
    int fd = ::openat(dirfd, path.c_str(), flags | O_CLOEXEC, mode);
    if (fd < 0) {
        return fail_r<Fd>("open", path);
    }
    return ok(Fd(fd));
}

Result<Fd> open_in_root(int root_fd, const std::string& path, int flags, mode_t mode) {
    struct open_how how;
    std::memset(&how, 0, sizeof how);
    how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
    how.mode = (flags & O_CREAT) != 0 ? mode : 0;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    std::string rel = path;
    while (!rel.empty() && rel.front() == '/') {
        rel.erase(0, 1);
    }
    if (rel.empty()) {
        rel = ".";
    }
    long fd = ::syscall(SYS_openat2, root_fd, rel.c_str(), &how, sizeof how);
    if (fd < 0) {
        return fail_r<Fd>("open", path);
    }
    return ok(Fd(static_cast<int>(fd)));
}

Result<Pipe> pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) {
        return fail_r<Pipe>("pipe", "");
    }
    return ok(Pipe{Fd(fds[0]), Fd(fds[1])});
}

Status write_all(int fd, const std::string& data, const std::string& what) {
    size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return fail("write", what);
        }
        done += static_cast<size_t>(n);
    }
    return std::nullopt;
}

Result<std::string> read_all(int fd, size_t limit) {
    std::string out;
    char buf[4096];
    while (out.size() < limit) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return fail_r<std::string>("read", "");
        }
        if (n == 0) {
            break;
        }
        out.append(buf, static_cast<size_t>(n));
    }
    return ok(std::move(out));
}

Result<std::string> read_file(const std::string& path, size_t limit) {
    auto fd = open(path, O_RDONLY);
    if (!fd.ok()) {
        return Result<std::string>{{}, fd.error};
    }
    auto r = read_all(fd.value.get(), limit);
    if (r.error) {
        r.error->detail = path;
    }
    return r;
}

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

Status fstat(int fd, struct stat* st, const std::string& shown) {
    if (::fstat(fd, st) < 0) {
        return fail("stat", shown);
    }
    return std::nullopt;
}

namespace {
struct DirCloser {
    void operator()(DIR* d) const { ::closedir(d); }
};
} // namespace

Status copy_tree(int src, int dst, const std::optional<uint32_t>& uid,
                 const std::optional<uint32_t>& gid, const std::string& shown) {
    int dup = ::fcntl(src, F_DUPFD_CLOEXEC, 3);
    if (dup < 0) {
        return fail("dup", shown);
    }
    std::unique_ptr<DIR, DirCloser> dir(::fdopendir(dup));
    if (!dir) {
        ::close(dup);
        return fail("opendir", shown);
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
    int dup = ::fcntl(dir, F_DUPFD_CLOEXEC, 3);
    if (dup < 0) {
        return fail("dup", shown);
    }
    std::unique_ptr<DIR, DirCloser> d(::fdopendir(dup));
    if (!d) {
        ::close(dup);
        return fail("opendir", shown);
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

Status loopback_up() {
    Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!s.valid()) {
        return fail("socket", "lo");
    }
    struct ifreq ifr;
    std::memset(&ifr, 0, sizeof ifr);
    std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    if (::ioctl(s.get(), SIOCGIFFLAGS, &ifr) < 0) {
        return fail("ioctl SIOCGIFFLAGS", "lo");
    }
    ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
    if (::ioctl(s.get(), SIOCSIFFLAGS, &ifr) < 0) {
        return fail("ioctl SIOCSIFFLAGS", "lo");
    }
    return std::nullopt;
}

std::string fd_path(int fd) {
    return "/proc/self/fd/" + std::to_string(fd);
}

Status mount(const std::string& source, const std::string& target, const char* fstype,
             unsigned long flags, const std::string& data, const std::string& shown) {
    if (::mount(source.empty() ? nullptr : source.c_str(), target.c_str(), fstype, flags,
                data.empty() ? nullptr : data.c_str()) < 0) {
        return fail("mount", shown);
    }
    return std::nullopt;
}

Status remount_read_only(const std::string& target, const std::string& shown) {
    struct statvfs st;
    if (::statvfs(target.c_str(), &st) < 0) {
        return fail("statvfs", shown);
    }
    // Table of the flags statvfs reports and the mount flags that keep them.
    static constexpr std::pair<unsigned long, unsigned long> kept[] = {
        {ST_NOSUID, MS_NOSUID},   {ST_NODEV, MS_NODEV},           {ST_NOEXEC, MS_NOEXEC},
        {ST_NOATIME, MS_NOATIME}, {ST_NODIRATIME, MS_NODIRATIME}, {ST_RELATIME, MS_RELATIME},
    };
    unsigned long flags = MS_REMOUNT | MS_BIND | MS_RDONLY;
    for (const auto& [st_flag, ms_flag] : kept) {
        if ((st.f_flag & st_flag) != 0) {
            flags |= ms_flag;
        }
    }
    // Neither noatime nor relatime means strictatime. Once one atime flag is
    // given the others are not kept, so say this one explicitly too.
    if ((st.f_flag & (ST_NOATIME | ST_RELATIME)) == 0) {
        flags |= MS_STRICTATIME;
    }
    if (::mount(nullptr, target.c_str(), nullptr, flags, nullptr) < 0) {
        Error e = make_error(errno, "remount read-only", shown);
        return e;
    }
    return std::nullopt;
}

Status make_tree_read_only(const std::string& target, const std::string& shown) {
    struct mount_attr attr;
    std::memset(&attr, 0, sizeof attr);
    attr.attr_set = MOUNT_ATTR_RDONLY;
    if (::mount_setattr(AT_FDCWD, target.c_str(), AT_RECURSIVE, &attr, sizeof attr) == 0) {
        return std::nullopt;
    }
    if (errno != ENOSYS) {
        return fail("mount_setattr read-only", shown);
    }
    return remount_read_only(target, shown);
}

Status umount_detach(const std::string& target, const std::string& shown) {
    if (::umount2(target.c_str(), MNT_DETACH) < 0) {
        return fail("umount", shown);
    }
    return std::nullopt;
}

Status pivot_root_here(const std::string& new_root) {
    // pivot_root(".", ".") stacks the old root on top of the new one; the
    // detach then leaves only the new root, without needing a put_old dir
    // (which a read-only root could not provide).
    if (::chdir(new_root.c_str()) < 0) {
        return fail("chdir", new_root);
    }
    if (::syscall(SYS_pivot_root, ".", ".") < 0) {
        return fail("pivot_root", new_root);
    }
    if (::umount2(".", MNT_DETACH) < 0) {
        return fail("umount old root", new_root);
    }
    if (::chdir("/") < 0) {
        return fail("chdir", "/");
    }
    return std::nullopt;
}

Status chdir(const std::string& path) {
    if (::chdir(path.c_str()) < 0) {
        return fail("chdir", path);
    }
    return std::nullopt;
}

Result<pid_t> clone_namespaces(uint64_t flags) {
    struct clone_args args;
    std::memset(&args, 0, sizeof args);
    args.flags = flags;
    args.exit_signal = SIGCHLD;
    long pid = ::syscall(SYS_clone3, &args, sizeof args);
    if (pid < 0) {
        return fail_r<pid_t>("clone", "");
    }
    return ok(static_cast<pid_t>(pid));
}

Result<pid_t> fork() {
    pid_t pid = ::fork();
    if (pid < 0) {
        return fail_r<pid_t>("fork", "");
    }
    return ok(pid);
}

Status unshare(int flags) {
    if (::unshare(flags) < 0) {
        return fail("unshare", "");
    }
    return std::nullopt;
}

Status set_pdeathsig(int sig) {
    if (::prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) < 0) {
        return fail("prctl", "PR_SET_PDEATHSIG");
    }
    return std::nullopt;
}

Status exec(const std::string& path, const std::vector<std::string>& argv,
            const std::vector<std::string>& envp) {
    auto a = c_strings(argv);
    auto e = c_strings(envp);
    ::execve(path.c_str(), a.data(), e.data());
    return fail("exec", path);
}

Status cloexec_from(int first_fd) {
    if (::syscall(SYS_close_range, first_fd, ~0U, CLOSE_RANGE_CLOEXEC) == 0) {
        return std::nullopt;
    }
    // Older kernels: walk the open fds.
    long max = ::sysconf(_SC_OPEN_MAX);
    for (int fd = first_fd; fd < max; ++fd) {
        int f = ::fcntl(fd, F_GETFD);
        if (f >= 0) {
            ::fcntl(fd, F_SETFD, f | FD_CLOEXEC);
        }
    }
    return std::nullopt;
}

Status pass_fds(const std::vector<std::pair<int, int>>& from_to) {
    // First out of the way of every target number, then everything >= 3
    // close-on-exec, then the copies onto their numbers (dup2 clears
    // close-on-exec on the copy).
    // Above every target rather than at a fixed number: F_DUPFD fails with
    // EINVAL at or over RLIMIT_NOFILE, which is often just 1024.
    int above = 3;
    for (const auto& ft : from_to) {
        above = std::max(above, ft.second + 1);
    }
    std::vector<std::pair<Fd, int>> moved;
    for (const auto& [from, to] : from_to) {
        int high = ::fcntl(from, F_DUPFD_CLOEXEC, above);
        if (high < 0) {
            return fail("dup", "fd " + std::to_string(from));
        }
        moved.emplace_back(Fd(high), to);
    }
    if (auto e = cloexec_from(3)) {
        return e;
    }
    for (const auto& [fd, to] : moved) {
        if (::dup2(fd.get(), to) < 0) {
            return fail("dup2", "fd " + std::to_string(to));
        }
    }
    return std::nullopt;
}

Result<Fd> listen_tcp(const std::string& ip, uint16_t port, const std::string& shown) {
    bool v6 = ip.find(':') != std::string::npos;
    Fd s(::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!s.valid()) {
        return fail_r<Fd>("socket", shown);
    }
    int one = 1;
    if (::setsockopt(s.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) {
        return fail_r<Fd>("setsockopt SO_REUSEADDR", shown);
    }
    int rc = -1;
    if (v6) {
        struct sockaddr_in6 a;
        std::memset(&a, 0, sizeof a);
        a.sin6_family = AF_INET6;
        a.sin6_port = htons(port);
        if (::inet_pton(AF_INET6, ip.c_str(), &a.sin6_addr) != 1) {
            errno = EINVAL;
            return fail_r<Fd>("bad address", shown);
        }
        rc = ::bind(s.get(), reinterpret_cast<struct sockaddr*>(&a), sizeof a);
    } else {
        struct sockaddr_in a;
        std::memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        if (::inet_pton(AF_INET, ip.c_str(), &a.sin_addr) != 1) {
            errno = EINVAL;
            return fail_r<Fd>("bad address", shown);
        }
        rc = ::bind(s.get(), reinterpret_cast<struct sockaddr*>(&a), sizeof a);
    }
    if (rc < 0) {
        return fail_r<Fd>("bind", shown);
    }
    if (::listen(s.get(), 128) < 0) {
        return fail_r<Fd>("listen", shown);
    }
    return ok(std::move(s));
}

Status set_ids(uid_t uid, gid_t gid, const std::vector<gid_t>* groups) {
    if (groups != nullptr && ::setgroups(groups->size(), groups->data()) < 0) {
        return fail("setgroups", "");
    }
    if (::setresgid(gid, gid, gid) < 0) {
        return fail("setgid", std::to_string(gid));
    }
    if (::setresuid(uid, uid, uid) < 0) {
        return fail("setuid", std::to_string(uid));
    }
    return std::nullopt;
}

std::vector<Status> run_helpers(const std::vector<std::vector<std::string>>& argvs) {
    std::vector<Status> out(argvs.size());
    std::vector<pid_t> pids(argvs.size(), -1);
    for (size_t i = 0; i < argvs.size(); ++i) {
        auto a = c_strings(argvs[i]);
        pid_t pid = ::fork();
        if (pid < 0) {
            out[i] = fail("fork", argvs[i][0]);
            continue;
        }
        if (pid == 0) {
            sigset_t none;
            sigemptyset(&none);
            ::sigprocmask(SIG_SETMASK, &none, nullptr);
            // The setuid helpers get stdio and nothing else of ours.
            if (cloexec_from(3)) {
                ::_exit(127);
            }
            ::execv(a[0], a.data());
            ::_exit(127);
        }
        pids[i] = pid;
    }
    for (size_t i = 0; i < argvs.size(); ++i) {
        if (pids[i] < 0) {
            continue;
        }
        int st = 0;
        while (::waitpid(pids[i], &st, 0) < 0) {
            if (errno != EINTR) {
                st = -1;
                break;
            }
        }
        if (st == -1) {
            out[i] = fail("waitpid", argvs[i][0]);
        } else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            std::string how = WIFEXITED(st) ? "exited with code " + std::to_string(WEXITSTATUS(st))
                                            : "killed by signal " + std::to_string(WTERMSIG(st));
            out[i] = make_error(0, argvs[i][0], how);
        }
    }
    return out;
}

Status run_helper(const std::string& path, const std::vector<std::string>& argv) {
    std::vector<std::string> a = argv;
    if (a.empty()) {
        a.push_back(path);
    }
    a[0] = path;
    return run_helpers({a})[0];
}

Status block_signals(const std::vector<int>& sigs, sigset_t* old) {
    sigset_t set;
    sigemptyset(&set);
    for (int s : sigs) {
        sigaddset(&set, s);
    }
    if (::sigprocmask(SIG_BLOCK, &set, old) < 0) {
        return fail("sigprocmask", "");
    }
    return std::nullopt;
}

Status restore_signals(const sigset_t& old) {
    if (::sigprocmask(SIG_SETMASK, &old, nullptr) < 0) {
        return fail("sigprocmask", "");
    }
    return std::nullopt;
}

Result<Fd> signalfd(const std::vector<int>& sigs) {
    sigset_t set;
    sigemptyset(&set);
    for (int s : sigs) {
        sigaddset(&set, s);
    }
    int fd = ::signalfd(-1, &set, SFD_CLOEXEC);
    if (fd < 0) {
        return fail_r<Fd>("signalfd", "");
    }
    return ok(Fd(fd));
}

namespace {
void noop_handler(int) {}
} // namespace

Status catch_signals(const std::vector<int>& sigs) {
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = noop_handler;
    sigemptyset(&sa.sa_mask);
    for (int s : sigs) {
        if (::sigaction(s, &sa, nullptr) < 0) {
            return fail("sigaction", std::to_string(s));
        }
    }
    return std::nullopt;
}

struct sigaction default_disposition(int sig) {
    struct sigaction sa;
    struct sigaction old;
    std::memset(&sa, 0, sizeof sa);
    std::memset(&old, 0, sizeof old);
    sa.sa_handler = SIG_DFL;
    (void)::sigaction(sig, &sa, &old);
    return old;
}

void restore_disposition(int sig, const struct sigaction& old) {
    (void)::sigaction(sig, &old, nullptr);
}

void reset_signals() {
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    for (int s = 1; s < NSIG; ++s) {
        if (s != SIGKILL && s != SIGSTOP) {
            ::sigaction(s, &sa, nullptr); // fails harmlessly for reserved RT signals
        }
    }
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

uid_t real_uid() {
    return ::getuid();
}

pid_t parent_pid() {
    return ::getppid();
}
gid_t real_gid() {
    return ::getgid();
}

bool executable(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

std::string filesystem_problem(const std::string& path) {
    struct statvfs st;
    if (::statvfs(path.c_str(), &st) < 0) {
        return "";
    }
    if ((st.f_flag & ST_NOEXEC) != 0) {
        return "the filesystem holding " + path +
               " is mounted noexec, so nothing on it can run; keep the project (or "
               "storage-dir) on a filesystem without noexec";
    }
    return "";
}

Status set_own_process_group() {
    if (::setpgid(0, 0) < 0) {
        return fail("setpgid", "");
    }
    return std::nullopt;
}

void set_process_group(pid_t child) {
    (void)::setpgid(child, child);
}

bool is_foreground_tty(int fd) {
    if (::isatty(fd) == 0) {
        return false;
    }
    pid_t fg = ::tcgetpgrp(fd);
    return fg > 0 && fg == ::getpgrp();
}

void give_terminal(int fd, pid_t pgrp) {
    (void)::tcsetpgrp(fd, pgrp);
}

void reclaim_terminal(int fd) {
    if (::isatty(fd) == 0) {
        return;
    }
    pid_t fg = ::tcgetpgrp(fd);
    if (fg > 0 && fg != ::getpgrp() && ::kill(-fg, 0) < 0 && errno == ESRCH) {
        (void)::tcsetpgrp(fd, ::getpgrp());
    }
}

void give_terminal_to_self(int fd) {
    (void)::tcsetpgrp(fd, ::getpid());
}

void take_terminal(int fd) {
    if (::isatty(fd) != 0) {
        (void)::tcsetpgrp(fd, ::getpgrp());
    }
}

void stop_self() {
    (void)::kill(::getpid(), SIGSTOP);
}

void send_signal(pid_t pid, int sig) {
    (void)::kill(pid, sig);
}

void send_group_signal(pid_t pgrp, int sig) {
    if (::killpg(pgrp, sig) < 0) {
        (void)::kill(pgrp, sig); // not (yet) a group leader
    }
}

std::vector<Reaped> reap_all(bool* none_left, bool report_stops) {
    std::vector<Reaped> out;
    *none_left = false;
    const int flags = WNOHANG | (report_stops ? WUNTRACED : 0);
    while (true) {
        int st = 0;
        pid_t pid = ::waitpid(-1, &st, flags);
        if (pid > 0) {
            out.push_back({pid, st, WIFSTOPPED(st)});
            continue;
        }
        if (pid < 0 && errno == EINTR) {
            continue;
        }
        if (pid < 0 && errno == ECHILD) {
            *none_left = true;
        }
        return out;
    }
}

Result<std::optional<int>> try_wait(pid_t pid) {
    while (true) {
        int st = 0;
        pid_t w = ::waitpid(pid, &st, WNOHANG);
        if (w == pid) {
            return ok(std::optional<int>(st));
        }
        if (w == 0) {
            return ok(std::optional<int>());
        }
        if (errno != EINTR) {
            return fail_r<std::optional<int>>("waitpid", std::to_string(pid));
        }
    }
}

Result<int> wait_for(pid_t pid) {
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR) {
            return fail_r<int>("waitpid", std::to_string(pid));
        }
    }
    return ok(st);
}

Result<Event> next_event(int sigfd, int fd, int timeout_ms) {
    struct pollfd p[2];
    p[0] = {sigfd, POLLIN, 0};
    p[1] = {fd, POLLIN, 0};
    while (true) {
        int n = ::poll(p, fd >= 0 ? 2 : 1, timeout_ms);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return fail_r<Event>("poll", "signalfd");
        }
        Event ev;
        if (n == 0) {
            ev.timeout = true;
            return ok(ev);
        }
        if ((p[0].revents & POLLIN) != 0) {
            struct signalfd_siginfo si;
            ssize_t r = ::read(sigfd, &si, sizeof si);
            if (r < 0 && (errno == EINTR || errno == EAGAIN)) {
                continue;
            }
            if (r != static_cast<ssize_t>(sizeof si)) {
                return fail_r<Event>("read", "signalfd");
            }
            ev.signal = static_cast<int>(si.ssi_signo);
            return ok(ev);
        }
        if (fd >= 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            unsigned char b = 0;
            ssize_t r = ::read(fd, &b, 1);
            if (r < 0 && (errno == EINTR || errno == EAGAIN)) {
                continue;
            }
            if (r <= 0) {
                ev.eof = true;
            } else {
                ev.byte = b;
            }
            return ok(ev);
        }
    }
}

void exit_now(int code) {
    ::_exit(code);
}

int exit_code_of(int wait_status) {
    if (WIFEXITED(wait_status)) {
        return WEXITSTATUS(wait_status);
    }
    if (WIFSIGNALED(wait_status)) {
        return 128 + WTERMSIG(wait_status);
    }
    return 1;
}

std::string signal_name(int sig) {
    const char* a = ::sigabbrev_np(sig);
    return std::string("SIG") + (a != nullptr ? a : "?");
}

std::string describe_status(int wait_status) {
    if (WIFEXITED(wait_status)) {
        return "exited with code " + std::to_string(WEXITSTATUS(wait_status));
    }
    if (WIFSIGNALED(wait_status)) {
        int sig = WTERMSIG(wait_status);
        std::string s = "killed by signal " + signal_name(sig) + "[" + std::to_string(sig) + "]";
        if (WCOREDUMP(wait_status)) {
            s += " (core dumped)";
        }
        return s;
    }
    return "stopped";
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
    int dup = ::fcntl(dirfd, F_DUPFD_CLOEXEC, 3);
    if (dup < 0) {
        return fail_r<std::vector<std::string>>("dup", shown);
    }
    std::unique_ptr<DIR, DirCloser> dir(::fdopendir(dup));
    if (!dir) {
        ::close(dup);
        return fail_r<std::vector<std::string>>("opendir", shown);
    }
    ::rewinddir(dir.get()); // the duplicate shares the offset of earlier walks
    std::vector<std::string> names;
    while (struct dirent* ent = ::readdir(dir.get())) {
        std::string name = ent->d_name;
        if (name != "." && name != "..") {
            names.push_back(std::move(name));
        }
    }
    return ok(std::move(names));
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

} // namespace sys
} // namespace vagga::runtime
