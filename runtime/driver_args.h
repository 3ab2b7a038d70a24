// The command line shared by the plan drivers `vagga-run-plan` and
// `vagga-build`: `[OPTIONS] PLAN.json|-`. The common options substitute the
// host's id files and helpers (the tests use them); a driver may add its own.
#pragma once

#include "compiler/source/span.h"
#include "runtime/host.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>

namespace vagga::runtime {

// A driver's own option, which takes a value: returns whether it took
// `option` (with `value`).
using DriverOption = std::function<bool(const std::string& option, const char* value)>;

// Applies --subuid F, --subgid F, --newuidmap P, --newgidmap P to `host`
// and hands other options with a value to `extra`. Returns PLAN (a path, or
// "-" for stdin), or "" on bad usage.
std::string parse_driver_args(int argc, char** argv, Host* host, const DriverOption& extra = {});

// The JSON document in the file `name`, or on stdin for "-". When it cannot
// be read or is not JSON, says so on stderr as `PROG: ...` and returns
// nothing.
std::optional<nlohmann::json> read_json_arg(const char* prog, const std::string& name);

// " (config span FILE:BEGIN-END)" to follow an error message, or "" when the
// error has no span.
std::string span_note(const source::Span& span);

} // namespace vagga::runtime
