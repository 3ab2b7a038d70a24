#include "runtime/mount_tree.h"
#include "runtime/pid1.h"

#include <chrono>
#include <map>
#include <string>

namespace vagga::runtime {
namespace {

using Clock = std::chrono::steady_clock;

void out(const std::string& line) {
    (void)sys::write_all(1, line + "\n", "stdout");
}
void err(const std::string& line) {
    (void)sys::write_all(2, line + "\n", "stderr");
}

int report_error(const Pid1Channels& ch, const Error& e) {
    (void)sys::write_all(ch.errors, encode_error(e), "error pipe");
    return 124;
}

} // namespace

int run_supervise(const plan::Supervise& sup, const ContainerContext& ctx, int sigfd,
                  const Pid1Channels& ch) {
    if (sup.children.empty()) {
        err("This supervise command has no children matching conditions. Either your "
            "`children` is empty, or your `--only` arguments don't match anything, or your "
            "`--exclude` arguments do exclude all the processes.");
        return 127;
    }
    int control = ch.control;
    std::map<pid_t, std::string> alive; // pid (in our namespace) -> child name
    ContainerContext child_ctx = ctx;
    child_ctx.give_tty = false; // children share the terminal; none owns it

    const auto grace = std::chrono::seconds(sup.kill_unresponsive_after);
    bool stopping = false;
    Clock::time_point deadline{};
    int code = 0;
    auto start_stopping = [&](int exit_code) {
        stopping = true;
        code = exit_code;
        deadline = Clock::now() + grace;
    };

    // Every child's tree is built, then pid 1 pivots into the vagga root
    // that holds only them, before it forks any child: no host directory
    // is in reach of any process of the container.
    std::vector<const plan::Container*> containers;
    for (const auto& child : sup.children) {
        containers.push_back(&child.container);
    }
    size_t failed = 0;
    auto roots = pivot_into_vagga_root(containers, *ctx.host, &failed);
    if (!roots.ok()) {
        if (failed >= sup.children.size()) {
            return report_error(ch, *roots.error);
        }
        out("---------- Process " + sup.children[failed].name +
            " could not be run: " + roots.error->message() + ". Shutting down -----------");
        return 127;
    }
    for (size_t i = 0; i < sup.children.size(); ++i) {
        const auto& child = sup.children[i];
        auto pid = spawn_process(child.container.process, child_ctx, roots.value[i]);
        if (!pid.ok()) {
            out("---------- Process " + child.name + " could not be run: " + pid.error->message() +
                ". Shutting down -----------");
            for (const auto& [p, name] : alive) {
                sys::send_signal(p, SIGTERM);
            }
            start_stopping(127);
            break;
        }
        alive.emplace(pid.value, child.name);
    }

    while (!alive.empty()) {
        int timeout = -1;
        if (stopping) {
            auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            timeout = left.count() > 0 ? static_cast<int>(left.count()) : 0;
        }
        auto ev = sys::next_event(sigfd, control, timeout);
        if (!ev.ok()) {
            return 124;
        }
        if (ev.value.eof) {
            control = -1; // the launcher is gone; PDEATHSIG is on its way
            continue;
        }
        if (ev.value.byte == kResumeFg || ev.value.byte == kResumeBg) {
            err("Received SIGCONT signal. Propagating ..");
            for (const auto& [p, name] : alive) {
                sys::send_group_signal(p, SIGCONT);
            }
            continue;
        }
        if (ev.value.timeout) { // deadline passed
            std::string names;
            for (const auto& [p, name] : alive) {
                names += (names.empty() ? "\"" : ", \"") + name + "\"";
            }
            out("---------- Processes [" + names + "] are still alive. Killing ... -----------");
            out("To prevent killing of the processes set ``kill-unresponsive-after`` to some "
                "larger value");
            for (const auto& [p, name] : alive) {
                sys::send_group_signal(p, SIGKILL);
            }
            deadline = Clock::now() + std::chrono::hours(1);
            continue;
        }
        switch (ev.value.signal) {
        case SIGCHLD: {
            bool none_left = false;
            for (const auto& r : sys::reap_all(&none_left)) {
                auto it = alive.find(r.pid);
                if (it == alive.end()) {
                    continue; // an orphan reparented to us
                }
                std::string name = it->second;
                alive.erase(it);
                if (stopping) {
                    continue;
                }
                int exit_code = sys::exit_code_of(r.status);
                bool ok_exit = exit_code == 0;
                switch (sup.mode) {
                case plan::SuperviseMode::WaitAllSuccessful:
                    if (ok_exit) {
                        continue;
                    }
                    break;
                case plan::SuperviseMode::StopOnFailure:
                    break; // any exit, even 0, stops everything
                }
                out("---------- Process " + name + ":" + std::to_string(r.pid) + " " +
                    sys::describe_status(r.status) + ". Shutting down -----------");
                for (const auto& [p, n] : alive) {
                    sys::send_signal(p, SIGTERM);
                }
                start_stopping(exit_code);
            }
            break;
        }
        case SIGTERM:
            err(std::string("Received SIGTERM signal.  Waiting the processes to stop..."));
            for (const auto& [p, name] : alive) {
                sys::send_signal(p, SIGTERM);
            }
            if (!stopping) {
                start_stopping(128 + SIGTERM);
            }
            break;
        case SIGTSTP:
            err("Received SIGTSTP signal. Stopping children and self ..");
            for (const auto& [p, name] : alive) {
                sys::send_group_signal(p, SIGTSTP);
            }
            (void)sys::write_all(ch.events, std::string(1, kStopped), "event pipe");
            break;
        case 0:
            break;
        default:
            err("Received " + sys::signal_name(ev.value.signal) +
                " signal. Waiting the processes to stop...");
            for (const auto& [p, name] : alive) {
                sys::send_group_signal(p, ev.value.signal);
            }
            if (!stopping) {
                start_stopping(128 + ev.value.signal);
            }
            break;
        }
    }
    return code;
}

} // namespace vagga::runtime
