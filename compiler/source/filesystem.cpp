#include "compiler/source/filesystem.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace vagga::source {

namespace {

FileKind kind_of(mode_t mode) {
    if (S_ISREG(mode)) {
        return FileKind::Regular;
    }
    if (S_ISDIR(mode)) {
        return FileKind::Directory;
    }
    if (S_ISLNK(mode)) {
        return FileKind::Symlink;
    }
    return FileKind::Other;
}

struct Fd {
    int fd = -1;
    explicit Fd(int f) : fd(f) {}
    ~Fd() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
};

struct DirCloser {
    void operator()(DIR* d) const { ::closedir(d); }
};

std::string os_error(int err) {
    return std::string(std::strerror(err)) + " (os error " + std::to_string(err) + ")";
}

} // namespace

int read_whole_file(FileSystem& fs, const std::string& path, std::string& out, uint64_t max_bytes) {
    out.clear();
    bool too_big = false;
    int err = fs.read_file(path, [&](std::string_view chunk) {
        if (too_big || out.size() + chunk.size() > max_bytes) {
            too_big = true;
            return;
        }
        out.append(chunk);
    });
    if (err != 0) {
        return err;
    }
    return too_big ? EFBIG : 0;
}

RealFileSystem::RealFileSystem(Ids ids) : ids_(ids), my_uid_(::geteuid()), my_gid_(::getegid()) {}

uint32_t RealFileSystem::map_uid(uint32_t id) const {
    switch (ids_) {
    case Ids::Raw:
        return id;
    case Ids::Namespace:
        if (my_uid_ == 0) {
            return id; // root's namespace maps ids one to one
        }
        return id == my_uid_ ? 0 : 65534;
    }
    return id;
}

uint32_t RealFileSystem::map_gid(uint32_t id) const {
    switch (ids_) {
    case Ids::Raw:
        return id;
    case Ids::Namespace:
        if (my_uid_ == 0) {
            return id;
        }
        return id == my_gid_ ? 0 : 65534;
    }
    return id;
}

int RealFileSystem::lstat(const std::string& path, FileStat& out) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        return errno;
    }
    out.kind = kind_of(st.st_mode);
    out.mode = st.st_mode & 07777;
    out.uid = map_uid(st.st_uid);
    out.gid = map_gid(st.st_gid);
    out.size = static_cast<uint64_t>(st.st_size);
    return 0;
}

int RealFileSystem::list_dir(const std::string& path, std::vector<DirEntry>& out) {
    int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        return errno;
    }
    std::unique_ptr<DIR, DirCloser> dir(::fdopendir(fd));
    if (!dir) {
        int e = errno;
        ::close(fd);
        return e;
    }
    out.clear();
    while (true) {
        errno = 0;
        struct dirent* ent = ::readdir(dir.get());
        if (ent == nullptr) {
            if (errno != 0) {
                return errno;
            }
            break;
        }
        std::string_view name = ent->d_name;
        if (name == "." || name == "..") {
            continue;
        }
        DirEntry e;
        e.name = std::string(name);
        switch (ent->d_type) {
        case DT_REG:
            e.kind = FileKind::Regular;
            break;
        case DT_DIR:
            e.kind = FileKind::Directory;
            break;
        case DT_LNK:
            e.kind = FileKind::Symlink;
            break;
        case DT_UNKNOWN: {
            // Some file systems do not fill d_type; ask.
            struct stat st {};
            if (::fstatat(::dirfd(dir.get()), ent->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
                return errno;
            }
            e.kind = kind_of(st.st_mode);
            break;
        }
        default:
            e.kind = FileKind::Other;
            break;
        }
        out.push_back(std::move(e));
    }
    return 0;
}

int RealFileSystem::read_link(const std::string& path, std::string& out) {
    std::string buf(256, '\0');
    while (true) {
        ssize_t n = ::readlink(path.c_str(), buf.data(), buf.size());
        if (n < 0) {
            return errno;
        }
        if (static_cast<size_t>(n) < buf.size()) {
            buf.resize(static_cast<size_t>(n));
            out = std::move(buf);
            return 0;
        }
        buf.resize(buf.size() * 2);
    }
}

int RealFileSystem::read_file(const std::string& path,
                              const std::function<void(std::string_view)>& sink) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (fd.fd < 0) {
        return errno;
    }
    // One buffer per thread: the walk reads thousands of small files.
    static thread_local std::unique_ptr<char[]> buffer(new char[1 << 16]);
    while (true) {
        ssize_t n = ::read(fd.fd, buffer.get(), 1 << 16);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno;
        }
        if (n == 0) {
            return 0;
        }
        sink(std::string_view(buffer.get(), static_cast<size_t>(n)));
    }
}

bool RealFileSystem::is_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool RealFileSystem::exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

int RealFileSystem::canonicalize(const std::string& path, std::string& out) {
    std::unique_ptr<char, decltype(&std::free)> p(::realpath(path.c_str(), nullptr), &std::free);
    if (!p) {
        return errno;
    }
    out = p.get();
    return 0;
}

ReadResult RealFileSystem::read(const std::string& path, uint64_t max_bytes) {
    ReadResult r;
    // O_NONBLOCK so that opening a FIFO cannot hang; regular files ignore it.
    Fd f(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
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

const std::string* OverlayFileSystem::buffer(const std::string& path) const {
    auto it = files_.find(std::filesystem::path(path).lexically_normal());
    return it == files_.end() ? nullptr : &it->second;
}

ReadResult OverlayFileSystem::read(const std::string& path, uint64_t max_bytes) {
    const std::string* text = buffer(path);
    if (text == nullptr)
        return base_.read(path, max_bytes);
    ReadResult r;
    if (text->size() > max_bytes) {
        r.error = "file is larger than " + std::to_string(max_bytes) + " bytes";
        return r;
    }
    r.ok = true;
    r.data = *text;
    return r;
}

bool OverlayFileSystem::exists(const std::string& path) {
    return buffer(path) != nullptr || base_.exists(path);
}

bool OverlayFileSystem::is_file(const std::string& path) {
    return buffer(path) != nullptr || base_.is_file(path);
}

} // namespace vagga::source
