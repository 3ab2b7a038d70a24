#include "runtime/build/builder.h"

#include "runtime/build/archive.h"
#include "runtime/build/build_root.h"
#include "runtime/build/command.h"
#include "runtime/build/fetch.h"
#include "runtime/build/root_fs.h"
#include "runtime/build/snapshot.h"
#include "runtime/build/steps.h"
#include "runtime/idmap.h"

#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <sys/mount.h>

#include <chrono>
#include <cstdio>

namespace vagga::runtime::build {
namespace {

constexpr char kWake = 'w';
// SIGCHLD for the commands; the others are forwarded to the command running.
const std::vector<int> kSignals{SIGINT, SIGTERM, SIGQUIT, SIGCHLD};
constexpr int kStartFailed = 121;

// timings.log (runtime.md §5.4): seconds since the start and since the
// previous line, then the text.
class Timings {
  public:
    using Clock = std::chrono::steady_clock;
    explicit Timings(Fd fd) : fd_(std::move(fd)) {}
    void line(const std::string& text) {
        auto now = Clock::now();
        // The clock starts at the first line ("Start"), which is 0.000
        // however long the process waited to be scheduled before it.
        if (!started_) {
            started_ = true;
            start_ = prev_ = now;
        }
        double total = std::chrono::duration<double>(now - start_).count();
        double delta = std::chrono::duration<double>(now - prev_).count();
        prev_ = now;
        if (!fd_.valid()) {
            return;
        }
        char buf[64];
        std::snprintf(buf, sizeof buf, "%7.3f %7.3f   ", total, delta);
        (void)sys::write_all(fd_.get(), buf + text + "\n", "timings.log");
    }

  private:
    Fd fd_;
    bool started_ = false;
    Clock::time_point start_;
    Clock::time_point prev_;
};

// The host's resolv.conf and hosts, read before the builder leaves the
// host's view; a missing one is empty.
struct NetworkFiles {
    std::string resolv_conf;
    std::string hosts;

