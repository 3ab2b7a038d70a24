// The name of a repository's folder in the git cache, as the original's
// git_cache made it (language-steps.md §6.1): the URL with `%` written
// `%25`, then `/` written `%2F`. !Git keeps its bare clone under
// `<cache>/git/<name>`, !GitInstall builds in the image's `/tmp/<name>`.
#pragma once

#include <string>
#include <string_view>

namespace vagga::compat {

std::string git_cache_name(std::string_view url);

} // namespace vagga::compat
