#include "runtime/launch.h"

#include "runtime/host_path.h"
#include "runtime/idmap.h"
#include "runtime/listen.h"
#include "runtime/pid1.h"
#include "runtime/remove.h"

#include <linux/sched.h>
#include <sched.h>

#include <cerrno>
#include <iterator>

namespace vagga::runtime {
namespace {

// Restores the launcher's signal mask however launch() returns.
class SignalMaskGuard {
  public:
    explicit SignalMaskGuard(const sigset_t& old) : old_(old) {}
    SignalMaskGuard(const SignalMaskGuard&) = delete;
    SignalMaskGuard& operator=(const SignalMaskGuard&) = delete;
    ~SignalMaskGuard() { (void)sys::restore_signals(old_); }

  private:
    sigset_t old_;
};

// SIGCHLD at its default disposition while we wait: inherited as SIG_IGN,
// the kernel would reap pid 1 itself and we would lose its exit status.
class ChildSignalGuard {
  public:
    ChildSignalGuard() : old_(sys::default_disposition(SIGCHLD)) {}
    ChildSignalGuard(const ChildSignalGuard&) = delete;
    ChildSignalGuard& operator=(const ChildSignalGuard&) = delete;
    ~ChildSignalGuard() { sys::restore_disposition(SIGCHLD, old_); }

  private:
    struct sigaction old_;
};

// Takes the terminal back after a command that had it (when its group is
// gone), however launch() returns.
class TerminalGuard {
  public:
    TerminalGuard() = default;
    TerminalGuard(const TerminalGuard&) = delete;
    TerminalGuard& operator=(const TerminalGuard&) = delete;
    ~TerminalGuard() { sys::reclaim_terminal(0); }
};

// Removes the transient copies of the roots (write-mode
// transient-hard-link-copy) however launch() returns; the copies hold files
// of the container's ids, so this goes through a user namespace.
class TransientCopies {
  public:
    TransientCopies(const plan::LaunchPlan& plan, const Host& host) : host_(host) {
        for (const auto* c : plan::containers_of(plan)) {
            if (!c->root.transient_copy.empty()) {
                paths_.push_back(c->root.transient_copy);
            }
        }
    }
    TransientCopies(const TransientCopies&) = delete;
    TransientCopies& operator=(const TransientCopies&) = delete;
    ~TransientCopies() {
        if (paths_.empty()) {
            return;
        }
        if (auto e = remove_trees(paths_, host_); e && host_.warn) {
            host_.warn("vagga: can't remove the transient copy: " + e->message());
        }
    }