    static NetworkFiles read(const Host& host) {
        auto text = [](const std::string& path) {
            auto r = sys::read_file(path);
            return r.ok() ? r.value : std::string();
        };
        return NetworkFiles{text(host.resolv_conf_path), text(host.hosts_path)};
    }
};

// Those files copied (not bound) into the image, so that the network works
// during the build.
Status copy_network_files(const StepContext& ctx, const NetworkFiles& net) {
    auto root = open_root(ctx.root);
    if (!root.ok()) {
        return root.error;
    }
    auto etc = ensure_dir(root.value.get(), "/etc", 0755);
    if (!etc.ok()) {
        return etc.error;
    }
    for (const auto& [text, name] :
         {std::pair{&net.resolv_conf, "resolv.conf"}, std::pair{&net.hosts, "hosts"}}) {
        const std::string path = std::string("/etc/") + name;
        auto f = sys::open_in_root(root.value.get(), path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (!f.ok()) {
            return f.error;
        }
        if (auto e = sys::write_all(f.value.get(), *text, path)) {
            return e;
        }
    }
    return std::nullopt;
}

// runtime.md §5.3 step 7: the prebuilt image (image-cache-url), unpacked
// with its owners into the prepared root; a downloaded copy is not kept.
Status unpack_image(StepContext& ctx, const NetworkFiles& net) {
    const plan::FetchSource& src = *ctx.plan->image;
    std::fprintf(stderr, "Unpacking image %s\n", src.url.c_str());
    auto file = fetch(ctx, src, {});
    if (!file.ok()) {
        return file.error;
    }
    auto root = sys::open(ctx.root, O_RDONLY | O_DIRECTORY);
    if (!root.ok()) {
        return root.error;
    }
    ExtractOptions opts;
    opts.shown = src.url;
    // Mount points of the build (the host's /dev among them) are left alone.
    opts.skip = {"dev", "proc", "sys", "run", "work", "etc/resolv.conf", "etc/hosts"};
    Status e = extract_archive(file.value, root.value.get(), opts);
    if (src.host_path.empty()) {
        (void)sys::remove_tree(file.value);
    }
    if (e) {
        return e;
    }
    // The image's own (truncated) resolv.conf and hosts replaced the host's.
    return copy_network_files(ctx, net);
}

// runtime.md §5.3 step 6 and §5.4 "Start" 1-4. With `lower`, the root
// starts as an overlay on that kept root (snapshot.h); `overlaid` tells
// whether it is one or a copy.
Status prepare(StepContext& ctx, const NetworkFiles& net, const std::string& lower = {},
               bool* overlaid = nullptr) {
    const plan::BuildPlan& plan = *ctx.plan;
    if (auto e = sys::remove_tree(ctx.root)) {
        return e;
    }
    if (auto e = sys::mkdir_p(ctx.root, 0755)) {
        return e;
    }
    if (!lower.empty()) {
        if (auto e = layer_root(ctx, lower, overlaid)) {
            return e;
        }
    }
    auto root = open_root(ctx.root);
    if (!root.ok()) {
        return root.error;
    }
    if (auto e = sys::fchmod(root.value.get(), 0755, ctx.root)) {
        return e;
    }
    for (const char* d : {"dev", "sys", "proc", "run", "tmp", "work", "etc"}) {
        auto dir = ensure_dir(root.value.get(), d, 0755);
        if (!dir.ok()) {
            return dir.error;
        }
        if (std::string(d) == "tmp") {
            if (auto e = sys::fchmod(dir.value.get(), 01777, "/tmp")) {
                return e;
            }
        }
    }
    struct Mount {
        std::string source;
        const char* target;
        const char* fstype;
        unsigned long flags;
        std::string data;
    };
    std::vector<Mount> mounts{
        {"/dev", "dev", nullptr, MS_BIND | MS_REC, ""},
        {"proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, ""},
        {"/sys", "sys", nullptr, MS_BIND | MS_REC, ""},
        {"tmpfs", "run", "tmpfs", MS_NOSUID | MS_NODEV, "size=100m,mode=755"},
    };
    if (!plan.project_root.empty()) {
        mounts.push_back({plan.project_root, "work", nullptr, MS_BIND | MS_REC, ""});
    }
    for (const auto& m : mounts) {
        std::string target = ctx.root + "/" + m.target;
        if (auto e = sys::mount(m.source, target, m.fstype, m.flags, m.data, target)) {
            return e;
        }
        ctx.mounts.push_back({target, "", false, false});
    }
    if (auto e = sys::mkdir_p(ctx.root + "/run/shm", 01777)) {
        return e;
    }
    if (auto e = copy_network_files(ctx, net)) {
        return e;
    }
    // The id maps the image was built with, next to it (the original
    // compares them before reusing an image).
    auto [container_dir, _] = split_parent(ctx.root);
    for (const char* m : {"uid_map", "gid_map"}) {
        auto text = sys::read_file(std::string("/proc/self/") + m);
        if (!text.ok()) {
            return text.error;
        }
        auto f = sys::open(container_dir + "/" + m, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (!f.ok()) {
            return f.error;
        }
        if (auto e = sys::write_all(f.value.get(), text.value, container_dir + "/" + m)) {
            return e;
        }
    }
    return std::nullopt;
}

Status write_text(const std::string& path, const std::string& text) {
    auto f = sys::open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (!f.ok()) {
        return f.error;
    }
    return sys::write_all(f.value.get(), text, path);
}

// A cold build, before step `snap.steps`: the root so far becomes the
// snapshot, and the root an overlay on it (snapshot.h). Sets `lower`.
Status take_snapshot(StepContext& ctx, const NetworkFiles& net, const plan::StepSnapshot& snap,
                     std::string& lower, bool* overlaid) {
    auto state = save_state(ctx);
    if (!state) {
        std::fprintf(stderr, "vagga: no root kept for a rebuild: a step mounted a file that "
                             "cannot be mounted again\n");
        return std::nullopt;
    }
    if (auto e = unmount_all(ctx)) {
        return e;
    }
    if (auto e = sys::remove_tree(snap.dir)) {
        return e;
    }
    if (auto e = sys::mkdir_p(snap.dir, 0755)) {
        return e;
    }
    if (auto e = sys::rename(ctx.root, snap.dir + "/root")) {
        return e;
    }
    if (auto e = write_text(snap.dir + "/state.json", *state)) {
        return e;
    }
    // Last: the key says the rest is complete.
    if (auto e = write_text(snap.dir + "/key", snap.key)) {
        return e;
    }
    lower = snap.dir + "/root";
    if (auto e = prepare(ctx, net, lower, overlaid)) {
        return e;
    }
    return load_state(ctx, *state);
}

[[noreturn]] void report(int err_fd, const Error& e, int code) {
    (void)sys::write_all(err_fd, encode_error(e), "error pipe");
    sys::exit_now(code);
}

// The builder process: pid 1 of the new pid namespace, uid 0 of the user
// namespace; it leaves the host's filesystem for its build root before any
// step runs.
int builder_main(const plan::BuildPlan& host_plan, const Host& host, bool single_id, int err_fd,
                 int control_fd) {
    if (auto e = sys::set_pdeathsig(SIGKILL)) {
        report(err_fd, *e, kStartFailed);
    }
    // EOF instead of the byte: the parent died before PDEATHSIG was set.
    auto go = sys::read_all(control_fd, 1);
    if (!go.ok() || go.value != std::string(1, kWake)) {
        sys::exit_now(kStartFailed);
    }
    // The builder never execs: it starts with the launcher's root, cwd and
    // fds. Before any step runs: only our two pipes stay open; we are not
    // dumpable, which closes /proc/1/{root,cwd,fd,mem} to the steps (see
    // sys::set_dumpable); and we pivot into the build root (build_root.h),
    // which holds only what the build needs. Each step then pivots into
    // the image in its own mount namespace (command.cpp). Only after the
    // wake-up: the parent writes our id maps through /proc/PID, which a
    // non-dumpable process closes to an unprivileged parent.
    if (auto e = sys::close_fds_except({err_fd, control_fd})) {
        report(err_fd, *e, kStartFailed);
    }
    if (auto e = sys::set_dumpable(false)) {
        report(err_fd, *e, kStartFailed);
    }
    // Still blocked (inherited): read from the signalfd. The handlers make
    // the kernel deliver them to us, a namespace init.
    if (auto e = sys::catch_signals({SIGINT, SIGTERM, SIGQUIT})) {
        report(err_fd, *e, kStartFailed);
    }
    auto sigfd = sys::signalfd(kSignals);
    if (!sigfd.ok()) {
        report(err_fd, *sigfd.error, kStartFailed);
    }
    // Our mounts must not propagate back to the host.
    if (auto e = sys::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, "", "/")) {
        report(err_fd, *e, kStartFailed);
    }
    const NetworkFiles net = NetworkFiles::read(host);
    const BuildRootMap map = build_root_map(host_plan);
    auto relocated = relocate(host_plan, map);
    if (!relocated.ok()) {
        report(err_fd, *relocated.error, kStartFailed);
    }
    if (auto e = pivot_into_build_root(map)) {
        report(err_fd, *e, kStartFailed);
    }
    const plan::BuildPlan& plan = relocated.value;
    StepContext ctx;
    ctx.plan = &plan;
    ctx.root = plan.root_dir;
    ctx.cache_dir = plan.cache_dir;
    ctx.env = plan.env;
    ctx.run = [&ctx, fd = sigfd.value.get(), single_id](const plan::BuildCommand& cmd) {
        return run_command(ctx, cmd, fd, single_id);
    };

    Fd log;
    if (!plan.timings_log.empty()) {
        auto f = sys::open(plan.timings_log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (!f.ok()) {
            report(err_fd, *f.error, kStartFailed);
        }
        log = std::move(f.value);
    }
    Timings timings(std::move(log));
    auto unix_now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    char start[64];
    std::snprintf(start, sizeof start, "Start %.3f", unix_now);
    timings.line(start);
    timings.line("Prepare");
    // The snapshot of the last build, when its steps are ours unchanged.
    const plan::StepSnapshot* snap = plan.snapshot ? &*plan.snapshot : nullptr;
    std::string lower; // the root is an overlay on it (or a copy of it)
    bool overlaid = false;
    size_t first = 0;
    if (snap && snap->reuse && !plan.image && snap->steps > 0 && snap->steps <= plan.steps.size() &&
        snapshot_matches(*snap)) {
        lower = snap->dir + "/root";
    }
    if (auto e = prepare(ctx, net, lower, &overlaid)) {
        report(err_fd, *e, kStartFailed);
    }
    if (!lower.empty()) {
        auto state = sys::read_file(snap->dir + "/state.json", 16 << 20);
        if (auto e = state.ok() ? load_state(ctx, state.value) : state.error) {
            report(err_fd, *e, kStartFailed);
        }
        first = snap->steps;
        std::fprintf(stderr,
                     "[1-%zu/%zu] unchanged: the root they made is kept from a build "
                     "before\n",
                     first, plan.steps.size());
        timings.line("Kept root: " + std::to_string(first) + " steps");
    }
    bool from_image = false;
    if (plan.image) {
        if (auto e = unpack_image(ctx, net)) {
            std::fprintf(stderr,
                         "Error when unpacking image: %s. Will clean and build it locally...\n",
                         e->message().c_str());
            // Start over from an empty root (the mounts go first: the root
            // is removed, and /dev in it is the host's).
            (void)unmount_all(ctx);
            if (auto again = prepare(ctx, net)) {
                report(err_fd, *again, kStartFailed);
            }
        } else {
            from_image = true;
            timings.line("Image: " + plan.image->url);
        }
    }

    const size_t total = from_image ? 0 : plan.steps.size();
    for (size_t i = first; i < total; ++i) {
        if (snap && lower.empty() && i > 0 && i == snap->steps) {
            timings.line("Keep root: " + std::to_string(i) + " steps");
            if (auto e = take_snapshot(ctx, net, *snap, lower, &overlaid)) {
                Error w = *e;
                w.op = "keeping the root for a rebuild: " + e->op;
                report(err_fd, w, 1);
            }
        }
        const auto& step = plan.steps[i];
        std::fprintf(stderr, "[%zu/%zu] %s\n", i + 1, total, step.label.c_str());
        timings.line("Step: " + step.label);
        auto t0 = std::chrono::steady_clock::now();
        for (const auto& op : step.ops) {
            Status e = run_op(ctx, op);
            if (!e && std::holds_alternative<plan::BuildCopyRoot>(op)) {
                // The copied image's (truncated) files replaced the host's.
                e = copy_network_files(ctx, net);
            }
            if (e) {
                Error w = *e;
                w.op = "step " + step.label + " failed: " + e->op;
                if (!w.span.valid()) {
                    w.span = step.span;
                }
                report(err_fd, w, 1);
            }
        }
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::fprintf(stderr, "[%zu/%zu] done in %.1fs\n", i + 1, total, secs);
    }
    if (auto e = finish_build(ctx)) {
        Error w = *e;
        w.op = "finishing the build: " + e->op;
        report(err_fd, w, 1);
    }
    if (overlaid) {
        timings.line("Flatten");
        if (auto e = flatten_root(ctx, lower)) {
            Error w = *e;
            w.op = "flattening the root: " + e->op;
            report(err_fd, w, 1);
        }
    }
    timings.line("Finish");
    return 0;
}

// Restores the caller's signal mask and SIGCHLD disposition.
class SignalGuard {
  public:
    SignalGuard() : chld_(sys::default_disposition(SIGCHLD)) {}
    SignalGuard(const SignalGuard&) = delete;
    SignalGuard& operator=(const SignalGuard&) = delete;
    ~SignalGuard() {
        if (blocked_) {
            (void)sys::restore_signals(old_);
        }
        sys::restore_disposition(SIGCHLD, chld_);
    }
    Status block() {
        auto e = sys::block_signals(kSignals, &old_);
        blocked_ = !e;
        return e;
    }

  private:
    struct sigaction chld_;
    sigset_t old_{};
    bool blocked_ = false;
};

BuildResult failed(int code, Error e) {
    return BuildResult{code, std::move(e)};
}

} // namespace

BuildResult run_build(const plan::BuildPlan& plan, const Host& host) {
    if (plan.root_dir.empty() || plan.root_dir.front() != '/') {
        return failed(kStartFailed, make_error(0, "build", "root_dir must be an absolute path"));
    }
    const IdMaps maps = choose_id_maps(plan.idmap, host);
    SignalGuard guard;
    if (auto e = guard.block()) {
        return failed(kStartFailed, *e);
    }
    auto sigfd = sys::signalfd(kSignals);
    auto control = sys::pipe();
    auto errors = sys::pipe();
    if (!sigfd.ok() || !control.ok() || !errors.ok()) {
        return failed(kStartFailed, *(!sigfd.ok()     ? sigfd.error
                                      : !control.ok() ? control.error
                                                      : errors.error));
    }
    auto cloned = sys::clone_namespaces(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC);
    if (!cloned.ok()) {
        Error e = *cloned.error;
        e.op = "creating namespaces (clone)";
        return failed(kStartFailed, e);
    }
    if (cloned.value == 0) {
        control.value.write.reset();
        errors.value.read.reset();
        sigfd.value.reset();
        sys::exit_now(builder_main(plan, host, maps.single, errors.value.write.get(),
                                   control.value.read.get()));
    }
    ChildPid child(cloned.value);
    control.value.read.reset();
    errors.value.write.reset();
    if (auto e = apply_id_maps(child.pid(), maps, host)) {
        return failed(kStartFailed, *e);
    }
    if (auto e = sys::write_all(control.value.write.get(), std::string(1, kWake), "control")) {
        return failed(kStartFailed, *e);
    }
    int status = 0;
    while (child.pid() > 0) {
        auto ev = sys::next_event(sigfd.value.get(), -1, -1);
        if (!ev.ok()) {
            return failed(kStartFailed, *ev.error);
        }
        if (ev.value.signal == SIGCHLD) {
            auto w = sys::try_wait(child.pid());
            if (!w.ok()) {
                return failed(kStartFailed, *w.error);
            }
            if (w.value) {
                status = *w.value;
                child.release();
            }
        } else if (ev.value.signal != 0) {
            sys::send_signal(child.pid(), ev.value.signal);
        }
    }
    const int code = sys::exit_code_of(status);
    auto text = sys::read_all(errors.value.read.get());
    if (text.ok() && !text.value.empty()) {
        return failed(code == 0 ? 1 : code, decode_error(text.value));
    }
    if (code != 0) {
        return failed(code, make_error(0, "builder", sys::describe_status(status)));
    }
    return BuildResult{0, std::nullopt};
}

} // namespace vagga::runtime::build
