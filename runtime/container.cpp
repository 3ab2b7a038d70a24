#include "runtime/container.h"

#include "runtime/external_user.h"
#include "runtime/idmap.h"

#include <fcntl.h>
#include <sched.h>

#include <cerrno>

namespace vagga::runtime {
namespace {

constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

Error with_span(Error e, const source::Span& span) {
    if (!e.span.valid()) {
        e.span = span;
    }
    return e;
}

// `program` as execve needs it: searched in PATH unless it names a path.
Result<std::string> find_program(const plan::Exec& exec, const std::string& path_var) {
    const std::string& program = exec.argv[0];
    if (!exec.search_path || program.find('/') != std::string::npos) {
        return Result<std::string>{program, std::nullopt};
    }
    if (auto found = sys::find_in_path(program, path_var, false); !found.empty()) {
        return Result<std::string>{found, std::nullopt};
    }
    Error e = make_error(0, "Command " + program + " not found in \"" + path_var + "\"", "");
    e.span = exec.span;
    return Result<std::string>{{}, e};
}

// The user's ids (and external-user-id's namespace) for the command.
Status set_user(const plan::User& u, const ContainerContext& ctx) {
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
    // An empty list also drops the host's supplementary groups (they would
    // show as nogroup); with one id mapped, setgroups is denied.
    if (auto e = sys::set_ids(u.uid, u.gid, ctx.single_id ? nullptr : &groups)) {
        return with_span(*e, u.span);
    }
    return std::nullopt;
}

// The last steps of start-up (launch.cpp numbers the ones before): the
// process is in the container's root, with nothing of the host's open.
Error exec_command(const plan::Process& cmd, const ContainerContext& ctx) {
    if (cmd.exec.argv.empty()) {
        return with_span(make_error(0, "plan", "the command line is empty"), cmd.exec.span);
    }
    // 13. The mount tree is final: lock it (external_user.h), so that the
    //     read-only root and the volumes stay as the plan made them. We must
    //     be dumpable for the helper that writes our maps, which is safe
    //     here: we are in the container's root with nothing of the host's.
    if (auto e = sys::set_dumpable(true)) {
        return *e;
    }
    if (auto e = lock_mount_tree()) {
        return *e;
    }
    // 14. The terminal filter, while we hold CAP_SYS_ADMIN in our namespace
    //     (it then needs no no_new_privs; see deny_terminal_injection).
    if (auto e = sys::deny_terminal_injection()) {
        return *e;
    }
    // 15. The working directory, then the ids: from here on we are the
    //     command's user.
    if (auto e = sys::chdir(cmd.workdir.path)) {
        return with_span(*e, cmd.workdir.span);
    }
    if (auto e = set_user(cmd.user, ctx)) {
        return *e;
    }
    // 16. The environment and the program.
    std::vector<std::string> envp;
    std::string path_var = kDefaultPath;
    for (const auto& [k, v] : cmd.env.vars) {
        envp.push_back(k + "=" + v);
        if (k == "PATH") {
            path_var = v;
        }
    }
    auto program = find_program(cmd.exec, path_var);
    if (!program.ok()) {
        return *program.error;
    }
    // 17. No fd but the sockets bound for this command reaches it.
    std::vector<std::pair<int, int>> pass;
    for (const auto& l : cmd.sockets) {
        if (ctx.sockets == nullptr) {
            break;
        }
        for (const auto& [op, fd] : *ctx.sockets) {
            if (op == &l) {
                pass.emplace_back(fd, static_cast<int>(l.fd));
            }
        }
    }
    if (auto e = sys::pass_fds(pass)) {
        return *e;
    }
    // 18. The terminal, default signals, exec.
    if (ctx.give_tty) {
        sys::give_terminal_to_self(0);
    }
    sys::reset_signals();
    Status st = sys::exec(program.value, cmd.exec.argv, envp);
    Error e = st ? *st : make_error(0, "exec", program.value);
    if (e.err == EACCES) {
        e.hint = sys::filesystem_problem(program.value);
    }
    return with_span(e, cmd.exec.span);
}

} // namespace

Result<pid_t> spawn_process(const plan::Process& p, const ContainerContext& ctx,
                            const std::string& pivot_to, int report_fd) {
    Pipe sync;
    if (report_fd < 0) {
        auto pipe = sys::pipe();
        if (!pipe.ok()) {
            return Result<pid_t>{0, pipe.error};
        }
        sync = std::move(pipe.value);
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
        } else if (auto un = pivot_to.empty() ? Status{} : sys::unshare(CLONE_NEWNS)) {
            e = *un;
        } else if (auto pv = pivot_to.empty() ? Status{} : sys::pivot_root_here(pivot_to)) {
            e = *pv;
        } else {
            e = exec_command(p, ctx);
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

Error exec_process_here(const plan::Process& p, const ContainerContext& ctx) {
    return exec_command(p, ctx);
}

} // namespace vagga::runtime
