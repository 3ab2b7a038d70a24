#include "runtime/pid1.h"

#include "runtime/mount_tree.h"

#include <sys/mount.h>

#include <iterator>

namespace vagga::runtime {
namespace {

Error with_span(Error e, const source::Span& span) {
    if (!e.span.valid()) {
        e.span = span;
    }
    return e;
}

int report(const Pid1Channels& ch, const Error& e) {
    (void)sys::write_all(ch.errors, encode_error(e), "error pipe");
    return 124;
}

} // namespace

int pid1_main(const plan::LaunchPlan& plan, const ContainerContext& ctx, const Pid1Channels& ch) {
    // pid 1 is a clone of the launcher that never execs: it starts with the
    // launcher's root, cwd and every fd it inherited. It gives them up
    // before anything of the container runs (launch.cpp has steps 1-6):
    //
    // 7. Every inherited fd but our channels and the bound sockets.
    std::vector<int> keep{ch.errors, ch.control, ch.events};
    if (ctx.sockets != nullptr) {
        for (const auto& [op, fd] : *ctx.sockets) {
            keep.push_back(fd);
        }
    }
    if (auto e = sys::close_fds_except(keep)) {
        return report(ch, *e);
    }
    // 8. Not dumpable: the container's root cannot open /proc/1/{root,cwd,
    //    fd,mem} or ptrace us (our memory belongs to the host's user
    //    namespace, where it has no capability).
    if (auto e = sys::set_dumpable(false)) {
        return report(ch, *e);
    }
    // 9. Our own process group: signals the terminal sends to the
    //    launcher's group must reach the command once (through the
    //    launcher), not twice.
    if (auto e = sys::set_own_process_group()) {
        return report(ch, *e);
    }
    // 10. Nothing we mount may propagate back to the host.
    if (auto e = sys::mount("", "/", nullptr, MS_REC | MS_SLAVE, "", "/ (make rslave)")) {
        return report(ch, *e);
    }
    if (plan.namespaces.net) {
        if (auto e = sys::loopback_up()) {
            return report(ch, *e);
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
    // 11. The mount trees, and pivot_root, here in pid 1 before anything is
    //     forked: the old root is detached and our cwd is the new "/", so
    //     no host directory is left in reach. A supervisor pivots into the
    //     vagga root that holds its children's trees (supervise.cpp).
    if (const auto* sup = std::get_if<plan::Supervise>(&plan.run)) {
        return run_supervise(*sup, ctx, sigfd.value.get(), ch);
    }
    const auto& command = std::get<plan::Command>(plan.run);
    auto tree = build_mount_tree(command.container, *ctx.host);
    if (!tree.ok()) {
        return report(ch, *tree.error);
    }
    if (auto e = sys::pivot_root_fd(tree.value.get(), command.container.root.source)) {
        return report(ch, with_span(*e, command.container.root.span));
    }
    tree.value.reset();
    const plan::Process& process = command.container.process;
    bool wait_all = false;
    switch (command.pid1.mode) {
    case plan::Pid1Mode::Exec:
        sigfd.value.reset();
        return report(ch, exec_process_here(process, ctx));
    case plan::Pid1Mode::Wait:
        break;
    case plan::Pid1Mode::WaitAllChildren:
        wait_all = true;
        break;
    }

    // 12. The command's process: steps 13-18 in container.cpp.
    auto child = spawn_process(process, ctx, "", ch.errors);
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
