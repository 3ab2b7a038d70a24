// The Debian mirror the host's own apt uses, so that !Debian bootstraps
// from it (no mirror's name is written anywhere in vagga).
#pragma once

#include <optional>
#include <string>

namespace vagga::runtime::build {

// The URI of the first main-archive source (not a -security suite) in
// `<apt_dir>/sources.list`, then `<apt_dir>/sources.list.d/*.list` and
// `*.sources` (deb822) in name order; nullopt when there is none.
// Trailing slashes are removed ("http://host/debian").
std::optional<std::string> host_debian_mirror(const std::string& apt_dir = "/etc/apt");

// The same for one file's text: one-line format, or deb822 when `deb822`.
std::optional<std::string> mirror_from_list(const std::string& text);
std::optional<std::string> mirror_from_deb822(const std::string& text);

} // namespace vagga::runtime::build
