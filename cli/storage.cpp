#include "cli/storage.h"

#include <system_error>

namespace vagga::cli {

std::optional<std::string> Storage::container_root(const std::string& name) const {
    // Until the builder lands, the version is the one `.vagga/NAME` points
    // at (what the original does with --no-version-check).
    std::error_code ec;
    auto link = base / name;
    auto target = std::filesystem::canonical(link, ec);
    if (ec || !std::filesystem::is_directory(target, ec))
        return std::nullopt;
    return target.string();
}

} // namespace vagga::cli
