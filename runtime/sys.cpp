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

namespace sys {
using namespace detail;

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
    const size_t skip = path.find_first_not_of('/');
    const std::string rel = skip == std::string::npos ? "." : path.substr(skip);
    long fd = openat2_retrying(root_fd, rel.c_str(), &how);
    if (fd < 0) {
        return fail_r<Fd>("open", path);
    }
    return ok(Fd(static_cast<int>(fd)));
}

long openat2_retrying(int dir_fd, const char* path, const struct open_how* how) {
    long fd = -1;
    // Bounded: a walk that keeps losing the race is an error like another.
    for (int attempt = 0; attempt < 128; ++attempt) {
        fd = ::syscall(SYS_openat2, dir_fd, path, how, sizeof *how);
        if (fd >= 0 || (errno != EAGAIN && errno != EINTR)) {
            break;
        }
    }
    return fd;
}

Result<Pipe> pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) {
        return fail_r<Pipe>("pipe", "");
    }
    return ok(Pipe{Fd(fds[0]), Fd(fds[1])});
}

Status write_all(int fd, const std::string& data, const std::string& what) {
    return write_all(fd, data.data(), data.size(), what);
}

Status write_all(int fd, const char* data, size_t size, const std::string& what) {
    size_t done = 0;
    while (done < size) {
        ssize_t n = ::write(fd, data + done, size - done);
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

} // namespace sys
} // namespace vagga::runtime
