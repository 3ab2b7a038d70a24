#include "tests/common/processes.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace vagga::test {
namespace fs = std::filesystem;

std::vector<pid_t> processes_with(const std::string& needle) {
    std::vector<pid_t> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/proc", ec)) {
        std::string name = e.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) {
            continue;
        }
        std::ifstream in(e.path() / "cmdline", std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        std::string cmd = ss.str();
        for (char& c : cmd) {
            if (c == '\0') {
                c = ' ';
            }
        }
        if (cmd.find(needle) != std::string::npos) {
            out.push_back(static_cast<pid_t>(std::stoi(name)));
        }
    }
    return out;
}

} // namespace vagga::test
