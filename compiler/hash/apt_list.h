// The name of the apt list file `!UbuntuRepo` writes (spec §8): its own
// BLAKE2b-512 digest of `[opt url] suite components`, first 8 hex digits,
// then `-<suite>.list`. `trusted` is not part of it.
#pragma once

#include "ir_gen.h"

#include <optional>
#include <string>
#include <vector>

namespace vagga::hash {

std::string apt_list_name(const std::optional<std::string>& url, const std::string& suite,
                          const std::vector<std::string>& components);

// The list files a container's `!UbuntuRepo` and Ubuntu `!Repo` steps
// write, in step order (`!Container` bases included). The suite defaults to
// the codename of the preceding `!Ubuntu`/`!UbuntuRelease`; `!Repo X` is
// (no url, codename, [X]) and `!Repo S/X` is (no url, S, [X]).
std::vector<std::string> apt_list_names(const ir::Config& config, const ir::Container& container);

} // namespace vagga::hash
