#include "tests/runtime/harness.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace vagga::test {
namespace fs = std::filesystem;

namespace {

int counter = 0;

std::string write_plan_file(const json& plan) {
    static TempDir dir;
    std::string p = dir.path() + "/plan" + std::to_string(++counter) + ".json";
    write_file(p, plan.dump(2));
    return p;
}

// fork+exec the driver with stdout/stderr on pipes; `leak_fd` stays open in
// the launcher without close-on-exec, as a careless parent would leave it.
pid_t spawn_driver(const std::vector<std::string>& args, int* out_fd, int* err_fd, int leak_fd) {
    int out[2];
    int err[2];
    if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) {
        throw std::runtime_error("pipe failed");
    }
    pid_t pid = fork();
    if (pid < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid == 0) {
        dup2(out[1], 1);
        dup2(err[1], 2);
        int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, 0);
        if (leak_fd >= 0) {
            int fl = fcntl(leak_fd, F_GETFD);
            fcntl(leak_fd, F_SETFD, fl & ~FD_CLOEXEC);
        }
        setpgid(0, 0); // signals from the tests reach the launcher only
        std::vector<char*> argv;
        for (const auto& a : args) {
            argv.push_back(const_cast<char*>(a.c_str()));
        }
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(out[1]);
    close(err[1]);
    *out_fd = out[0];
    if (err_fd != nullptr) {
        *err_fd = err[0];
    } else {
        close(err[0]);
    }
    return pid;
}

bool drain(int fd, std::string* into) {
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
        into->append(buf, static_cast<size_t>(n));
        return true;
    }
    return false;
}

} // namespace

const std::string& busybox_root() {
    static TempDir dir;
    static std::string root = [] {
        std::string r = dir.path() + "/root";
        for (const char* d : {"/proc", "/dev", "/sys", "/tmp", "/run", "/work", "/vol", "/vol2",
                              "/empty", "/data", "/snap", "/state"}) {
            fs::create_directories(r + d);
        }
        install_busybox(r, {"sh",    "echo", "cat",      "ls",    "id",    "sleep",  "true",
                            "false", "env",  "pwd",      "stat",  "touch", "printf", "wc",
                            "head",  "grep", "chown",    "mkdir", "rm",    "ps",     "kill",
                            "test",  "df",   "readlink", "sed",   "tr",    "cut",    "sort"});
        write_root_etc(r);
        write_file(r + "/snap/original", "image text\n");
        fs::create_symlink("/state/resolv.conf", r + "/etc/resolv-link.conf");
        return r;
    }();
    return root;
}

json command_plan(const std::vector<std::string>& argv, const PlanOptions& opts) {
    json mounts = json::array();
    mounts.push_back({{"op", "proc"}});
    mounts.push_back({{"op", "dev"}});
    mounts.push_back({{"op", "sysfs"}});
    mounts.push_back({{"op", "tmpfs"}, {"target", "/tmp"}});
    if (!opts.work.empty()) {
        mounts.push_back({{"op", "bind"}, {"source", opts.work}, {"target", "/work"}});
    }
    for (const auto& v : opts.volumes) {
        mounts.push_back(v);
    }
    json vars = json::array();
    for (const auto& [k, v] : opts.env) {
        vars.push_back({k, v});
    }
    json container = {
        {"root",
         {{"source", opts.root.empty() ? busybox_root() : opts.root}, {"writable", opts.writable}}},
        {"mounts", mounts},
        {"env", {{"vars", vars}}},
        {"workdir", {{"path", opts.work.empty() ? "/" : opts.workdir}}},
        {"sockets", json::array()},
        {"exec", {{"argv", argv}}}};
    return json{{"ids", json::object()}, {"command", {{"container", container}}}};
}

json& container_of(json& plan) {
    return plan["command"]["container"];
}

json sh_plan(const std::string& script, const PlanOptions& opts) {
    return command_plan({"sh", "-c", script}, opts);
}

RunResult run_plan(const json& plan, double timeout_s, const std::vector<std::string>& extra_args) {
    std::vector<std::string> args{VAGGA_RUN_PLAN};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    args.push_back(write_plan_file(plan));
    RunResult r;
    int out_fd = -1;
    int err_fd = -1;
    auto t0 = Clock::now();
    pid_t pid = spawn_driver(args, &out_fd, &err_fd, -1);
    bool out_open = true;
    bool err_open = true;
    while ((out_open || err_open) && since(t0) < timeout_s) {
        struct pollfd p[2] = {{out_open ? out_fd : -1, POLLIN, 0},
                              {err_open ? err_fd : -1, POLLIN, 0}};
        poll(p, 2, 100);
        if (out_open && (p[0].revents & (POLLIN | POLLHUP)) != 0 && !drain(out_fd, &r.out)) {
            out_open = false;
        }
        if (err_open && (p[1].revents & (POLLIN | POLLHUP)) != 0 && !drain(err_fd, &r.err)) {
            err_open = false;
        }
    }
    int st = 0;
    while (true) {
        pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid) {
            break;
        }
        if (since(t0) > timeout_s) {
            r.timed_out = true;
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    close(out_fd);
    close(err_fd);
    r.seconds = since(t0);
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return r;
}

Running::Running(const json& plan, int leak_fd) {
    plan_file_ = write_plan_file(plan);
    pid_ = spawn_driver({VAGGA_RUN_PLAN, plan_file_}, &out_fd_, nullptr, leak_fd);
}

Running::~Running() {
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    if (out_fd_ >= 0) {
        close(out_fd_);
    }
}

void Running::pump(int timeout_ms) {
    struct pollfd p = {out_fd_, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) > 0) {
        drain(out_fd_, &out_);
    }
}

bool Running::wait_for_output(const std::string& text, double timeout_s) {
    auto t0 = Clock::now();
    while (out_.find(text) == std::string::npos) {
        if (since(t0) > timeout_s) {
            return false;
        }
        pump(50);
    }
    return true;
}

int Running::wait(double timeout_s) {
    auto t0 = Clock::now();
    while (since(t0) < timeout_s) {
        int st = 0;
        pid_t w = waitpid(pid_, &st, WNOHANG);
        if (w == pid_) {
            pid_ = -1;
            for (int i = 0; i < 20; ++i) {
                pump(10);
            }
            return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        }
        pump(20);
    }
    return -1;
}

bool eventually(double timeout_s, const std::function<bool()>& cond) {
    auto t0 = Clock::now();
    while (!cond()) {
        if (since(t0) > timeout_s) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

} // namespace vagga::test
