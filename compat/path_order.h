// Rust's `Path` ordering, which the hash inherits from `BTreeMap<PathBuf,_>`
// and `BTreeSet<PathBuf>` (spec §3): paths compare component by component,
// not byte by byte, so `/a/b` < `/a b` < `/a-b`, and `/a` equals `/a/`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vagga::compat {

// <0, 0, >0 like strcmp, but over Rust path components.
int compare_paths(std::string_view a, std::string_view b);

struct PathLess {
    bool operator()(std::string_view a, std::string_view b) const {
        return compare_paths(a, b) < 0;
    }
};

// Rust `Path::join`: an absolute `rel` replaces `base`; otherwise a `/` is
// inserted unless `base` is empty or already ends with one.
std::string join_path(std::string_view base, std::string_view rel);

// True if `path` is `prefix` or below it, compared by components
// (Rust `Path::starts_with`): `/workspace` does not start with `/work`.
bool path_starts_with(std::string_view path, std::string_view prefix);

// The rest of `path` after `prefix` (components joined by `/`), when
// path_starts_with(path, prefix).
std::string strip_path_prefix(std::string_view path, std::string_view prefix);

} // namespace vagga::compat
