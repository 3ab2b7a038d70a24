// What the CLI takes from the outside world, gathered in one place so tests
// can run the whole CLI in-process with their own directory, environment and
// output streams.
#pragma once

#include "cli/errors.h"

#include <filesystem>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace vagga::cli {

struct Context {
    std::filesystem::path cwd;
    std::map<std::string, std::string> environ;
    std::ostream& out;
    std::ostream& err;

    std::optional<std::string> env(const std::string& name) const {
        auto it = environ.find(name);
        if (it == environ.end())
            return std::nullopt;
        return it->second;
    }
};

// Runs `vagga ARGS...` (args excludes argv[0]) and returns the exit code.
int run(const std::vector<std::string>& args, Context& ctx);

} // namespace vagga::cli
