// Paths inside the image being built, resolved through a directory fd of
// its root (sys::open_in_root), so that a symlink in the image can never
// make the builder touch a host file outside it.
#pragma once

#include "runtime/sys.h"

#include <string>
#include <utility>

namespace vagga::runtime::build {

// "/a/b/c" -> {"/a/b", "c"}; "/c" -> {"/", "c"}; "/" -> {"/", ""}.
std::pair<std::string, std::string> split_parent(const std::string& path);

// An O_RDONLY|O_DIRECTORY fd of the root directory itself.
Result<Fd> open_root(const std::string& root);

// mkdir -p `path` inside the root (new directories get `mode`); returns
// an fd of the directory. A component that exists and is not a directory
// is an error.
Result<Fd> ensure_dir(int root_fd, const std::string& path, mode_t mode);

// Binds the host folder `source` on the folder `path` of the root (made
// when missing); returns the host path the mount is on, as resolved in the
// root, which the finish unmounts.
Result<std::string> bind_in_root(int root_fd, const std::string& path, const std::string& source);

// Removes `path` (a file, link or whole tree) inside the root; missing is
// fine. A final symlink is removed, not followed.
Status remove_path(int root_fd, const std::string& path);

// Removes the contents of the directory `path` inside the root, keeping
// it; missing is fine.
Status empty_dir(int root_fd, const std::string& path);

// Removes `name` (any type, whole tree) from the directory `dir_fd`.
Status remove_at(int dir_fd, const std::string& name);

} // namespace vagga::runtime::build
