#include "runtime/pid1.h"

#include <sys/mount.h>

#include <iterator>

namespace vagga::runtime {
namespace {

int report(const Pid1Channels& ch, const Error& e) {
    (void)sys::write_all(ch.errors, encode_error(e), "error pipe");
    return 124;
}

} // namespace

int pid1_main(const plan::LaunchPlan& plan, const ContainerContext& ctx, bool isolate_net,
              const Pid1Channels& ch) {
    // Our own process group: signals the terminal sends to the launcher's
    // group must reach the command once (through the launcher), not twice.
    if (auto e = sys::set_own_process_group()) {
        return report(ch, *e);
    }
    // Nothing we mount may propagate back to the host.
    if (auto e = sys::mount("", "/", nullptr, MS_REC | MS_SLAVE, "", "/ (make rslave)")) {
        return report(ch, *e);
    }
    if (isolate_net) {
        if (auto e = sys::loopback_up()) {
            return report(ch, *e);
        }
    }
    plan::Pid1Mode mode = plan::Pid1Mode::Wait;
    const plan::Supervise* supervise = nullptr;
    for (const auto& box : plan.ops) {
        if (const auto* p = std::get_if<plan::Pid1>(&box.op)) {
            mode = p->mode;
        } else if (const auto* s = std::get_if<plan::Supervise>(&box.op)) {
            supervise = s;
        }
    }

    std::vector<int> sigs(std::begin(kForwardedSignals), std::end(kForwardedSignals));
    sigs.push_back(SIGCHLD);
    // Signals stay blocked (inherited from the launcher) and are read from a
    // signalfd; the no-op handlers are what makes the kernel deliver signals
    // from the parent namespace to a namespace init at all.
    if (auto e = sys::catch_signals(sigs)) {
        return report(ch, *e);
    }
    auto sigfd = sys::signalfd(sigs);
    if (!sigfd.ok()) {
        return report(ch, *sigfd.error);
    }
    if (supervise != nullptr) {
        return run_supervise(*supervise, ctx, sigfd.value.get(), ch);
    }

    bool wait_all = false;
    switch (mode) {
    case plan::Pid1Mode::Exec:
        sigfd.value.reset();
        return report(ch, exec_container(plan.ops, ctx));
    case plan::Pid1Mode::Wait:
        break;
    case plan::Pid1Mode::WaitAllChildren:
        wait_all = true;
        break;
    }

    auto child = spawn_container(plan.ops, ctx, false, ch.errors);
    if (!child.ok()) {
        return report(ch, *child.error);
    }
    const pid_t cmd = child.value;
    bool cmd_done = false;
    int cmd_status = 0;
    int control = ch.control;
    while (true) {
        auto ev = sys::next_event(sigfd.value.get(), control, -1);
        if (!ev.ok()) {
            return report(ch, *ev.error);
        }
        if (ev.value.eof) {
            control = -1; // the launcher is gone; PDEATHSIG is on its way
            continue;
        }
        if (ev.value.byte == kResumeFg || ev.value.byte == kResumeBg) {
            if (!cmd_done) {
                if (ev.value.byte == kResumeFg) {
                    sys::give_terminal(0, cmd);
                }
                sys::send_group_signal(cmd, SIGCONT);
            }
            continue;
        }
        switch (ev.value.signal) {
        case SIGCHLD: {
            bool none_left = false;
            for (const auto& r : sys::reap_all(&none_left, true)) {
                if (r.pid != cmd) {
                    continue;
                }
                if (r.stopped) {
                    // Ctrl-Z (or a read from the terminal in the background):
                    // the launcher stops too, so the shell sees the job stop.
                    (void)sys::write_all(ch.events, std::string(1, kStopped), "event pipe");
                } else {
                    cmd_done = true;
                    cmd_status = r.status;
                }
            }
            if (cmd_done && (!wait_all || none_left)) {
                return sys::exit_code_of(cmd_status);
            }
            break;
        }
        case SIGTERM:
            // To the process only, as the original: a shell passes TERM on
            // itself.
            if (!cmd_done) {
                sys::send_signal(cmd, SIGTERM);
            }
            break;
        case 0:
            break;
        default:
            if (!cmd_done) {
                sys::send_group_signal(cmd, ev.value.signal);
            }
            break;
        }
    }
}

} // namespace vagga::runtime
