#include "runtime/host.h"

#include "runtime/sys.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace vagga::runtime {
namespace {

std::string find_on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string p = path != nullptr ? path : "";
    p += ":/usr/bin:/bin";
    size_t pos = 0;
    while (pos <= p.size()) {
        size_t next = p.find(':', pos);
        if (next == std::string::npos) {
            next = p.size();
        }
        std::string dir = p.substr(pos, next - pos);
        pos = next + 1;
        if (dir.empty() || dir.front() != '/') {
            continue;
        }
        std::string full = dir + "/" + name;
        if (sys::executable(full)) {
            return full;
        }
    }
    return "";
}

// The name /etc/subuid uses for `uid`. Read from /etc/passwd directly, not
// through NSS (`id -un` in the original): the launcher can then be linked
// statically, which halves its start-up time. Users that only exist in a
// directory service fall back to $USER; /etc/subuid lines by numeric uid
// match either way.
std::string user_name_of(uid_t uid) {
    auto passwd = sys::read_file("/etc/passwd", 16 << 20);
    std::istringstream in(passwd.ok() ? passwd.value : "");
    std::string line;
    const std::string id = std::to_string(uid);
    while (std::getline(in, line)) {
        auto c1 = line.find(':');
        auto c2 = c1 == std::string::npos ? c1 : line.find(':', c1 + 1);
        auto c3 = c2 == std::string::npos ? c2 : line.find(':', c2 + 1);
        if (c3 != std::string::npos && line.compare(c2 + 1, c3 - c2 - 1, id) == 0) {
            return line.substr(0, c1);
        }
    }
    const char* env = std::getenv("USER");
    return env != nullptr ? env : "";
}

} // namespace

Host Host::from_process() {
    Host h;
    h.uid = sys::real_uid();
    h.gid = sys::real_gid();
    h.user_name = user_name_of(h.uid);
    h.newuidmap = find_on_path("newuidmap");
    h.newgidmap = find_on_path("newgidmap");
    h.warn = [](const std::string& m) { std::fprintf(stderr, "warning: %s\n", m.c_str()); };
    return h;
}

} // namespace vagga::runtime
