#include "runtime/container.h"

#include "runtime/external_user.h"

#include "runtime/idmap.h"
#include "runtime/mount_tree.h"

#include <fcntl.h>

#include <sched.h>

#include <cerrno>

namespace vagga::runtime {
namespace {

constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

struct Command {
    const plan::SetEnv* env = nullptr;
    const plan::WorkDir* workdir = nullptr;
    const plan::User* user = nullptr;
    const plan::Exec* exec = nullptr;
    std::vector<const plan::ListenSocket*> sockets;
};

Command find_command(const std::vector<plan::OpBox>& ops) {
    Command c;
    for (const auto& box : ops) {
        if (const auto* e = std::get_if<plan::SetEnv>(&box.op)) {
            c.env = e;
        } else if (const auto* w = std::get_if<plan::WorkDir>(&box.op)) {
            c.workdir = w;
        } else if (const auto* u = std::get_if<plan::User>(&box.op)) {
            c.user = u;
        } else if (const auto* x = std::get_if<plan::Exec>(&box.op)) {
            c.exec = x;
        } else if (const auto* l = std::get_if<plan::ListenSocket>(&box.op)) {
            c.sockets.push_back(l);
        }
    }
    return c;
}

Error with_span(Error e, const source::Span& span) {
    if (!e.span.valid()) {
        e.span = span;
    }
    return e;
}

// Everything after the mount tree: runs inside the new root.
Error exec_command(const Command& cmd, const ContainerContext& ctx) {
    if (cmd.exec == nullptr || cmd.exec->argv.empty()) {
        return make_error(0, "plan", "no command to execute (missing `exec` op)");
    }
    std::vector<std::string> envp;
    std::string path_var = kDefaultPath;
    if (cmd.env != nullptr) {
        for (const auto& [k, v] : cmd.env->vars) {
            envp.push_back(k + "=" + v);
            if (k == "PATH") {
                path_var = v;
            }
        }
    }
    std::string workdir = cmd.workdir != nullptr ? cmd.workdir->path : "/";
    if (auto e = sys::chdir(workdir)) {
        return with_span(*e, cmd.workdir != nullptr ? cmd.workdir->span : source::Span{});
    }
    // The mount tree is final: lock it (external_user.h), so that the
    // read-only root and the volumes stay as the plan made them. We must be
    // dumpable for the helper that writes our maps, which is safe here: we
    // are in the container's root with nothing of the host's left open.
    if (auto e = sys::set_dumpable(true)) {
        return *e;
    }
    if (auto e = lock_mount_tree()) {
        return *e;
    }
    // While we hold CAP_SYS_ADMIN in our namespace (the filter then needs
    // no no_new_privs; see deny_terminal_injection).
    if (auto e = sys::deny_terminal_injection()) {
        return *e;
    }
    if (cmd.user != nullptr) {
        const auto& u = *cmd.user;
        std::vector<gid_t> groups(u.supplementary_gids.begin(), u.supplementary_gids.end());
        const uint32_t outer_uid = u.external_uid.value_or(u.uid);
        if (ctx.single_id && (outer_uid != 0 || u.gid != 0 || !groups.empty())) {
            Error e = make_error(0, "set user",
                                 "uid " + std::to_string(u.uid) + " gid " + std::to_string(u.gid));
            e.hint = "only id 0 is mapped in this container (no usable /etc/subuid and "
                     "/etc/subgid range, or newuidmap missing): fix that, or run as user-id 0";
            e.span = u.span;
            return e;
        }
        if (u.external_uid) {
            if (auto e = enter_external_user(u.uid, *u.external_uid)) {
                return with_span(*e, u.span);
            }
        }
        if (auto e = sys::set_ids(u.uid, u.gid, ctx.single_id ? nullptr : &groups)) {
            return with_span(*e, u.span);
        }
    } else if (!ctx.single_id) {
        // Drop the host's supplementary groups (they would show as nogroup).
        std::vector<gid_t> none;
        if (auto e = sys::set_ids(0, 0, &none)) {
            return *e;
        }
    }
    std::string program = cmd.exec->argv[0];
    if (cmd.exec->search_path && program.find('/') == std::string::npos) {
        std::string found;
        size_t pos = 0;
        while (pos <= path_var.size() && found.empty()) {
            size_t next = path_var.find(':', pos);
            if (next == std::string::npos) {
                next = path_var.size();
            }
            std::string dir = path_var.substr(pos, next - pos);
            pos = next + 1;
            if (!dir.empty() && dir.front() == '/' && sys::executable(dir + "/" + program)) {
                found = dir + "/" + program;
            }
        }
        if (found.empty()) {
            Error e =
                make_error(0, "Command " + program + " not found in \"" + path_var + "\"", "");
            e.span = cmd.exec->span;
            return e;
        }
        program = found;
    }
    // Nothing the launcher inherited reaches the command, except the
    // sockets it bound for it.
    std::vector<std::pair<int, int>> pass;
    for (const auto* l : cmd.sockets) {
        if (ctx.sockets == nullptr) {
            break;
        }
        for (const auto& [op, fd] : *ctx.sockets) {
            if (op == l) {
                pass.emplace_back(fd, static_cast<int>(l->fd));
            }
        }
    }
    if (auto e = sys::pass_fds(pass)) {
        return *e;
    }
    if (ctx.give_tty) {
        sys::give_terminal_to_self(0);
    }
    sys::reset_signals();
    Status st = sys::exec(program, cmd.exec->argv, envp);
    Error e = st ? *st : make_error(0, "exec", program);
    if (e.err == EACCES) {
        e.hint = sys::filesystem_problem(program);
    }
    return with_span(e, cmd.exec->span);
}

Error setup_and_exec(const std::vector<plan::OpBox>& ops, const ContainerContext& ctx,
                     bool build_tree) {
    if (build_tree) {
        if (auto e = build_mount_tree(ops, *ctx.host)) {
            return *e;
        }
    }
    return exec_command(find_command(ops), ctx);
}

Result<pid_t> spawn(const std::vector<plan::OpBox>& ops, const ContainerContext& ctx,
                    bool new_mount_ns, bool build_tree, int report_fd) {
    Pipe sync;
    if (report_fd < 0) {
        auto p = sys::pipe();
        if (!p.ok()) {
            return Result<pid_t>{0, p.error};
        }
        sync = std::move(p.value);
    }
    auto pid = sys::fork();
    if (!pid.ok()) {
        return pid;
    }
    if (pid.value == 0) {
        sync.read.reset();
        Error e;
        if (auto st = sys::set_own_process_group()) {
            e = *st;
        } else if (auto un = new_mount_ns ? sys::unshare(CLONE_NEWNS) : Status{}) {
            e = *un;
        } else {
            e = setup_and_exec(ops, ctx, build_tree);
        }
        int fd = report_fd >= 0 ? report_fd : sync.write.get();
        (void)sys::write_all(fd, encode_error(e), "error pipe");
        sys::exit_now(124);
    }
    // Also from this side, so that a signal sent to the group right away
    // cannot miss it (the usual shell practice).
    sys::set_process_group(pid.value);
    if (report_fd >= 0) {
        return pid;
    }
    sync.write.reset();
    // EOF without data: the exec happened (the pipe is close-on-exec).
    auto text = sys::read_all(sync.read.get());
    if (text.ok() && !text.value.empty()) {
        (void)sys::wait_for(pid.value);
        return Result<pid_t>{0, decode_error(text.value)};
    }
    return pid;
}

} // namespace

Result<pid_t> spawn_container(const std::vector<plan::OpBox>& ops, const ContainerContext& ctx,
                              bool new_mount_ns, int report_fd) {
    return spawn(ops, ctx, new_mount_ns, true, report_fd);
}

Result<pid_t> spawn_command(const std::vector<plan::OpBox>& ops, const ContainerContext& ctx,
                            int report_fd) {
    return spawn(ops, ctx, false, false, report_fd);
}

Error exec_command_here(const std::vector<plan::OpBox>& ops, const ContainerContext& ctx) {
    return setup_and_exec(ops, ctx, false);
}

} // namespace vagga::runtime
