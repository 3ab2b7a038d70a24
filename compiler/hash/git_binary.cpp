// GitBinary: `git describe` through the git executable, standing in for the
// libgit2 call of the original (DescribeOptions::default, format(None)).
#include "compiler/hash/project_files.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace vagga::hash {

namespace {

struct Pipe {
    int fds[2] = {-1, -1};
    Pipe() {
        if (::pipe2(fds, O_CLOEXEC) != 0) {
            fds[0] = fds[1] = -1;
        }
    }
    ~Pipe() {
        close_read();
        close_write();
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    void close_read() {
        if (fds[0] >= 0) {
            ::close(fds[0]);
            fds[0] = -1;
        }
    }
    void close_write() {
        if (fds[1] >= 0) {
            ::close(fds[1]);
            fds[1] = -1;
        }
    }
};

struct SpawnActions {
    posix_spawn_file_actions_t a;
    SpawnActions() { posix_spawn_file_actions_init(&a); }
    ~SpawnActions() { posix_spawn_file_actions_destroy(&a); }
    SpawnActions(const SpawnActions&) = delete;
    SpawnActions& operator=(const SpawnActions&) = delete;
};

std::string read_all(int fd) {
    std::string out;
    char buf[4096];
    while (true) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return out;
        }
        out.append(buf, static_cast<size_t>(n));
    }
}

} // namespace

Git::Result GitBinary::describe(const std::string& host_dir,
                                const std::optional<std::string>& pattern, std::string& out,
                                std::string& error) {
    // safe.directory: libgit2 as vagga used it did not refuse repositories
    // owned by another user, and the project may be owned by one.
    std::vector<std::string> args = {exe_,     "-c",       "safe.directory=*", "-C",
                                     host_dir, "describe", "--abbrev=7"};
    if (pattern) {
        args.push_back("--match");
        args.push_back(*pattern);
    }
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    // English messages, so "not a git repository" can be recognised.
    std::vector<std::string> env_store = {"LC_ALL=C"};
    for (char** e = environ; *e != nullptr; ++e) {
        if (std::strncmp(*e, "LC_ALL=", 7) != 0 && std::strncmp(*e, "LANG=", 5) != 0) {
            env_store.emplace_back(*e);
        }
    }
    std::vector<char*> envp;
    for (auto& e : env_store) {
        envp.push_back(e.data());
    }
    envp.push_back(nullptr);

    Pipe out_pipe;
    Pipe err_pipe;
    if (out_pipe.fds[0] < 0 || err_pipe.fds[0] < 0) {
        error = "pipe failed";
        return Result::Failed;
    }
    SpawnActions actions;
    posix_spawn_file_actions_addopen(&actions.a, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions.a, out_pipe.fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions.a, err_pipe.fds[1], 2);
    pid_t pid = 0;
    int rc = ::posix_spawnp(&pid, exe_.c_str(), &actions.a, nullptr, argv.data(), envp.data());
    if (rc != 0) {
        error = std::string("can't run git: ") + std::strerror(rc);
        return Result::Failed;
    }
    out_pipe.close_write();
    err_pipe.close_write();
    std::string stdout_text = read_all(out_pipe.fds[0]);
    std::string stderr_text = read_all(err_pipe.fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        while (!stdout_text.empty() && (stdout_text.back() == '\n' || stdout_text.back() == '\r')) {
            stdout_text.pop_back();
        }
        out = stdout_text;
        return Result::Ok;
    }
    error = stderr_text;
    while (!error.empty() && error.back() == '\n') {
        error.pop_back();
    }
    if (stderr_text.find("not a git repository") != std::string::npos ||
        stderr_text.find("cannot change to") != std::string::npos) {
        return Result::NoRepository;
    }
    return Result::Failed;
}

} // namespace vagga::hash
