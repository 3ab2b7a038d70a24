// Processes the CLI starts on the host around a build (spawn.h): the
// build lock and the vagga-build helper. System calls, like the other sys_*
// files.
#include "runtime/spawn.h"

#include "process/spawn.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>

extern char** environ;

namespace vagga::runtime {

namespace {

// A wait status as the runtime reports it.
Result<int> waited(process::Child& child, const std::string& name) {
    int st = process::wait(child);
    if (st < 0) {
        return {0, make_error(errno, "waitpid", name)};
    }
    return {st, std::nullopt};
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
    // vagga-build gets the plan on stdin, stdout onto our stderr, its report
    // fd as 3, and nothing else we hold; it dies with us.
    process::Spec spec;
    spec.argv = argv;
    spec.in = process::Stdio::from(p.value.read.get());
    spec.out = process::Stdio::from(2);
    if (report != nullptr) {
        spec.fds = {{r.value.write.get(), 3}};
    }
    spec.die_with_parent = true;
    process::Started started = process::spawn(spec);
    if (started.error != 0) {
        return {0, make_error(started.error, "fork", argv.empty() ? "" : argv[0])};
    }
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
    auto status = waited(started.child, argv.at(0));
    if (status.ok() && wrote && sys::exit_code_of(status.value) == 0) {
        return {0, wrote};
    }
    return status;
}

Result<int> run_on_host(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
    process::Spec spec;
    spec.argv = argv;
    // Our environment with `env` laid over it.
    std::vector<std::string> all;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string kv = *e;
        std::string name = kv.substr(0, kv.find('='));
        bool replaced = std::any_of(env.begin(), env.end(), [&](const std::string& x) {
            return x.substr(0, x.find('=')) == name;
        });
        if (!replaced) {
            all.push_back(std::move(kv));
        }
    }
    all.insert(all.end(), env.begin(), env.end());
    spec.env = std::move(all);
    process::Started started = process::spawn(spec);
    if (started.error != 0) {
        return {0, make_error(started.error, "fork", argv.empty() ? "" : argv[0])};
    }
    return waited(started.child, argv.at(0));
}

} // namespace vagga::runtime
