// The one place where an application error becomes an exit code (the
// original's codes, runtime.md §6) and is shown. docs/errors.md has the
// whole convention.
#pragma once

#include "app/error.h"

#include <ostream>

namespace vagga::cli {

// Exit codes of the original (runtime.md §6).
namespace exit_code {
constexpr int ok = 0;
constexpr int version_unknown = 29;
constexpr int version_error = 1; // `_version_hash` could not version
constexpr int launcher_error = 121;
constexpr int usage = 122;
constexpr int config_error = 126;
constexpr int no_command = 127;
} // namespace exit_code

int exit_code_of(const app::Error& e);

// Prints the error's message (when it has one) on `err` and returns its
// exit code; 0 for success.
int report(const app::Status& status, std::ostream& err);

} // namespace vagga::cli
