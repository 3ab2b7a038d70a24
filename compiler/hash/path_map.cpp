#include "compiler/hash/path_map.h"

#include "compat/path_order.h"

namespace vagga::hash {

std::optional<std::string> PathMap::to_host(std::string_view p) const {
    auto map = [&](std::string_view prefix, const std::string& host) -> std::optional<std::string> {
        if (!compat::path_starts_with(p, prefix)) {
            return std::nullopt;
        }
        std::string rest = compat::strip_path_prefix(p, prefix);
        if (rest.empty()) {
            return host;
        }
        return host + "/" + rest;
    };
    if (auto w = map("/work", work)) {
        return w;
    }
    if (!vagga_base.empty()) {
        if (auto b = map("/vagga/base", vagga_base)) {
            return b;
        }
    }
    return std::nullopt;
}

} // namespace vagga::hash
