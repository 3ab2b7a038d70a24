// Internal to runtime/sys*.cpp: how a failed call becomes an error value,
// shared by the files the system calls are split into by concern.
#pragma once

#include "runtime/sys.h"

#include <dirent.h>

#include <cerrno>
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

// argv/envp for exec: pointers into `v`, which must outlive them.
inline std::vector<char*> c_strings(const std::vector<std::string>& v) {
    std::vector<char*> out;
    out.reserve(v.size() + 1);
    for (const auto& s : v) {
        out.push_back(const_cast<char*>(s.c_str()));
    }
    out.push_back(nullptr);
    return out;
}

struct DirCloser {
    void operator()(DIR* d) const { ::closedir(d); }
};

} // namespace vagga::runtime::sys::detail
