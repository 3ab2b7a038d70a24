// Where built containers live (runtime.md §5.1): <base>/.roots/NAME.HASH8/root,
// with <base>/NAME a symlink to the current version.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace vagga::cli {

struct Storage {
    std::filesystem::path base; // <project>/.vagga unless storage-dir says otherwise

    // The root of the current version of a container, if it is built.
    std::optional<std::string> container_root(const std::string& name) const;
};

} // namespace vagga::cli
