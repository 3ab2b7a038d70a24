// What the CLI takes from the outside world, gathered in one place so tests
// can run the whole CLI in-process with their own directory, environment and
// output streams.
#pragma once

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

// Exit codes of the original (runtime.md §6).
namespace exit_code {
constexpr int ok = 0;
constexpr int version_unknown = 29;
constexpr int launcher_error = 121;
constexpr int usage = 122;
constexpr int config_error = 126;
constexpr int no_command = 127;
} // namespace exit_code

} // namespace vagga::cli
