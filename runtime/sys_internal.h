// Internal to runtime/sys*.cpp: how a failed call becomes an error value,
// shared by the files the system calls are split into by concern.
#pragma once

#include "runtime/sys.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace vagga::runtime::sys::detail {

inline Status fail(const char* op, const std::string& detail) {
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

using process::c_strings;

struct DirCloser {
    void operator()(DIR* d) const { ::closedir(d); }
};
using DirStream = std::unique_ptr<DIR, DirCloser>;

// A readdir stream over a close-on-exec duplicate of `fd`, rewound (a
// duplicate shares the offset of earlier walks); null with errno set, and
// *op naming the call that failed.
inline DirStream open_dir_stream(int fd, const char** op) {
    int dup = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
    if (dup < 0) {
        *op = "dup";
        return nullptr;
    }
    DirStream dir(::fdopendir(dup));
    if (!dir) {
        int saved = errno;
        ::close(dup);
        errno = saved;
        *op = "opendir";
        return nullptr;
    }
    ::rewinddir(dir.get());
    return dir;
}

} // namespace vagga::runtime::sys::detail
