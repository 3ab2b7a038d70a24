// SHA-256 (through nettle) for download cache names and integrity checks.
#pragma once

#include "runtime/sys.h"

#include <string>
#include <string_view>

namespace vagga::runtime::build {

// Lower-case hex digest of `data`.
std::string sha256_hex(std::string_view data);
// Lower-case hex digest of a file's contents.
Result<std::string> sha256_file(const std::string& path);

} // namespace vagga::runtime::build
