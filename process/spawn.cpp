#include "process/spawn.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/close_range.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace vagga::process {

namespace {

// The PATH the child searches: its own when the spec sets one, else ours.
std::string search_path_of(const Spec& spec) {
    if (spec.env) {
        for (const auto& kv : *spec.env) {
            if (kv.rfind("PATH=", 0) == 0) {
                return kv.substr(5);
            }
        }
    }
    const char* ours = std::getenv("PATH");
    return ours != nullptr ? ours : "/usr/local/bin:/usr/bin:/bin";
}

// argv[0] as execve needs it: a name without '/' found in PATH (the first
// executable match), anything else as it is.
std::string program_of(const Spec& spec) {
    if (!spec.program.empty()) {
        return spec.program;
    }
    const std::string& name = spec.argv.at(0);
    if (!spec.search_path || name.find('/') != std::string::npos) {
        return name;
    }
    std::string path = search_path_of(spec);
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find(':', start);
        std::string dir = path.substr(start, end == std::string::npos ? end : end - start);
        if (!dir.empty()) {
            std::string candidate = dir + "/" + name;
            if (::access(candidate.c_str(), X_OK) == 0) {
                return candidate;
            }
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return name; // execve fails with ENOENT: the child exits kExecFailed
}

// In the child: stdio and the extra fds onto their numbers.
bool set_up_fds(const Spec& spec) {
    std::vector<std::pair<int, int>> from_to = spec.fds;
    const Stdio* stdio[] = {&spec.in, &spec.out, &spec.err};
    for (int n = 0; n < 3; ++n) {
        const Stdio& s = *stdio[n];
        if (s.kind == Stdio::Kind::Null) {
            int fd = ::open("/dev/null", (n == 0 ? O_RDONLY : O_WRONLY) | O_CLOEXEC);
            if (fd < 0) {
                return false;
            }
            from_to.emplace_back(fd, n);
        } else if (s.kind == Stdio::Kind::Fd) {
            from_to.emplace_back(s.fd, n);
        }
    }
    return place_fds(from_to);
}

[[noreturn]] void child(const Spec& spec, pid_t parent, const std::string& program,
                        std::vector<char*>& argv, std::vector<char*>* envp) {
    if (spec.die_with_parent &&
        (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || ::getppid() != parent)) {
        ::_exit(kSetupFailed);
    }
    if (spec.reset_signals) {
        reset_signals();
    }
    if (!set_up_fds(spec)) {
        ::_exit(kSetupFailed);
    }
    if (spec.in_child) {
        int code = spec.in_child();
        if (spec.argv.empty() || code != 0) {
            ::_exit(code);
        }
    }
    ::execve(program.c_str(), argv.data(), envp != nullptr ? envp->data() : environ);
    ::_exit(kExecFailed);
}

// Reads what is there; false at EOF or on an error other than EAGAIN.
bool drain(int fd, std::string& into) {
    char buf[8192];
    while (true) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            into.append(buf, static_cast<size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        return n < 0 && errno == EAGAIN;
    }
}

struct OwnedFd {
    int fd = -1;
    OwnedFd() = default;
    OwnedFd(const OwnedFd&) = delete;
    OwnedFd& operator=(const OwnedFd&) = delete;
    ~OwnedFd() { reset(); }
    void reset() {
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
    }
};

struct OwnedPipe {
    OwnedFd read;
    OwnedFd write;
    bool open() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) < 0) {
            return false;
        }
        read.fd = fds[0];
        write.fd = fds[1];
        return true;
    }
};

} // namespace

Child& Child::operator=(Child&& o) noexcept {
    if (this != &o) {
        Child old(std::exchange(pid_, std::exchange(o.pid_, -1)));
    }
    return *this;
}

Child::~Child() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        int st = 0;
        while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
        }
    }
}

std::vector<char*> c_strings(const std::vector<std::string>& v) {
    std::vector<char*> out;
    out.reserve(v.size() + 1);
    for (const auto& s : v) {
        out.push_back(const_cast<char*>(s.c_str()));
    }
    out.push_back(nullptr);
    return out;
}

