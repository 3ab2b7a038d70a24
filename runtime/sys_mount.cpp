// Mounts and roots (sys.h): remounts, unmounts, pivot_root, the loopback.
#include "runtime/sys.h"

#include "runtime/sys_internal.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace vagga::runtime::sys {

using namespace detail;

Status loopback_up() {
    Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!s.valid()) {
        return fail("socket", "lo");
    }
    struct ifreq ifr;
    std::memset(&ifr, 0, sizeof ifr);
    std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    if (::ioctl(s.get(), SIOCGIFFLAGS, &ifr) < 0) {
        return fail("ioctl SIOCGIFFLAGS", "lo");
    }
    ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
    if (::ioctl(s.get(), SIOCSIFFLAGS, &ifr) < 0) {
        return fail("ioctl SIOCSIFFLAGS", "lo");
    }
    return std::nullopt;
}

std::string fd_path(int fd) {
    return "/proc/self/fd/" + std::to_string(fd);
}

Status mount(const std::string& source, const std::string& target, const char* fstype,
             unsigned long flags, const std::string& data, const std::string& shown) {
    if (::mount(source.empty() ? nullptr : source.c_str(), target.c_str(), fstype, flags,
                data.empty() ? nullptr : data.c_str()) < 0) {
        return fail("mount", shown);
    }
    return std::nullopt;
}

Status remount_read_only(const std::string& target, const std::string& shown) {
    struct statvfs st;
    if (::statvfs(target.c_str(), &st) < 0) {
        return fail("statvfs", shown);
    }
    // Table of the flags statvfs reports and the mount flags that keep them.
    static constexpr std::pair<unsigned long, unsigned long> kept[] = {
        {ST_NOSUID, MS_NOSUID},   {ST_NODEV, MS_NODEV},           {ST_NOEXEC, MS_NOEXEC},
        {ST_NOATIME, MS_NOATIME}, {ST_NODIRATIME, MS_NODIRATIME}, {ST_RELATIME, MS_RELATIME},
    };
    unsigned long flags = MS_REMOUNT | MS_BIND | MS_RDONLY;
    for (const auto& [st_flag, ms_flag] : kept) {
        if ((st.f_flag & st_flag) != 0) {
            flags |= ms_flag;
        }
    }
    // Neither noatime nor relatime means strictatime. Once one atime flag is
    // given the others are not kept, so say this one explicitly too.
    if ((st.f_flag & (ST_NOATIME | ST_RELATIME)) == 0) {
        flags |= MS_STRICTATIME;
    }
    if (::mount(nullptr, target.c_str(), nullptr, flags, nullptr) < 0) {
        Error e = make_error(errno, "remount read-only", shown);
        return e;
    }
    return std::nullopt;
}

Status make_tree_read_only(const std::string& target, const std::string& shown) {
    struct mount_attr attr;
    std::memset(&attr, 0, sizeof attr);
    attr.attr_set = MOUNT_ATTR_RDONLY;
    if (::mount_setattr(AT_FDCWD, target.c_str(), AT_RECURSIVE, &attr, sizeof attr) == 0) {
        return std::nullopt;
    }
    if (errno != ENOSYS) {
        return fail("mount_setattr read-only", shown);
    }
    return remount_read_only(target, shown);
}

Status umount_detach(const std::string& target, const std::string& shown) {
    if (::umount2(target.c_str(), MNT_DETACH) < 0) {
        return fail("umount", shown);
    }
    return std::nullopt;
}

namespace {

// pivot_root(".", ".") stacks the old root on top of the new one (our
// cwd); the detach then leaves only the new root, without needing a
// put_old dir (which a read-only root could not provide).
Status pivot_into_cwd(const std::string& shown) {
    if (::syscall(SYS_pivot_root, ".", ".") < 0) {
        return fail("pivot_root", shown);
    }
    if (::umount2(".", MNT_DETACH) < 0) {
        return fail("umount old root", shown);
    }
    if (::chdir("/") < 0) {
        return fail("chdir", "/");
    }
    return std::nullopt;
}

} // namespace

Status pivot_root_here(const std::string& new_root) {
    if (::chdir(new_root.c_str()) < 0) {
        return fail("chdir", new_root);
    }
    return pivot_into_cwd(new_root);
}

Status pivot_root_fd(int fd, const std::string& shown) {
    if (::fchdir(fd) < 0) {
        return fail("fchdir", shown);
    }
    return pivot_into_cwd(shown);
}

Result<Fd> clone_mount_tree(int fd, const std::string& shown) {
    int copy =
        ::open_tree(fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE | AT_EMPTY_PATH);
    if (copy < 0) {
        return Result<Fd>{{}, make_error(errno, "open_tree", shown)};
    }
    return Result<Fd>{Fd(copy), std::nullopt};
}

Status attach_mount_tree(int fd, const std::string& target, const std::string& shown) {
    if (::move_mount(fd, "", AT_FDCWD, target.c_str(), MOVE_MOUNT_F_EMPTY_PATH) < 0) {
        return fail("move_mount", shown);
    }
    return std::nullopt;
}

Status chdir(const std::string& path) {
    if (::chdir(path.c_str()) < 0) {
        return fail("chdir", path);
    }
    return std::nullopt;
}

} // namespace vagga::runtime::sys
