#include "compiler/source/filesystem.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace vagga::source {

namespace {

std::string os_error(int err) {
    return std::string(std::strerror(err)) + " (os error " + std::to_string(err) + ")";
}

// Closes the descriptor on every path out of read().
struct Fd {
    int fd;
    ~Fd() {
        if (fd >= 0)
            ::close(fd);
    }
};

} // namespace

ReadResult RealFileSystem::read(const std::filesystem::path& path, uint64_t max_bytes) {
    ReadResult r;
    // O_NONBLOCK so that opening a FIFO cannot hang; regular files ignore it.
    Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
    if (f.fd < 0) {
        r.error = os_error(errno);
        return r;
    }
    struct stat st {};
    if (::fstat(f.fd, &st) != 0) {
        r.error = os_error(errno);
        return r;
    }
    if (S_ISDIR(st.st_mode)) {
        r.error = os_error(EISDIR);
        return r;
    }
    if (!S_ISREG(st.st_mode)) {
        r.error = "not a regular file";
        return r;
    }
    if (static_cast<uint64_t>(st.st_size) > max_bytes) {
        r.error = "file is larger than " + std::to_string(max_bytes) + " bytes";
        return r;
    }
    r.data.resize(static_cast<size_t>(st.st_size));
    size_t got = 0;
    while (got < r.data.size()) {
        ssize_t n = ::read(f.fd, r.data.data() + got, r.data.size() - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            r.error = os_error(errno);
            return r;
        }
        if (n == 0)
            break;
        got += static_cast<size_t>(n);
    }
    r.data.resize(got);
    r.ok = true;
    return r;
}

bool RealFileSystem::exists(const std::filesystem::path& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

ReadResult OverlayFileSystem::read(const std::filesystem::path& path, uint64_t max_bytes) {
    auto it = files_.find(path.lexically_normal());
    if (it == files_.end())
        return base_.read(path, max_bytes);
    ReadResult r;
    if (it->second.size() > max_bytes) {
        r.error = "file is larger than " + std::to_string(max_bytes) + " bytes";
        return r;
    }
    r.ok = true;
    r.data = it->second;
    return r;
}

bool OverlayFileSystem::exists(const std::filesystem::path& path) {
    return files_.count(path.lexically_normal()) != 0 || base_.exists(path);
}

} // namespace vagga::source