void cloexec_from(int first_fd) {
    if (::syscall(SYS_close_range, first_fd, ~0U, CLOSE_RANGE_CLOEXEC) == 0) {
        return;
    }
    // Older kernels: walk the possible fds.
    long max = ::sysconf(_SC_OPEN_MAX);
    for (int fd = first_fd; fd < max; ++fd) {
        int f = ::fcntl(fd, F_GETFD);
        if (f >= 0) {
            ::fcntl(fd, F_SETFD, f | FD_CLOEXEC);
        }
    }
}

bool place_fds(const std::vector<std::pair<int, int>>& from_to) {
    // Above every target rather than at a fixed number: F_DUPFD fails with
    // EINVAL at or over RLIMIT_NOFILE, which is often just 1024.
    int above = 3;
    for (const auto& ft : from_to) {
        above = std::max(above, ft.second + 1);
    }
    std::vector<std::pair<int, int>> moved;
    for (const auto& [from, to] : from_to) {
        int high = ::fcntl(from, F_DUPFD_CLOEXEC, above);
        if (high < 0) {
            return false;
        }
        moved.emplace_back(high, to);
    }
    cloexec_from(3);
    for (const auto& [high, to] : moved) {
        if (::dup2(high, to) < 0) {
            return false;
        }
        ::close(high);
    }
    return true;
}

void reset_signals() {
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    for (int s = 1; s < NSIG; ++s) {
        if (s != SIGKILL && s != SIGSTOP) {
            ::sigaction(s, &sa, nullptr); // fails harmlessly for reserved RT signals
        }
    }
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

Started spawn(const Spec& spec) {
    // Everything the child needs is made before the fork.
    std::string program = spec.argv.empty() ? "" : program_of(spec);
    std::vector<char*> argv = c_strings(spec.argv);
    std::vector<char*> envp;
    if (spec.env) {
        envp = c_strings(*spec.env);
    }
    pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) {
        return {Child(), errno};
    }
    if (pid == 0) {
        child(spec, parent, program, argv, spec.env ? &envp : nullptr);
    }
    return {Child(pid), 0};
}

int wait(Child& child) {
    int st = 0;
    while (::waitpid(child.pid(), &st, 0) < 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    child.release();
    return st;
}

Finished run(Spec spec, const std::string* input, bool capture_out, bool capture_err) {
    Finished f;
    OwnedPipe in;
    OwnedPipe out;
    OwnedPipe err;
    if ((input != nullptr && !in.open()) || (capture_out && !out.open()) ||
        (capture_err && !err.open())) {
        f.error = errno;
        return f;
    }
    if (input != nullptr) {
        spec.in = Stdio::from(in.read.fd);
    }
    if (capture_out) {
        spec.out = Stdio::from(out.write.fd);
    }
    if (capture_err) {
        spec.err = Stdio::from(err.write.fd);
    }
    Started s = spawn(spec);
    if (s.error != 0) {
        f.error = s.error;
        return f;
    }
    in.read.reset();
    out.write.reset();
    err.write.reset();
    // A child that stopped reading closes the pipe: EPIPE must not kill us.
    struct sigaction ignore {};
    struct sigaction old {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &old);
    size_t written = 0;
    for (int fd : {in.write.fd, out.read.fd, err.read.fd}) {
        if (fd >= 0) {
            ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
        }
    }
    if (input != nullptr && input->empty()) {
        in.write.reset();
    }
    while (in.write.fd >= 0 || out.read.fd >= 0 || err.read.fd >= 0) {
        pollfd p[3] = {
            {in.write.fd, POLLOUT, 0}, {out.read.fd, POLLIN, 0}, {err.read.fd, POLLIN, 0}};
        if (::poll(p, 3, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if (p[0].revents != 0) {
            ssize_t n = ::write(in.write.fd, input->data() + written, input->size() - written);
            if (n > 0) {
                written += static_cast<size_t>(n);
            }
            if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == input->size()) {
                in.write.reset();
            }
        }
        if (p[1].revents != 0 && !drain(out.read.fd, f.out)) {
            out.read.reset();
        }
        if (p[2].revents != 0 && !drain(err.read.fd, f.err)) {
            err.read.reset();
        }
    }
    ::sigaction(SIGPIPE, &old, nullptr);
    f.status = wait(s.child);
    if (f.status < 0) {
        f.error = errno;
    }
    return f;
}

} // namespace vagga::process
