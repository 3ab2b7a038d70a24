// Where the versioner's container paths live on the host. The original
// hashes from inside its wrapper, where `/work` is the project directory and
// `/vagga/base` the project's `.vagga` storage; we run outside, so every
// path a step names goes through this map.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vagga::hash {

struct PathMap {
    std::string work;       // host path of `/work` (the project root)
    std::string vagga_base; // host path of `/vagga/base` (usually <root>/.vagga)

    // nullopt for a path outside both (not readable before a build).
    std::optional<std::string> to_host(std::string_view container_path) const;
};

} // namespace vagga::hash
