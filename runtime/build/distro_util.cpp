#include "runtime/build/distro_util.h"

#include "process/spawn.h"
#include "runtime/build/archive.h"
#include "runtime/build/root_fs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace vagga::runtime::build {

Status run_host(const StepContext& ctx, const std::vector<std::string>& argv) {
    std::string path = argv.at(0);
    if (path.find('/') == std::string::npos) {
        for (const char* dir : {"/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/"}) {
            if (sys::executable(dir + argv[0])) {
                path = dir + argv[0];
                break;
            }
        }
    }
    std::vector<std::string> envp;
    bool have_path = false;
    for (const auto& [k, v] : ctx.env) {
        envp.push_back(k + "=" + v);
        have_path = have_path || k == "PATH";
    }
    if (!have_path) {
        envp.emplace_back("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }
    // Only 0-2 reach the tool: mmdebstrap's shell hooks use fds it numbers
    // from the first free one, and dash cannot name fds >= 10.
    process::Spec spec;
    spec.program = path;
    spec.argv = argv;
    spec.env = envp;
    spec.in = process::Stdio::null();
    spec.out = process::Stdio::from(2);
    spec.reset_signals = true;
    process::Started started = process::spawn(spec);
    if (started.error != 0) {
        return make_error(started.error, "fork", argv[0]);
    }
    int status = process::wait(started.child);
    if (status < 0) {
        return make_error(errno, "waitpid", argv[0]);
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return make_error(0, argv[0], sys::describe_status(status));
    }
    return std::nullopt;
}

Status write_in_root(const StepContext& ctx, const std::string& path, const std::string& text,
                     mode_t mode, bool append) {
    size_t slash = path.rfind('/');
    auto dir = ensure_dir_in_root(ctx.root, path.substr(0, slash));
    if (!dir.ok()) {
        return dir.error;
    }
    std::string name = path.substr(slash + 1);
    int flags = O_WRONLY | O_CREAT | O_NOFOLLOW | (append ? O_APPEND : O_TRUNC);
    auto fd = sys::openat(dir.value.get(), name, flags, mode);
    if (!fd.ok()) {
        return fd.error;
    }
    if (auto e = sys::write_all(fd.value.get(), text, path)) {
        return e;
    }
    return append ? std::nullopt : sys::fchmod(fd.value.get(), mode, path);
}

namespace {

constexpr const char* kCaptureFile = "/tmp/.vagga-capture";

// Runs `cmd`, which writes into kCaptureFile, and reads that file.
Captured run_captured(StepContext& ctx, const plan::BuildCommand& cmd) {
    const std::string tmp = kCaptureFile;
    Captured c;
    c.status = ctx.run(cmd);
    auto root_fd = sys::open(ctx.root, O_PATH | O_DIRECTORY);
    if (!root_fd.ok()) {
        c.status = root_fd.error;
        return c;
    }
    auto fd = sys::open_in_root(root_fd.value.get(), tmp, O_RDONLY | O_NOFOLLOW);
    if (!fd.ok()) {
        if (!c.status) {
            c.status = fd.error;
        }
        return c;
    }
    auto text = sys::read_all(fd.value.get(), 64 << 20);
    if (text.ok()) {
        c.text = std::move(text.value);
    } else if (!c.status) {
        c.status = text.error;
    }
    // Removed in the image's /tmp, resolved in the image (best effort: the
    // finish empties /tmp anyway).
    auto [dir, name] = split_parent(tmp);
    auto parent = sys::open_in_root(root_fd.value.get(), dir, O_PATH | O_DIRECTORY);
    if (parent.ok()) {
        (void)sys::unlink_at(parent.value.get(), name, 0, tmp);
    }
    return c;
}

} // namespace

Captured capture_command(StepContext& ctx, plan::BuildCommand cmd, bool from_stderr) {
    // The shell only redirects; the argv reaches exec unchanged.
    std::vector<std::string> argv = {
        "/bin/sh", "-c", std::string("exec \"$@\" ") + (from_stderr ? "2>" : ">") + kCaptureFile,
        "sh"};
    argv.insert(argv.end(), cmd.argv.begin(), cmd.argv.end());
    cmd.argv = std::move(argv);
    return run_captured(ctx, cmd);
}

Result<std::string> capture_in_root(StepContext& ctx, const std::string& script,
                                    source::Span span) {
    plan::BuildCommand cmd;
    cmd.argv = {"/bin/sh", "-c", script + " >" + kCaptureFile};
    cmd.work_dir.assign(1, '/'); // not = "/": GCC 12 -Wrestrict misfires
    cmd.span = span;
    Captured c = run_captured(ctx, cmd);
    if (c.status) {
        return Result<std::string>{{}, c.status};
    }
    return Result<std::string>{std::move(c.text), std::nullopt};
}

Status empty_dir_in_root(const StepContext& ctx, const std::string& path,
                         const std::vector<std::string>& keep) {
    auto root_fd = sys::open(ctx.root, O_PATH | O_DIRECTORY);
    if (!root_fd.ok()) {
        return root_fd.error;
    }
    auto fd = sys::open_in_root(root_fd.value.get(), path, O_RDONLY | O_DIRECTORY);
    if (!fd.ok()) {
        return fd.error->err == ENOENT ? std::nullopt : fd.error;
    }
    auto names = sys::list_dir(fd.value.get(), path);
    if (!names.ok()) {
        return names.error;
    }
    for (const auto& n : names.value) {
        if (std::find(keep.begin(), keep.end(), n) != keep.end()) {
            continue;
        }
        struct stat st;
        if (sys::lstat_at(fd.value.get(), n, &st, path + "/" + n)) {
            continue; // gone meanwhile
        }
        if (S_ISDIR(st.st_mode)) {
            // A directory in the lists (partial/) or caches: nothing to
            // keep in it, and no mount can be under it.
            if (auto e = sys::remove_tree(sys::fd_path(fd.value.get()) + "/" + n)) {
                return e;
            }
        } else if (auto e = sys::unlink_at(fd.value.get(), n, 0, path + "/" + n);
                   e && e->err != ENOENT) {
            return e;
        }
    }
    return std::nullopt;
}

} // namespace vagga::runtime::build
