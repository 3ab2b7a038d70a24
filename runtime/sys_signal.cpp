// Signals and the terminal (sys.h): masks, signalfd, handlers, job
// control, the event loop of pid 1 and the launcher.
#include "runtime/sys.h"

#include "process/spawn.h"

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

Status block_signals(const std::vector<int>& sigs, sigset_t* old) {
    sigset_t set;
    sigemptyset(&set);
    for (int s : sigs) {
        sigaddset(&set, s);
    }
    if (::sigprocmask(SIG_BLOCK, &set, old) < 0) {
        return fail("sigprocmask", "");
    }
    return std::nullopt;
}

Status restore_signals(const sigset_t& old) {
    if (::sigprocmask(SIG_SETMASK, &old, nullptr) < 0) {
        return fail("sigprocmask", "");
    }
    return std::nullopt;
}

Result<Fd> signalfd(const std::vector<int>& sigs) {
    sigset_t set;
    sigemptyset(&set);
    for (int s : sigs) {
        sigaddset(&set, s);
    }
    int fd = ::signalfd(-1, &set, SFD_CLOEXEC);
    if (fd < 0) {
        return fail_r<Fd>("signalfd", "");
    }
    return ok(Fd(fd));
}

namespace {
void noop_handler(int) {}
} // namespace

Status catch_signals(const std::vector<int>& sigs) {
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = noop_handler;
    sigemptyset(&sa.sa_mask);
    for (int s : sigs) {
        if (::sigaction(s, &sa, nullptr) < 0) {
            return fail("sigaction", std::to_string(s));
        }
    }
    return std::nullopt;
}

struct sigaction default_disposition(int sig) {
    struct sigaction sa;
    struct sigaction old;
    std::memset(&sa, 0, sizeof sa);
    std::memset(&old, 0, sizeof old);
    sa.sa_handler = SIG_DFL;
    (void)::sigaction(sig, &sa, &old);
    return old;
}

void restore_disposition(int sig, const struct sigaction& old) {
    (void)::sigaction(sig, &old, nullptr);
}

void reset_signals() {
    process::reset_signals();
}

Status set_own_process_group() {
    if (::setpgid(0, 0) < 0) {
        return fail("setpgid", "");
    }
    return std::nullopt;
}

void set_process_group(pid_t child) {
    (void)::setpgid(child, child);
}

bool is_foreground_tty(int fd) {
    if (::isatty(fd) == 0) {
        return false;
    }
    pid_t fg = ::tcgetpgrp(fd);
    return fg > 0 && fg == ::getpgrp();
}

void give_terminal(int fd, pid_t pgrp) {
    (void)::tcsetpgrp(fd, pgrp);
}

void reclaim_terminal(int fd) {
    if (::isatty(fd) == 0) {
        return;
    }
    pid_t fg = ::tcgetpgrp(fd);
    if (fg > 0 && fg != ::getpgrp() && ::kill(-fg, 0) < 0 && errno == ESRCH) {
        (void)::tcsetpgrp(fd, ::getpgrp());
    }
}

void give_terminal_to_self(int fd) {
    (void)::tcsetpgrp(fd, ::getpid());
}

void take_terminal(int fd) {
    if (::isatty(fd) != 0) {
        (void)::tcsetpgrp(fd, ::getpgrp());
    }
}

void stop_self() {
    (void)::kill(::getpid(), SIGSTOP);
}

void send_signal(pid_t pid, int sig) {
    (void)::kill(pid, sig);
}

void send_group_signal(pid_t pgrp, int sig) {
    if (::killpg(pgrp, sig) < 0) {
        (void)::kill(pgrp, sig); // not (yet) a group leader
    }
}

Result<Event> next_event(int sigfd, int fd, int timeout_ms) {
    struct pollfd p[2];
    p[0] = {sigfd, POLLIN, 0};
    p[1] = {fd, POLLIN, 0};
    while (true) {
        int n = ::poll(p, fd >= 0 ? 2 : 1, timeout_ms);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return fail_r<Event>("poll", "signalfd");
        }
        Event ev;
        if (n == 0) {
            ev.timeout = true;
            return ok(ev);
        }
        if ((p[0].revents & POLLIN) != 0) {
            struct signalfd_siginfo si;
            ssize_t r = ::read(sigfd, &si, sizeof si);
            if (r < 0 && (errno == EINTR || errno == EAGAIN)) {
                continue;
            }
            if (r != static_cast<ssize_t>(sizeof si)) {
                return fail_r<Event>("read", "signalfd");
            }
            ev.signal = static_cast<int>(si.ssi_signo);
            return ok(ev);
        }
        if (fd >= 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            unsigned char b = 0;
            ssize_t r = ::read(fd, &b, 1);
            if (r < 0 && (errno == EINTR || errno == EAGAIN)) {
                continue;
            }
            if (r <= 0) {
                ev.eof = true;
            } else {
                ev.byte = b;
            }
            return ok(ev);
        }
    }
}

} // namespace vagga::runtime::sys
