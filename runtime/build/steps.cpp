#include "runtime/build/steps.h"

#include "runtime/build/copy.h"
#include "runtime/build/distro.h"
#include "runtime/build/distro_util.h"
#include "runtime/build/fetch.h"
#include "runtime/build/git.h"
#include "runtime/build/lang.h"
#include "runtime/build/root_fs.h"

#include <fcntl.h>
#include <sys/mount.h>

#include <algorithm>
#include <cerrno>
#include <type_traits>

namespace vagga::runtime::build {
namespace {

Status with_span(Status e, source::Span span) {
    if (e && !e->span.valid()) {
        e->span = span;
    }
    return e;
}

Status write_file(StepContext& ctx, const plan::BuildWriteFile& op) {
    auto root = open_root(ctx.root);
    if (!root.ok()) {
        return root.error;
    }
    auto [parent, name] = split_parent(op.path);
    Result<Fd> dir = op.make_parents
                         ? ensure_dir(root.value.get(), parent, 0755)
                         : sys::open_in_root(root.value.get(), parent, O_RDONLY | O_DIRECTORY);
    if (!dir.ok()) {
        return dir.error;
    }
    // The final component is resolved in the root too: a symlink there is
    // followed, but never out of the image.
    auto f = sys::open_in_root(root.value.get(), op.path, O_WRONLY | O_CREAT | O_TRUNC,
                               static_cast<mode_t>(op.mode));
    if (!f.ok()) {
        return f.error;
    }
    if (auto e = sys::write_all(f.value.get(), op.contents, op.path)) {
        return e;
    }
    return sys::fchmod(f.value.get(), static_cast<mode_t>(op.mode), op.path);
}

Status ensure_dir_now(StepContext& ctx, const std::string& path) {
    auto root = open_root(ctx.root);
    if (!root.ok()) {
        return root.error;
    }
    auto dir = ensure_dir(root.value.get(), path, 0755);
    return dir.ok() ? std::nullopt : dir.error;
}

Status remove_now(StepContext& ctx, const std::string& path) {
    auto root = open_root(ctx.root);
    if (!root.ok()) {
        return root.error;
    }
    return remove_path(root.value.get(), path);
}

Status cache_mount(StepContext& ctx, const plan::BuildCacheMount& op) {
    if (op.name.empty() || op.name.find('/') != std::string::npos || op.name == "." ||
        op.name == "..") {
        return make_error(0, "cache", "bad cache name \"" + op.name + "\"");
    }
    std::string path = op.path;
    if (!op.prefix_script.empty()) {
        auto out = capture_in_root(ctx, op.prefix_script, op.span);
        if (!out.ok()) {
            return out.error;
        }
        std::string prefix = out.value.substr(0, out.value.find_last_not_of(" \t\r\n") + 1);
        if (prefix.empty() || prefix.front() != '/' || prefix.find('\n') != std::string::npos) {
            return make_error(0, "cache",
                              "`" + op.prefix_script + "` printed \"" + prefix +
                                  "\", not a folder of the image");
        }
        path = prefix + op.path;
    }
    std::string cache = ctx.cache_dir + "/" + op.name;
    if (auto e = sys::mkdir_p(cache, 0755)) {
        return e;
    }
    auto root = open_root(ctx.root);
    if (!root.ok()) {
        return root.error;
    }
    if (auto e = empty_dir(root.value.get(), path)) {
        return e;
    }
    auto real = bind_in_root(root.value.get(), path, cache);
    if (!real.ok()) {
        return real.error;
    }
    ctx.mounts.push_back({real.value, cache, true, false});
    return std::nullopt;
}

Status run_op_inner(StepContext& ctx, const plan::BuildOp& op) {
    return std::visit(
        [&](const auto& o) -> Status {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, plan::BuildCommand>) {
                return ctx.run(o);
            } else if constexpr (std::is_same_v<T, plan::BuildEnv>) {
                for (const auto& [k, v] : o.vars) {
                    ctx.set_env(k, v);
                }
                return std::nullopt;
            } else if constexpr (std::is_same_v<T, plan::BuildWriteFile>) {
                return write_file(ctx, o);
            } else if constexpr (std::is_same_v<T, plan::BuildEnsureDir>) {
                ctx.ensure_dirs.push_back(o.path);
                return ensure_dir_now(ctx, o.path);
            } else if constexpr (std::is_same_v<T, plan::BuildRemove>) {
                ctx.remove_paths.push_back(o.path);
                return remove_now(ctx, o.path);
            } else if constexpr (std::is_same_v<T, plan::BuildEmptyDir>) {
                ctx.empty_dirs.push_back(o.path);
                return std::nullopt;
            } else if constexpr (std::is_same_v<T, plan::BuildCacheMount>) {
                return cache_mount(ctx, o);
            } else if constexpr (std::is_same_v<T, plan::BuildCopy>) {
                return copy_files(ctx, o);
            } else if constexpr (std::is_same_v<T, plan::BuildCopyRoot>) {
                return copy_root(ctx, o);
            } else if constexpr (std::is_same_v<T, plan::BuildFromContainer>) {
                return from_container(ctx, o);
            } else if constexpr (std::is_same_v<T, plan::BuildUnpack>) {
                return unpack(ctx, o);
            } else if constexpr (std::is_same_v<T, plan::BuildDownload>) {
                return download(ctx, o);
            } else if constexpr (std::is_same_v<T, plan::BuildBootstrap>) {
                return bootstrap(ctx, o);
            } else if constexpr (std::is_same_v<T, plan::BuildPackages>) {
                return install_packages(ctx, o);
            } else if constexpr (std::is_same_v<T, plan::BuildRepo>) {
                return add_repo(ctx, o);
            } else if constexpr (std::is_same_v<T, plan::BuildAptTrust>) {
                return apt_trust(ctx, o);
            } else if constexpr (std::is_same_v<T, plan::BuildGitCheckout>) {
                return git_checkout(ctx, o);
            } else if constexpr (std::is_same_v<T, plan::BuildFeatures>) {
                return install_features(ctx, o);
            } else if constexpr (std::is_same_v<T, plan::BuildGetPip>) {
                return get_pip(ctx, o);
            } else if constexpr (std::is_same_v<T, plan::BuildCapture>) {
                return capture_list(ctx, o, split_parent(ctx.root).first);
            } else {
                static_assert(sizeof(T) == 0, "unhandled build op");
            }
        },
        op);
}

// data-dirs: everything but the kept paths and their ancestors goes.
Status keep_only(int dir_fd, const std::string& shown, const std::vector<std::string>& keep) {
    auto names = sys::list_dir(dir_fd, shown);
    if (!names.ok()) {
        return names.error;
    }
    for (const auto& n : names.value) {
        std::string p = shown == "/" ? "/" + n : shown + "/" + n;
        bool kept = false;
        bool ancestor = false;
        for (const auto& k : keep) {
            kept = kept || k == p;
            ancestor = ancestor || (k.size() > p.size() && k.compare(0, p.size(), p) == 0 &&
                                    k[p.size()] == '/');
        }
        if (kept) {
            continue;
        }
        struct stat st;
        if (auto e = sys::lstat_at(dir_fd, n, &st, p)) {
            return e;
        }
        if (ancestor && S_ISDIR(st.st_mode)) {
            auto sub = sys::openat(dir_fd, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
            if (!sub.ok()) {
                return sub.error;
            }
            if (auto e = keep_only(sub.value.get(), p, keep)) {
                return e;
            }
            continue;
        }
        if (auto e = remove_at(dir_fd, n)) {
            return e;
        }
    }
    return std::nullopt;
}

std::string normalized(std::string p) {
    while (p.size() > 1 && p.back() == '/') {
        p.pop_back();
    }
    return p.empty() || p.front() != '/' ? "/" + p : p;
}

} // namespace

Status run_op(StepContext& ctx, const plan::BuildOp& op) {
    source::Span span = std::visit([](const auto& o) { return o.span; }, op);
    return with_span(run_op_inner(ctx, op), span);
}

Status unmount_all(StepContext& ctx) {
    for (auto it = ctx.mounts.rbegin(); it != ctx.mounts.rend(); ++it) {
        if (auto e = sys::umount_detach(it->target, it->target)) {
            return e;
        }
    }
    ctx.mounts.clear();
    return std::nullopt;
}

Status finish_build(StepContext& ctx) {
    const plan::BuildPlan& plan = *ctx.plan;
    if (ctx.have_distro) {
        auto [container_dir, _] = split_parent(ctx.root);
        if (auto e = finish_distro(ctx, container_dir)) {
            return e;
        }
    }
    if (auto e = unmount_all(ctx)) {
        return e;
    }
    auto root = open_root(ctx.root);
    if (!root.ok()) {
        return root.error;
    }
    const int rfd = root.value.get();
    std::vector<std::string> truncate{"/etc/resolv.conf", "/etc/hosts"};
    truncate.insert(truncate.end(), plan.truncate_files.begin(), plan.truncate_files.end());
    for (const auto& p : truncate) {
        auto f = sys::open_in_root(rfd, p, O_WRONLY | O_TRUNC);
        if (!f.ok() && f.error->err != ENOENT) {
            return f.error;
        }
    }
    for (const auto& p : ctx.remove_paths) {
        if (auto e = remove_path(rfd, p)) {
            return e;
        }
    }
    std::vector<std::string> empty{"/tmp", "/var/tmp"};
    empty.insert(empty.end(), ctx.empty_dirs.begin(), ctx.empty_dirs.end());
    for (const auto& p : empty) {
        if (auto e = empty_dir(rfd, p)) {
            return e;
        }
    }
    std::vector<std::string> dirs{"/dev", "/proc", "/run", "/sys", "/tmp", "/work"};
    dirs.insert(dirs.end(), ctx.ensure_dirs.begin(), ctx.ensure_dirs.end());
    for (const auto& p : dirs) {
        auto d = ensure_dir(rfd, p, 0755);
        if (!d.ok()) {
            return d.error;
        }
        if (p == "/tmp") {
            if (auto e = sys::fchmod(d.value.get(), 01777, p)) {
                return e;
            }
        }
    }
    if (!plan.data_dirs.empty()) {
        std::vector<std::string> keep;
        for (const auto& d : plan.data_dirs) {
            keep.push_back(normalized(d));
        }
        if (auto e = keep_only(rfd, "/", keep)) {
            return e;
        }
    }
    return std::nullopt;
}

} // namespace vagga::runtime::build
