// Processes (sys.h): namespaces, fork and exec, fds across exec, ids,
// the id-map helpers, waiting and exit codes.
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

Result<pid_t> clone_namespaces(uint64_t flags) {
    struct clone_args args;
    std::memset(&args, 0, sizeof args);
    args.flags = flags;
    args.exit_signal = SIGCHLD;
    long pid = ::syscall(SYS_clone3, &args, sizeof args);
    if (pid < 0) {
        return fail_r<pid_t>("clone", "");
    }
    return ok(static_cast<pid_t>(pid));
}

Result<pid_t> fork() {
    pid_t pid = ::fork();
    if (pid < 0) {
        return fail_r<pid_t>("fork", "");
    }
    return ok(pid);
}

Status unshare(int flags) {
    if (::unshare(flags) < 0) {
        return fail("unshare", "");
    }
    return std::nullopt;
}

Status set_pdeathsig(int sig) {
    if (::prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) < 0) {
        return fail("prctl", "PR_SET_PDEATHSIG");
    }
    return std::nullopt;
}

Status exec(const std::string& path, const std::vector<std::string>& argv,
            const std::vector<std::string>& envp) {
    auto a = c_strings(argv);
    auto e = c_strings(envp);
    ::execve(path.c_str(), a.data(), e.data());
    return fail("exec", path);
}

Status cloexec_from(int first_fd) {
    process::cloexec_from(first_fd);
    return std::nullopt;
}

Status pass_fds(const std::vector<std::pair<int, int>>& from_to) {
    if (!process::place_fds(from_to)) {
        return fail("dup", "passed fds");
    }
    return std::nullopt;
}

Result<Fd> listen_tcp(const std::string& ip, uint16_t port, const std::string& shown) {
    bool v6 = ip.find(':') != std::string::npos;
    Fd s(::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!s.valid()) {
        return fail_r<Fd>("socket", shown);
    }
    int one = 1;
    if (::setsockopt(s.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) {
        return fail_r<Fd>("setsockopt SO_REUSEADDR", shown);
    }
    int rc = -1;
    if (v6) {
        struct sockaddr_in6 a;
        std::memset(&a, 0, sizeof a);
        a.sin6_family = AF_INET6;
        a.sin6_port = htons(port);
        if (::inet_pton(AF_INET6, ip.c_str(), &a.sin6_addr) != 1) {
            errno = EINVAL;
            return fail_r<Fd>("bad address", shown);
        }
        rc = ::bind(s.get(), reinterpret_cast<struct sockaddr*>(&a), sizeof a);
    } else {
        struct sockaddr_in a;
        std::memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        if (::inet_pton(AF_INET, ip.c_str(), &a.sin_addr) != 1) {
            errno = EINVAL;
            return fail_r<Fd>("bad address", shown);
        }
        rc = ::bind(s.get(), reinterpret_cast<struct sockaddr*>(&a), sizeof a);
    }
    if (rc < 0) {
        return fail_r<Fd>("bind", shown);
    }
    if (::listen(s.get(), 128) < 0) {
        return fail_r<Fd>("listen", shown);
    }
    return ok(std::move(s));
}

Status set_ids(uid_t uid, gid_t gid, const std::vector<gid_t>* groups) {
    if (groups != nullptr && ::setgroups(groups->size(), groups->data()) < 0) {
        return fail("setgroups", "");
    }
    if (::setresgid(gid, gid, gid) < 0) {
        return fail("setgid", std::to_string(gid));
    }
    if (::setresuid(uid, uid, uid) < 0) {
        return fail("setuid", std::to_string(uid));
    }
    return std::nullopt;
}

std::vector<Status> run_helpers(const std::vector<std::vector<std::string>>& argvs) {
    // All started before any is waited for: newuidmap and newgidmap write
    // the two maps of the same process.
    std::vector<Status> out(argvs.size());
    std::vector<process::Child> children(argvs.size());
    for (size_t i = 0; i < argvs.size(); ++i) {
        process::Spec spec;
        spec.argv = argvs[i];
        spec.in = process::Stdio::inherit(); // the setuid helpers get stdio and nothing else
        spec.reset_signals = true;
        process::Started started = process::spawn(spec);
        if (started.error != 0) {
            errno = started.error;
            out[i] = fail("fork", argvs[i][0]);
        }
        children[i] = std::move(started.child);
    }
    for (size_t i = 0; i < argvs.size(); ++i) {
        if (!children[i].running()) {
            continue;
        }
        int st = process::wait(children[i]);
        if (st < 0) {
            out[i] = fail("waitpid", argvs[i][0]);
        } else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            std::string how = WIFEXITED(st) ? "exited with code " + std::to_string(WEXITSTATUS(st))
                                            : "killed by signal " + std::to_string(WTERMSIG(st));
            out[i] = make_error(0, argvs[i][0], how);
        }
    }
    return out;
}

