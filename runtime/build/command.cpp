#include "runtime/build/command.h"

#include "process/spawn.h"
#include "runtime/build/hidden.h"
#include "runtime/build/root_fs.h"
#include "runtime/external_user.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>

namespace vagga::runtime::build {
namespace {

std::string joined(const std::vector<std::string>& argv) {
    std::string s;
    for (const auto& a : argv) {
        s += (s.empty() ? "" : " ") + a;
    }
    return s;
}

std::string value_of(const std::vector<std::string>& envp, const std::string& name) {
    for (const auto& kv : envp) {
        if (kv.size() > name.size() && kv.compare(0, name.size(), name) == 0 &&
            kv[name.size()] == '=') {
            return kv.substr(name.size() + 1);
        }
    }
    return "";
}

// argv[0] as execve needs it, searched in the PATH of the command's
// environment; called after the pivot, so it looks inside the image.
Result<std::string> find_program(const std::string& name, const std::string& path) {
    if (name.find('/') != std::string::npos) {
        return Result<std::string>{name, std::nullopt};
    }
    if (auto found = sys::find_in_path(name, path, true); !found.empty()) {
        return Result<std::string>{found, std::nullopt};
    }
    return Result<std::string>{
        {}, make_error(0, "command", "\"" + name + "\" not found in one of \"" + path + "\"")};
}

Status enter_image(const std::string& root) {
    if (auto e = sys::unshare(CLONE_NEWNS)) {
        return e;
    }
    // pivot_root needs a mount point; the recursive bind keeps /dev, /proc,
    // /sys, /run and /work that the builder mounted in the image.
    if (auto e = sys::mount(root, root, nullptr, MS_BIND | MS_REC, "", root)) {
        return e;
    }
    return sys::pivot_root_here(root);
}

// In the forked child: everything up to exec. Returns only on failure.
Error exec_child(const StepContext& ctx, const plan::BuildCommand& cmd, bool single_id) {
    auto fail = [](std::optional<Error> e) { return *e; };
    if (cmd.argv.empty()) {
        return make_error(0, "command", "empty argv");
    }
    if (single_id && (cmd.uid != 0 || cmd.gid != 0 || !cmd.supplementary_gids.empty() ||
                      cmd.external_uid.value_or(0) != 0)) {
        Error e = make_error(0, "user-id/group-id",
                             std::to_string(cmd.uid) + "/" + std::to_string(cmd.gid) +
                                 " cannot be used: only id 0 is mapped in this build");
        e.hint = "add a range for your user to /etc/subuid and /etc/subgid (and install "
                 "newuidmap/newgidmap) so that the build can use other ids";
        return e;
    }
    // The step runs in the image with pivot_root in a mount namespace of its
    // own, not chroot: the host's root is detached from it, so neither `..`
    // nor a second chroot (CAP_SYS_CHROOT) leads out, and what the step
    // mounts stays its own.
    if (auto e = enter_image(ctx.root)) {
        return fail(e);
    }
    if (cmd.external_uid) {
        // Only now, in the image: the helper must be able to write our
        // /proc/PID/uid_map, so we are dumpable again (the builder is not).
        if (auto e = sys::set_dumpable(true)) {
            return fail(e);
        }
        if (auto e = enter_external_user(cmd.uid, *cmd.external_uid, "/proc")) {
            return fail(e);
        }
    }
    if (auto e = sys::chdir(cmd.work_dir)) {
        e->op = "work-dir";
        return *e;
    }
    if (cmd.isolate_network) {
        if (auto e = sys::unshare(CLONE_NEWNET)) {
            return fail(e);
        }
        if (auto e = sys::loopback_up()) {
            return fail(e);
        }
    }
    if (auto e = sys::deny_terminal_injection()) {
        return fail(e);
    }
    std::vector<gid_t> groups(cmd.supplementary_gids.begin(), cmd.supplementary_gids.end());
    // With a single-id map setgroups is denied (and the ids are 0 anyway).
    if (auto e = sys::set_ids(cmd.uid, cmd.gid, single_id ? nullptr : &groups)) {
        return fail(e);
    }
    auto envp = env_strings(ctx.env, cmd.env);
    auto program = find_program(cmd.argv[0], value_of(envp, "PATH"));
    if (!program.ok()) {
        return *program.error;
    }
    sys::reset_signals();
    return *sys::exec(program.value, cmd.argv, envp);
}

} // namespace

std::vector<std::string> env_strings(const EnvVars& base, const EnvVars& extra) {
    EnvVars all = base;
    for (const auto& [k, v] : extra) {
        bool found = false;
        for (auto& kv : all) {
            if (kv.first == k) {
                kv.second = v;
                found = true;
            }
        }
        if (!found) {
            all.emplace_back(k, v);
        }
    }
    std::vector<std::string> out;
    out.reserve(all.size());
    for (const auto& [k, v] : all) {
        out.push_back(k + "=" + v);
    }
    return out;
}

Status run_command(const StepContext& ctx, const plan::BuildCommand& cmd, int sigfd,
                   bool single_id) {
    // Covered in our mount namespace, which the command's inherits.
    auto hidden = HiddenFolders::cover(ctx, cmd, split_parent(ctx.root).first + "/hidden");
    if (!hidden.ok()) {
        Error e = *hidden.error;
        e.span = cmd.span;
        return e;
    }
    auto errors = sys::pipe();
    if (!errors.ok()) {
        return errors.error;
    }
    // Build output goes to stderr so that `vagga cmd | x` stays clean; the
    // child reports why it could not exec through the error pipe.
    process::Spec spec;
    spec.in = process::Stdio::null();
    spec.out = process::Stdio::from(2);
    spec.in_child = [&] {
        Error e = exec_child(ctx, cmd, single_id);
        (void)sys::write_all(errors.value.write.get(), encode_error(e), "error pipe");
        return process::kExecFailed;
    };
    process::Started started = process::spawn(spec);
    if (started.error != 0) {
        return make_error(started.error, "fork", cmd.argv.empty() ? "" : cmd.argv[0]);
    }
    process::Child& child = started.child;
    errors.value.write.reset();

    int status = 0;
    while (child.running()) {
        auto ev = sys::next_event(sigfd, -1, -1);
        if (!ev.ok()) {
            return ev.error;
        }
        if (ev.value.signal == SIGCHLD) {
            // Orphans of earlier commands are reparented to us (pid 1): reap them too.
            bool none_left = false;
            for (const auto& r : sys::reap_all(&none_left)) {
                if (r.pid == child.pid()) {
                    status = r.status;
                    child.release();
                }
            }
        } else if (ev.value.signal != 0) {
            sys::send_signal(child.pid(), ev.value.signal);
        }
    }
    auto text = sys::read_all(errors.value.read.get());
    if (text.ok() && !text.value.empty()) {
        Error e = decode_error(text.value);
        e.span = cmd.span;
        return e;
    }
    if (status != 0) {
        Error e =
            make_error(0, "Error running", joined(cmd.argv) + ": " + sys::describe_status(status));
        e.span = cmd.span;
        return e;
    }
    if (auto e = hidden.value->link_bins(ctx)) {
        e->span = cmd.span;
        return e;
    }
    return std::nullopt;
}

} // namespace vagga::runtime::build
