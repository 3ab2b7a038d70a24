// minimum-vagga comparison, exactly as the original's Version::partial_cmp
// (config.md §3.2), including its asymmetric handling of trailing words.
#pragma once

#include <string_view>

namespace vagga::project {

// <0, 0 or >0 as `a` is older than, the same as, or newer than `b`.
int compare_versions(std::string_view a, std::string_view b);

} // namespace vagga::project
