// Processes the CLI starts on the host around a build (spawn.h): the
// build lock and the vagga-build helper. System calls, like the other sys_*
// files.
#include "runtime/spawn.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>

namespace vagga::runtime {

namespace {

// In a forked child: exec, or exit 127 as a shell would.
[[noreturn]] void exec_or_exit(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
}

Result<int> reap(ChildPid& child) {
    auto status = sys::wait_for(child.get());
    if (status.ok()) {
        child.release();
    }
    return status;
}

} // namespace

Result<Fd> take_lock(const std::string& path, bool wait) {
    while (true) {
        Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
        if (!fd.valid()) {
            return {{}, make_error(errno, "open", path)};
        }
        int rc;
        do {
            rc = ::flock(fd.get(), LOCK_EX | (wait ? 0 : LOCK_NB));
        } while (rc < 0 && errno == EINTR);
        if (rc < 0) {
            return {{}, make_error(errno, "flock", path)};
        }
        // Whoever held the lock may have removed or replaced the file: a lock
        // on an unlinked inode protects nothing.
        struct stat held {};
        struct stat now {};
        if (::fstat(fd.get(), &held) == 0 && ::stat(path.c_str(), &now) == 0 &&
            held.st_ino == now.st_ino && held.st_dev == now.st_dev) {
            return {std::move(fd), std::nullopt};
        }
    }
}

Result<int> run_with_input(const std::vector<std::string>& argv, const std::string& input,
                           std::string* report) {
    auto p = sys::pipe();
    auto r = sys::pipe();
    if (!p.ok() || !r.ok()) {
        return {0, p.ok() ? r.error : p.error};
    }
    pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) {
        return {0, make_error(errno, "fork", argv.empty() ? "" : argv[0])};
    }
    if (pid == 0) {
        if (::prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || ::getppid() != parent) {
            ::_exit(121);
        }
        if (::dup2(p.value.read.get(), 0) < 0 || ::dup2(2, 1) < 0) {
            ::_exit(121);
        }
        if (report != nullptr) {
            // dup2 clears close-on-exec, except onto the same number.
            int w = r.value.write.get();
            if ((w == 3 ? ::fcntl(3, F_SETFD, 0) : ::dup2(w, 3)) < 0) {
                ::_exit(121);
            }
        }
        // vagga-build gets stdio and its report fd, nothing else we hold.
        if (sys::cloexec_from(report != nullptr ? 4 : 3)) {
            ::_exit(121);
        }
        exec_or_exit(argv);
    }
    ChildPid child(pid);
    p.value.read.reset();
    r.value.write.reset();
    // A builder that died early closes the pipe: EPIPE must not kill us.
    struct sigaction old = sys::default_disposition(SIGPIPE);
    ::signal(SIGPIPE, SIG_IGN);
    Status wrote = sys::write_all(p.value.write.get(), input, "build plan pipe");
    sys::restore_disposition(SIGPIPE, old);
    p.value.write.reset();
    // Read the report before waiting: a large one would block the child.
    if (report != nullptr) {
        auto text = sys::read_all(r.value.read.get());
        *report = text.ok() ? text.value : "";
    }
    auto status = reap(child);
    if (status.ok() && wrote && sys::exit_code_of(status.value) == 0) {
        return {0, wrote};
    }
    return status;
}

Result<int> run_on_host(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
    pid_t pid = ::fork();
    if (pid < 0) {
        return {0, make_error(errno, "fork", argv.empty() ? "" : argv[0])};
    }
    if (pid == 0) {
        int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (devnull < 0 || ::dup2(devnull, 0) < 0 || sys::cloexec_from(3)) {
            ::_exit(121);
        }
        for (const auto& kv : env) {
            ::putenv(const_cast<char*>(kv.c_str()));
        }
        exec_or_exit(argv);
    }
    ChildPid child(pid);
    return reap(child);
}

} // namespace vagga::runtime
