#include "tests/common/temp_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vagga::test {
namespace fs = std::filesystem;

void install_busybox(const std::string& root, std::initializer_list<const char*> applets) {
    fs::create_directories(root + "/bin");
    fs::copy_file(BUSYBOX_PATH, root + "/bin/busybox");
    chmod((root + "/bin/busybox").c_str(), 0755);
    for (const char* applet : applets) {
        fs::create_symlink("busybox", root + "/bin/" + applet);
    }
}

void write_root_etc(const std::string& root) {
    fs::create_directories(root + "/etc");
    write_file(root + "/etc/hosts", "");
    write_file(root + "/etc/resolv.conf", "");
    write_file(root + "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
    write_file(root + "/etc/group", "root:x:0:\n");
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
}

bool is_root() {
    return getuid() == 0;
}

} // namespace vagga::test
