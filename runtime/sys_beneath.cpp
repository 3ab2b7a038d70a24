// Host paths that a config names, opened without leaving the directory they
// belong to (sys.h, "paths beneath a root"). openat2(2) does the walk in
// the kernel, so a symlink or `..` met on the way is judged as the walk
// meets it, not checked first and followed later.
#include "runtime/sys.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vagga::runtime::sys {

namespace {

std::string relative_part(const std::string& path, const std::string& root) {
    std::string rel = path.substr(root.size());
    while (!rel.empty() && rel.front() == '/')
        rel.erase(0, 1);
    return rel.empty() ? "." : rel;
}

bool starts_under(const std::string& path, const std::string& root) {
    if (path.compare(0, root.size(), root) != 0)
        return false;
    return path.size() == root.size() || path[root.size()] == '/' || root.back() == '/';
}

} // namespace

Result<Fd> open_beneath(int dir_fd, const std::string& rel, int flags, Beneath how,
                        const std::string& shown) {
    struct open_how o;
    std::memset(&o, 0, sizeof o);
    o.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
    o.resolve =
        RESOLVE_NO_MAGICLINKS | (how == Beneath::InRoot ? RESOLVE_IN_ROOT : RESOLVE_BENEATH);
    long fd = openat2_retrying(dir_fd, rel.c_str(), &o);
    if (fd < 0) {
        Error e = make_error(errno, "open", shown);
        if (errno == EXDEV)
            e.hint = how == Beneath::InRoot
                         ? "the path leads out of the container's root"
                         : "the path leads out of the folder it must stay in (through `..` or "
                           "a symlink that points outside it)";
        return {Fd(), e};
    }
    return {Fd(static_cast<int>(fd)), std::nullopt};
}

Result<Fd> open_under(const std::string& path, const std::string& root, Beneath how, int flags) {
    if (!starts_under(path, root))
        return {Fd(), make_error(EXDEV, "open", path + " (not under " + root + ")")};
    auto dir = open(root, O_PATH | O_DIRECTORY);
    if (!dir.ok())
        return dir;
    return open_beneath(dir.value.get(), relative_part(path, root), flags, how, path);
}

Result<Fd> mkdir_under(const std::string& path, const std::string& root, mode_t mode,
                       bool* created) {
    *created = false;
    if (!starts_under(path, root))
        return {Fd(), make_error(EXDEV, "mkdir", path + " (not under " + root + ")")};
    auto cur = open(root, O_RDONLY | O_DIRECTORY);
    std::string rel = relative_part(path, root);
    std::string shown = root;
    size_t pos = 0;
    while (cur.ok() && pos < rel.size()) {
        size_t next = rel.find('/', pos);
        if (next == std::string::npos)
            next = rel.size();
        std::string name = rel.substr(pos, next - pos);
        pos = next + 1;
        if (name.empty() || name == ".")
            continue;
        shown += "/" + name;
        if (name == "..")
            return {Fd(), make_error(EXDEV, "mkdir", shown + " (`..`)")};
        *created = ::mkdirat(cur.value.get(), name.c_str(), mode) == 0;
        if (!*created && errno != EEXIST)
            return {Fd(), make_error(errno, "mkdir", shown)};
        // Never through a symlink, whoever made it.
        cur = openat(cur.value.get(), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        if (!cur.ok() && cur.error->err == ELOOP)
            cur.error->hint = "a symlink is in the way: a storage folder must be a real folder";
    }
    return cur;
}

} // namespace vagga::runtime::sys
