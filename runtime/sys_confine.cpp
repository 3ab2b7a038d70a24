// The system calls that take things away from a process (sys.h,
// "confinement"): inherited fds, ptrace access to pid 1, terminal input
// injection.
#include "runtime/sys.h"

#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <linux/close_range.h>

namespace vagga::runtime::sys {

Status close_fds_except(std::vector<int> keep) {
    keep.erase(std::remove_if(keep.begin(), keep.end(), [](int fd) { return fd < 3; }), keep.end());
    std::sort(keep.begin(), keep.end());
    keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
    unsigned first = 3;
    auto close_span = [](unsigned from, unsigned to) -> Status {
        if (from > to)
            return std::nullopt;
        if (::syscall(SYS_close_range, from, to, 0) == 0)
            return std::nullopt;
        if (errno != ENOSYS)
            return make_error(errno, "close_range", std::to_string(from));
        // Kernels before 5.9: one by one, up to the descriptor limit.
        long max = ::sysconf(_SC_OPEN_MAX);
        for (long fd = from; fd <= static_cast<long>(to) && fd < max; ++fd)
            ::close(static_cast<int>(fd));
        return std::nullopt;
    };
    for (int fd : keep) {
        if (auto e = close_span(first, static_cast<unsigned>(fd) - 1))
            return e;
        first = static_cast<unsigned>(fd) + 1;
    }
    return close_span(first, UINT_MAX);
}

Status set_dumpable(bool dumpable) {
    if (::prctl(PR_SET_DUMPABLE, dumpable ? 1 : 0, 0, 0, 0) < 0)
        return make_error(errno, "prctl", "PR_SET_DUMPABLE");
    return std::nullopt;
}

Status deny_terminal_injection() {
    scmp_filter_ctx ctx = ::seccomp_init(SCMP_ACT_ALLOW);
    if (ctx == nullptr)
        return make_error(ENOMEM, "seccomp_init", "");
    // Only the low 32 bits of the request count for the tty driver, so the
    // comparison masks them (flatpak's CVE-2019-10063: a high bit set would
    // otherwise slip past an exact match).
    int rc = 0;
    for (unsigned long request :
         {static_cast<unsigned long>(TIOCSTI), static_cast<unsigned long>(TIOCLINUX)}) {
        // SCMP_A1() builds this with a compound literal, which C++ lacks.
        const struct scmp_arg_cmp cmp = {1, SCMP_CMP_MASKED_EQ, 0xFFFFFFFFu, request};
        if (rc == 0)
            rc = ::seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1, &cmp);
    }
    // The filter is installed with our capabilities in the container's user
    // namespace, not with no_new_privs: setuid tools inside the container
    // (su, sudo) keep working as they did in the original.
    if (rc == 0)
        rc = ::seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
    if (rc == 0)
        rc = ::seccomp_load(ctx);
    ::seccomp_release(ctx);
    if (rc != 0)
        return make_error(-rc, "seccomp", "deny TIOCSTI and TIOCLINUX");
    return std::nullopt;
}

} // namespace vagga::runtime::sys