  private:
    const Host& host_;
    std::vector<std::string> paths_;
};

LaunchResult failed(int code, Error e) {
    return LaunchResult{code, std::move(e)};
}

// What the plan's types cannot say: a root and a command line to run.
Status check_container(const plan::Container& c) {
    if (c.root.source.empty()) {
        return make_error(0, "plan", "the container has no root");
    }
    if (c.process.exec.argv.empty()) {
        Error e = make_error(0, "plan", "the command line is empty");
        e.span = c.process.exec.span;
        return e;
    }
    return std::nullopt;
}

} // namespace

Status validate(const plan::LaunchPlan& plan) {
    if (const auto* c = std::get_if<plan::Command>(&plan.run)) {
        return check_container(c->container);
    }
    for (const auto& child : std::get<plan::Supervise>(plan.run).children) {
        if (auto e = check_container(child.container)) {
            e->detail = "child \"" + child.name + "\": " + e->detail;
            return e;
        }
    }
    return std::nullopt;
}

std::string userns_hint(int err) {
    auto value = [](const char* path) {
        auto r = sys::read_file(path, 64);
        return r.ok() ? r.value.substr(0, r.value.find('\n')) : std::string();
    };
    if (value("/proc/sys/kernel/unprivileged_userns_clone") == "0") {
        return "unprivileged user namespaces are disabled: run `sudo sysctl -w "
               "kernel.unprivileged_userns_clone=1` (persist it in /etc/sysctl.d/)";
    }
    if (value("/proc/sys/user/max_user_namespaces") == "0") {
        return "user namespaces are disabled (user.max_user_namespaces is 0): run `sudo sysctl "
               "-w user.max_user_namespaces=15000` (persist it in /etc/sysctl.d/)";
    }
    if (value("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == "1") {
        return "AppArmor restricts unprivileged user namespaces: run `sudo sysctl -w "
               "kernel.apparmor_restrict_unprivileged_userns=0` or add an AppArmor profile "
               "allowing `userns` for vagga";
    }
    if (err == ENOSPC || err == EUSERS) {
        return "the limit of user namespaces is reached (user.max_user_namespaces)";
    }
    return "creating user namespaces is not allowed here (inside a container, a seccomp "
           "filter may forbid it: run vagga on the host or allow user namespaces)";
}

LaunchResult launch(const plan::LaunchPlan& plan, const Host& host) {
    // Start-up, in order. The parent half is here (1-6); the child half
    // continues in pid 1 (pid1.cpp, 7-12) and in the command's process
    // (container.cpp, 13-18). Nothing of the container runs before 12.
    //
    // 1. The plan: what its types cannot say, and the id maps it asks for.
    if (auto e = validate(plan)) {
        return failed(121, *e);
    }
    const IdMaps maps = choose_id_maps(plan.ids, host);
    TransientCopies transient(plan, host);

    // 2. pass-tcp-socket: every socket is bound before anything starts (for
    //    a supervise, before any child starts), so a bad address fails early.
    std::vector<Fd> socket_fds;
    std::vector<std::pair<const plan::ListenSocket*, int>> sockets;
    for (const auto* c : plan::containers_of(plan)) {
        for (const auto& l : c->process.sockets) {
            auto addr = parse_listen_address(l.address);
            if (!addr.ok()) {
                addr.error->span = l.span;
                return failed(121, *addr.error);
            }
            auto fd = sys::listen_tcp(addr.value.ip, addr.value.port, l.address);
            if (!fd.ok()) {
                fd.error->span = l.span;
                return failed(121, *fd.error);
            }
            sockets.emplace_back(&l, fd.value.get());
            socket_fds.push_back(std::move(fd.value));
        }
    }

    // 3. !Persistent init-command: lock each volume; one that does not exist
    //    yet is built in .tmp.<name> and renamed after a successful run.
    std::vector<Fd> volume_locks;
    std::vector<const plan::InitVolume*> new_volumes;
    for (const auto* c : plan::containers_of(plan)) {
        for (const auto& m : c->mounts) {
            const auto* v = std::get_if<plan::InitVolume>(&m);
            if (v == nullptr) {
                continue;
            }
            if (!is_single_name(v->name)) {
                Error e = make_error(EINVAL, "!Persistent", "volume name `" + v->name + "`");
                e.span = v->span;
                return failed(121, e);
            }
            if (auto e = sys::mkdir_p(v->volumes_dir, 0755)) {
                return failed(121, *e);
            }
            auto lock = sys::lock_file(v->volumes_dir + "/.tmp." + v->name + ".lock");
            if (!lock.ok()) {
                return failed(121, *lock.error);
            }
            volume_locks.push_back(std::move(lock.value));
            if (!sys::exists(v->volumes_dir + "/" + v->name)) {
                new_volumes.push_back(v);
            }
        }
    }

    // 4. Signals: blocked from here on, read from a signalfd; the child
    //    inherits the mask and pid 1 keeps it.
    std::vector<int> sigs(std::begin(kForwardedSignals), std::end(kForwardedSignals));
    sigs.push_back(SIGCHLD);
    sigs.push_back(SIGCONT);
    sigs.push_back(SIGTTOU); // taking the terminal back must not stop us
    sigs.push_back(SIGTTIN);
    sigset_t old_mask;
    if (auto e = sys::block_signals(sigs, &old_mask)) {
        return failed(121, *e);
    }
    SignalMaskGuard mask_guard(old_mask);
    ChildSignalGuard sigchld_guard;
    auto sigfd = sys::signalfd(sigs);
    if (!sigfd.ok()) {
        return failed(121, *sigfd.error);
    }

    // 5. Pipes to pid 1 (see Pid1Channels): control wakes it once its id
    //    maps exist, errors and events come back. Then the clone into the
    //    new namespaces.
    auto control = sys::pipe();
    auto errors = sys::pipe();
    auto events = sys::pipe();
    for (const auto* p : {&control, &errors, &events}) {
        if (!p->ok()) {
            return failed(121, *p->error);
        }
    }
    ContainerContext ctx;
    ctx.host = &host;
    ctx.single_id = maps.single;
    ctx.sockets = &sockets;
    // The command gets the terminal when we have it (interactive use);
    // Ctrl-C then reaches it straight from the terminal.
    ctx.give_tty = sys::is_foreground_tty(0);
    TerminalGuard tty_guard;

    uint64_t flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID;
    if (plan.namespaces.ipc) {
        flags |= CLONE_NEWIPC;
    }
    if (plan.namespaces.net) {
        flags |= CLONE_NEWNET;
    }
    auto cloned = sys::clone_namespaces(flags);
    if (!cloned.ok()) {
        Error e = *cloned.error;
        e.op = "creating namespaces (clone)";
        e.hint = userns_hint(e.err);
        return failed(121, e);
    }
    if (cloned.value == 0) {
        // Child, future pid 1. Dies with the launcher; the kernel then kills
        // the whole pid namespace.
        control.value.write.reset();
        errors.value.read.reset();
        events.value.read.reset();
        sigfd.value.reset();
        Pid1Channels ch{errors.value.write.get(), control.value.read.get(),
                        events.value.write.get()};
        if (auto e = sys::set_pdeathsig(SIGKILL)) {
            (void)sys::write_all(ch.errors, encode_error(*e), "error pipe");
            sys::exit_now(124);
        }
        // EOF instead of kWake: the launcher died before PDEATHSIG was set.
        auto go = sys::read_all(ch.control, 1);
        if (!go.ok() || go.value != std::string(1, kWake)) {
            sys::exit_now(124);
        }
        sys::exit_now(pid1_main(plan, ctx, ch));
    }
    ChildPid pid1(cloned.value);
    control.value.read.reset();
    errors.value.write.reset();
    events.value.write.reset();

    // 6. The id maps, then wake the child.
    if (auto e = apply_id_maps(pid1.pid(), maps, host)) {
        return failed(121, *e);
    }
    const int control_fd = control.value.write.get();
    if (auto e = sys::write_all(control_fd, std::string(1, kWake), "control pipe")) {
        return failed(121, *e);
    }

    // Then wait, forwarding signals to pid 1 and relaying job control.
    int status = 0;
    int events_fd = events.value.read.get();
    bool tty_given = ctx.give_tty; // whether the command may hold our terminal
    while (true) {
        auto ev = sys::next_event(sigfd.value.get(), events_fd, -1);
        if (!ev.ok()) {
            return failed(121, *ev.error);
        }
        if (ev.value.eof) {
            events_fd = -1;
            continue;
        }
        if (ev.value.byte == kStopped) {
            // The command stopped (Ctrl-Z): stop as well, with the terminal
            // back in our group, so the shell shows the job as stopped.
            if (tty_given) {
                sys::take_terminal(0);
            }
            sys::stop_self();
            continue; // SIGCONT (fg/bg) is read next
        }
        switch (ev.value.signal) {
        case SIGCHLD: {
            auto w = sys::try_wait(pid1.pid());
            if (!w.ok()) {
                return failed(121, *w.error);
            }
            if (w.value) {
                status = *w.value;
                pid1.release();
            }
            break;
        }
        case SIGCONT: {
            char how = sys::is_foreground_tty(0) ? kResumeFg : kResumeBg;
            tty_given = how == kResumeFg;
            (void)sys::write_all(control_fd, std::string(1, how), "control pipe");
            break;
        }
        case SIGTTOU:
        case SIGTTIN:
        case 0:
            break;
        default:
            sys::send_signal(pid1.pid(), ev.value.signal);
            break;
        }
        if (pid1.pid() < 0) {
            break;
        }
    }

    // A setup error reported from inside replaces the bare code.
    auto text = sys::read_all(errors.value.read.get());
    if (text.ok() && !text.value.empty()) {
        return failed(sys::exit_code_of(status), decode_error(text.value));
    }
    const int code = sys::exit_code_of(status);
    if (code == 0) {
        for (const auto* v : new_volumes) {
            if (auto e = sys::rename(v->volumes_dir + "/.tmp." + v->name,
                                     v->volumes_dir + "/" + v->name)) {
                e->span = v->span;
                return failed(121, *e);
            }
        }
    }
    return LaunchResult{code, std::nullopt};
}

} // namespace vagga::runtime
