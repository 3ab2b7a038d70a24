#include "lsp/uri.h"

namespace vagga::lsp {

namespace {

int hex(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

std::optional<std::filesystem::path> path_from_uri(const std::string& uri) {
    constexpr std::string_view kScheme = "file://";
    if (!uri.starts_with(kScheme))
        return std::nullopt;
    std::string_view rest = std::string_view(uri).substr(kScheme.size());
    // file://localhost/x and file:///x name the same file.
    if (rest.starts_with("localhost/"))
        rest.remove_prefix(sizeof("localhost") - 1);
    if (!rest.starts_with("/"))
        return std::nullopt;
    std::string out;
    for (size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == '?' || rest[i] == '#')
            break;
        if (rest[i] != '%') {
            out += rest[i];
            continue;
        }
        if (i + 2 >= rest.size() || hex(rest[i + 1]) < 0 || hex(rest[i + 2]) < 0)
            return std::nullopt;
        char c = static_cast<char>(hex(rest[i + 1]) * 16 + hex(rest[i + 2]));
        if (c == '\0')
            return std::nullopt;
        out += c;
        i += 2;
    }
    return std::filesystem::path(out).lexically_normal();
}

std::string uri_from_path(const std::filesystem::path& path) {
    static const char* digits = "0123456789ABCDEF";
    std::string out = "file://";
    for (unsigned char c : path.string()) {
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '/' || c == '-' || c == '.' || c == '_' || c == '~';
        if (plain) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 15];
        }
    }
    return out;
}

} // namespace vagga::lsp