uid_t real_uid() {
    return ::getuid();
}

pid_t parent_pid() {
    return ::getppid();
}
gid_t real_gid() {
    return ::getgid();
}

bool executable(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

std::string find_in_path(const std::string& name, const std::string& path, bool relative) {
    size_t pos = 0;
    while (pos <= path.size()) {
        size_t next = path.find(':', pos);
        if (next == std::string::npos) {
            next = path.size();
        }
        std::string dir = path.substr(pos, next - pos);
        pos = next + 1;
        if (!relative && (dir.empty() || dir.front() != '/')) {
            continue;
        }
        std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
        if (executable(candidate)) {
            return candidate;
        }
    }
    return "";
}

std::string filesystem_problem(const std::string& path) {
    struct statvfs st;
    if (::statvfs(path.c_str(), &st) < 0) {
        return "";
    }
    if ((st.f_flag & ST_NOEXEC) != 0) {
        return "the filesystem holding " + path +
               " is mounted noexec, so nothing on it can run; keep the project (or "
               "storage-dir) on a filesystem without noexec";
    }
    return "";
}

std::vector<Reaped> reap_all(bool* none_left, bool report_stops) {
    std::vector<Reaped> out;
    *none_left = false;
    const int flags = WNOHANG | (report_stops ? WUNTRACED : 0);
    while (true) {
        int st = 0;
        pid_t pid = ::waitpid(-1, &st, flags);
        if (pid > 0) {
            out.push_back({pid, st, WIFSTOPPED(st)});
            continue;
        }
        if (pid < 0 && errno == EINTR) {
            continue;
        }
        if (pid < 0 && errno == ECHILD) {
            *none_left = true;
        }
        return out;
    }
}

Result<std::optional<int>> try_wait(pid_t pid) {
    while (true) {
        int st = 0;
        pid_t w = ::waitpid(pid, &st, WNOHANG);
        if (w == pid) {
            return ok(std::optional<int>(st));
        }
        if (w == 0) {
            return ok(std::optional<int>());
        }
        if (errno != EINTR) {
            return fail_r<std::optional<int>>("waitpid", std::to_string(pid));
        }
    }
}

Result<int> wait_for(pid_t pid) {
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR) {
            return fail_r<int>("waitpid", std::to_string(pid));
        }
    }
    return ok(st);
}

void exit_now(int code) {
    ::_exit(code);
}

int exit_code_of(int wait_status) {
    if (WIFEXITED(wait_status)) {
        return WEXITSTATUS(wait_status);
    }
    if (WIFSIGNALED(wait_status)) {
        return 128 + WTERMSIG(wait_status);
    }
    return 1;
}

std::string signal_name(int sig) {
    const char* a = ::sigabbrev_np(sig);
    return std::string("SIG") + (a != nullptr ? a : "?");
}

std::string describe_status(int wait_status) {
    if (WIFEXITED(wait_status)) {
        return "exited with code " + std::to_string(WEXITSTATUS(wait_status));
    }
    if (WIFSIGNALED(wait_status)) {
        int sig = WTERMSIG(wait_status);
        std::string s = "killed by signal " + signal_name(sig) + "[" + std::to_string(sig) + "]";
        if (WCOREDUMP(wait_status)) {
            s += " (core dumped)";
        }
        return s;
    }
    return "stopped";
}

} // namespace vagga::runtime::sys
