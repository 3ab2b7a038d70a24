#include "runtime/pid1.h"

#include "runtime/mount_tree.h"

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
    // pid 1 is a clone of the launcher that never execs: it starts with the
    // launcher's root, cwd and every fd it inherited. In this order, it
    // gives them up before anything of the container runs:
    //
    // 1. Every inherited fd but our channels and the bound sockets.
    std::vector<int> keep{ch.errors, ch.control, ch.events};
    if (ctx.sockets != nullptr) {
        for (const auto& [op, fd] : *ctx.sockets) {
            keep.push_back(fd);
        }
    }
    if (auto e = sys::close_fds_except(keep)) {
        return report(ch, *e);
    }
    // 2. Not dumpable: the container's root cannot open /proc/1/{root,cwd,
    //    fd,mem} or ptrace us (our memory belongs to the host's user
    //    namespace, where it has no capability).
    if (auto e = sys::set_dumpable(false)) {
        return report(ch, *e);
    }
    // 3. Our own process group: signals the terminal sends to the
    //    launcher's group must reach the command once (through the
    //    launcher), not twice.
    if (auto e = sys::set_own_process_group()) {
        return report(ch, *e);
    }
    // 4. Nothing we mount may propagate back to the host.
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

    // 5. The container's mount tree, and pivot_root into it, here in pid 1
    //    before the command is forked: the old root is detached and our cwd
    //    is the new "/", so no host directory is left in reach.
    if (auto e = build_mount_tree(plan.ops, *ctx.host)) {
        return report(ch, *e);
    }
    bool wait_all = false;
    switch (mode) {
    case plan::Pid1Mode::Exec:
        sigfd.value.reset();
        return report(ch, exec_command_here(plan.ops, ctx));
    case plan::Pid1Mode::Wait:
        break;
    case plan::Pid1Mode::WaitAllChildren:
        wait_all = true;
        break;
    }

    // 6. The command: environment, directory, ids, exec (container.cpp).
    auto child = spawn_command(plan.ops, ctx, ch.errors);
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
