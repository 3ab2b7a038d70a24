// file:// URIs <-> paths (RFC 8089, percent-encoding of RFC 3986).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace vagga::lsp {

// nullopt for another scheme or a malformed escape.
std::optional<std::filesystem::path> path_from_uri(const std::string& uri);
std::string uri_from_path(const std::filesystem::path& path);

} // namespace vagga::lsp
