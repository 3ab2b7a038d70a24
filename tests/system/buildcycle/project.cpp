#include "tests/system/buildcycle/project.h"

#include "tests/common/temp_dir.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace vagga::test {

namespace fs = std::filesystem;

namespace {

std::vector<char*> c_args(std::vector<std::string>& v) {
    std::vector<char*> out;
    for (auto& s : v)
        out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

// fork+exec argv (vagga or another program) in `dir` with a clean environment; stdout/stderr to the
// given fds (or /dev/null when -1).
pid_t spawn(const std::string& dir, std::vector<std::string> argv,
            const std::vector<std::string>& env, int out_fd, int err_fd) {
    std::vector<std::string> envp{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + dir + "/.home",
                                  "TERM=dumb"};
    envp.insert(envp.end(), env.begin(), env.end());
    pid_t pid = fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDWR);
        dup2(devnull, 0);
        dup2(out_fd >= 0 ? out_fd : devnull, 1);
        dup2(err_fd >= 0 ? err_fd : devnull, 2);
        // Its own process group, so the test can kill everything it started.
        setpgid(0, 0);
        if (chdir(dir.c_str()) != 0)
            _exit(126);
        auto a = c_args(argv);
        auto e = c_args(envp);
        execve(a[0], a.data(), e.data());
        _exit(127);
    }
    return pid;
}

} // namespace

Project::Project() : tmp_("/tmp"), dir_(tmp_.path()) {
    fs::create_directories(dir_ + "/.home");
}

Project::~Project() {
    // Images hold files of subordinate ids that only a user namespace may
    // remove: ask vagga to clean up; tmp_ removes what is left.
    (void)vagga({"_clean", "--everything"}, 60);
}

void Project::write(const std::string& rel, const std::string& text) const {
    fs::path p = fs::path(dir_) / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

std::string Project::read(const std::string& rel) const {
    std::ifstream in(fs::path(dir_) / rel, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool Project::exists(const std::string& rel) const {
    std::error_code ec;
    return fs::exists(fs::symlink_status(fs::path(dir_) / rel, ec));
}

void Project::add_busybox_tarball() const {
    std::string root = dir_ + "/.busybox";
    fs::create_directories(root + "/etc");
    install_busybox(root,
                    {"sh",   "cat",  "echo", "ls",       "mkdir", "touch", "sleep",  "id",   "stat",
                     "env",  "date", "rm",   "test",     "[",     "true",  "false",  "grep", "seq",
                     "find", "cp",   "tar",  "readlink", "mount", "ln",    "chroot", "head"});
    std::string cmd = "tar -C " + root + " -czf " + dir_ + "/root.tar.gz . && rm -rf " + root;
    if (std::system(cmd.c_str()) != 0)
        throw std::runtime_error("tar failed");
}

std::string Project::linked_version(const std::string& name) const {
    std::error_code ec;
    std::string t = fs::read_symlink(fs::path(dir_) / ".vagga" / name, ec).string();
    std::string prefix = ".roots/" + name + ".";
    if (ec || t.rfind(prefix, 0) != 0)
        return "";
    return t.substr(prefix.size(), 8);
}

std::vector<std::string> Project::versions(const std::string& name) const {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_ + "/.vagga/.roots", ec)) {
        std::string n = e.path().filename().string();
        if (n.rfind(name + ".", 0) == 0 && n.find(".lock") == std::string::npos)
            out.push_back(n);
    }
    return out;
}

Output Project::vagga(const std::vector<std::string>& args, double timeout_s,
                      const std::vector<std::string>& env) const {
    std::vector<std::string> argv{VAGGA_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, timeout_s, env);
}

Output Project::run(const std::vector<std::string>& argv, double timeout_s,
                    const std::vector<std::string>& env) const {
    int out[2];
    int err[2];
    if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)
        throw std::runtime_error("pipe failed");
    pid_t pid = spawn(dir_, argv, env, out[1], err[1]);
    close(out[1]);
    close(err[1]);
    Output r;
    auto t0 = Clock::now();
    struct pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int open_fds = 2;
    while (open_fds > 0) {
        double left = timeout_s - since(t0);
        if (left <= 0) {
            r.timed_out = true;
            kill(-pid, SIGKILL);
            break;
        }
        if (poll(fds, 2, static_cast<int>(left * 1000) + 1) <= 0)
            continue;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP)))
                continue;
            char buf[4096];
            ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
            } else {
                (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
            }
        }
    }
    for (auto& f : fds)
        if (f.fd >= 0)
            close(f.fd);
    int status = 0;
    waitpid(pid, &status, 0);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

pid_t Project::start(const std::vector<std::string>& args,
                     const std::vector<std::string>& env) const {
    std::vector<std::string> argv{VAGGA_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    return spawn(dir_, argv, env, -1, -1);
}

int wait_exit(pid_t pid, double timeout_s) {
    auto t0 = Clock::now();
    while (since(t0) < timeout_s) {
        int status = 0;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(-pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return -1;
}

} // namespace vagga::test
