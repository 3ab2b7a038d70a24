// The error convention of the application layer (docs/errors.md): a
// function that can fail returns an `Error` (or a `Result` holding one);
// what it printed on the way (progress, diagnostics) stays printed; the
// client decides the exit code from the kind alone (cli/exit_codes.h).
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace vagga::app {

enum class ErrorKind {
    NotBuilt,    // a build is needed and not allowed, or the version is unknown
    Interrupted, // a child we waited for was stopped by a signal
    Exited,      // a program whose exit code is ours exited with `code`
    Failed,      // anything else that stopped us
};

struct Error {
    ErrorKind kind = ErrorKind::Failed;
    // One line without its newline, to show as it is; empty when everything
    // was shown already.
    std::string message;
    // Interrupted: the exit code a shell expects (128 + the signal);
    // Exited: the program's exit code.
    int code = 0;
};

using Status = std::optional<Error>; // nullopt = success

inline Error failed(std::string message) {
    return {ErrorKind::Failed, std::move(message), 0};
}

// The system's words for a failed call's errno ("No such file or
// directory"), for messages that name the operation themselves.
std::string reason(int err);

} // namespace vagga::app
