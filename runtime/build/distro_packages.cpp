// Packages, repositories and keys of a bootstrapped root, and each
// distribution's finish (runtime.md §5.6).
#include "runtime/build/archive.h"
#include "runtime/build/distro.h"
#include "runtime/build/distro_util.h"
#include "runtime/build/root_fs.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace vagga::runtime::build {
namespace {

Error with_span(Error e, source::Span span) {
    e.span = span;
    return e;
}

Status run(StepContext& ctx, std::vector<std::string> argv, source::Span span, EnvVars env = {}) {
    plan::BuildCommand cmd;
    cmd.argv = std::move(argv);
    cmd.work_dir = "/";
    cmd.span = span;
    cmd.env = std::move(env);
    return ctx.run(cmd);
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

bool uses_apt(plan::Distro d) {
    switch (d) {
    case plan::Distro::Debian:
    case plan::Distro::Ubuntu:
        return true;
    case plan::Distro::Alpine:
        return false;
    }
    return false;
}

// apt's lists are kept across builds in `<cache>/apt-lists-<codename>`
// (runtime.md §5.6): copied into a root whose lists are empty before its
// first `apt-get update`, which then fetches only what changed, and saved
// from it at the finish.
constexpr const char* kLists = "/var/lib/apt/lists";

// VERSION_CODENAME of the root's os-release; "" when it names none.
std::string codename(const StepContext& ctx) {
    auto root = open_root(ctx.root);
    if (!root.ok()) {
        return "";
    }
    auto f = sys::open_in_root(root.value.get(), "/etc/os-release", O_RDONLY);
    if (!f.ok()) {
        return "";
    }
    auto text = sys::read_all(f.value.get(), 64 << 10);
    const std::string key = "\nVERSION_CODENAME=";
    std::string t = "\n" + (text.ok() ? text.value : "");
    size_t at = t.find(key);
    if (at == std::string::npos) {
        return "";
    }
    std::string name = t.substr(at + key.size(), t.find('\n', at + 1) - at - key.size());
    // Only a plain name becomes a folder of the cache.
    bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
    });
    return plain ? name : "";
}

// The regular files of folder `from` into folder `to` (both fds), but
// apt's lock; how many were copied.
Result<size_t> copy_list_files(int from, int to, const std::string& shown) {
    auto names = sys::list_dir(from, shown);
    if (!names.ok()) {
        return Result<size_t>{0, names.error};
    }
    size_t copied = 0;
    for (const auto& name : names.value) {
        struct stat st {};
        if (name == "lock" || sys::lstat_at(from, name, &st, shown) || !S_ISREG(st.st_mode)) {
            continue;
        }
        auto src = sys::openat(from, name, O_RDONLY | O_NOFOLLOW);
        auto dst = sys::openat(to, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
        if (!src.ok() || !dst.ok()) {
            return Result<size_t>{copied, src.ok() ? dst.error : src.error};
        }
        if (auto e = sys::copy_data(src.value.get(), dst.value.get(), shown + "/" + name)) {
            return Result<size_t>{copied, e};
        }
        // apt asks the mirror whether a list changed since its time.
        const struct timespec times[2] = {st.st_atim, st.st_mtim};
        (void)::futimens(dst.value.get(), times);
        ++copied;
    }
    return Result<size_t>{copied, std::nullopt};
}

// Best effort both ways: without the kept lists apt fetches them whole.
void seed_apt_lists(StepContext& ctx) {
    std::string name = codename(ctx);
    auto lists = ensure_dir_in_root(ctx.root, kLists);
    auto cached = sys::open(ctx.cache_dir + "/apt-lists-" + name, O_RDONLY | O_DIRECTORY);
    if (name.empty() || !lists.ok() || !cached.ok()) {
        return;
    }
    auto present = sys::list_dir(lists.value.get(), kLists);
    if (!present.ok() ||
        std::any_of(present.value.begin(), present.value.end(), [](const std::string& n) {
            return n != "lock" && n != "partial" && n != "auxfiles";
        })) {
        return;
    }
    (void)copy_list_files(cached.value.get(), lists.value.get(), kLists);
}

void save_apt_lists(const StepContext& ctx) {
    std::string name = codename(ctx);
    auto lists = ensure_dir_in_root(ctx.root, kLists);
    if (name.empty() || !lists.ok()) {
        return;
    }
    const std::string dir = ctx.cache_dir + "/apt-lists-" + name;
    const std::string part = dir + ".part";
    if (sys::remove_tree(part) || sys::mkdir_p(part, 0755)) {
        return;
    }
    auto to = sys::open(part, O_RDONLY | O_DIRECTORY);
    if (!to.ok()) {
        return;
    }
    auto copied = copy_list_files(lists.value.get(), to.value.get(), kLists);
    // Another build may save its lists meanwhile: either is as good.
    if (!copied.ok() || copied.value == 0 || sys::remove_tree(dir) || sys::rename(part, dir)) {
        (void)sys::remove_tree(part);
    }
}

// Downloaded .debs are kept across builds in `<cache>/apt-cache`.
Status mount_apt_cache(StepContext& ctx) {
    const std::string shown = "/var/cache/apt/archives";
    auto dir = ensure_dir_in_root(ctx.root, shown);
    if (!dir.ok()) {
        return dir.error;
    }
    // Mount on the directory as resolved in the root, not on a path an
    // image's symlink could redirect; the finish unmounts that resolved
    // path (as for !CacheDirs).
    auto real = sys::read_link_at(AT_FDCWD, sys::fd_path(dir.value.get()), shown);
    if (!real.ok()) {
        return real.error;
    }
    // apt needs partial/ even when a kept root's mount is there already.
    const std::string source = ctx.cache_dir + "/apt-cache";
    if (auto e = sys::mkdir_p(source + "/partial", 0755)) {
        return e;
    }
    for (const auto& m : ctx.mounts) {
        if (m.target == real.value) {
            return std::nullopt;
        }
    }
    if (auto e = sys::mount(source, sys::fd_path(dir.value.get()), nullptr, MS_BIND, "", shown)) {
        return e;
    }
    ctx.mounts.push_back({real.value, source, true, false});
    return std::nullopt;
}

Status apt_update(StepContext& ctx, source::Span span) {
    if (ctx.apt_lists_fresh) {
        return std::nullopt;
    }
    seed_apt_lists(ctx);
    if (auto e = run(ctx, {"apt-get", "update", "-q"}, span)) {
        return e;
    }
    ctx.apt_lists_fresh = true;
    return std::nullopt;
}

// apt-get's environment: libeatmydata preloaded once it is installed
// (after what the build environment preloads already, as the original).
EnvVars apt_env(const StepContext& ctx) {
    if (ctx.eatmydata_preload.empty()) {
        return {};
    }
    std::string preload = ctx.eatmydata_preload;
    for (const auto& [k, v] : ctx.env) {
        if (k == "LD_PRELOAD" && !v.empty()) {
            preload = v + ":" + preload;
        }
    }
    return {{"LD_PRELOAD", preload}};
}

// trusty and precise have eatmydata only in universe: added for the
// mirror and suite of the root's first sources.list line (bootstrap_ubuntu
// wrote it).
Status add_old_universe(StepContext& ctx) {
    auto root = open_root(ctx.root);
    if (!root.ok()) {
        return root.error;
    }
    auto f = sys::open_in_root(root.value.get(), "/etc/apt/sources.list", O_RDONLY);
    if (!f.ok()) {
        return f.error;
    }
    auto text = sys::read_all(f.value.get(), 64 << 10);
    if (!text.ok()) {
        return text.error;
    }
    std::string t = "\n" + text.value;
    size_t at = t.find("\ndeb ");
    if (at == std::string::npos) {
        return std::nullopt;
    }
    std::string line = t.substr(at + 5, t.find('\n', at + 1) - at - 5);
    size_t mirror_end = line.find(' ');
    size_t suite_end = line.find(' ', mirror_end + 1);
    if (mirror_end == std::string::npos || suite_end == std::string::npos) {
        return std::nullopt;
    }
    ctx.apt_lists_fresh = false;
    return write_in_root(ctx, "/etc/apt/sources.list.d/universe.list",
                         "deb " + line.substr(0, suite_end) + " universe\n", 0644, true);
}

// Ubuntu's `eatmydata: true` (runtime.md §5.6): before the first install,
// libeatmydata1 (eatmydata from universe on trusty and precise) is
// installed, and apt-get's installs and autoremove run with it preloaded,
// so that dpkg does not fsync every file of a root that a failed build
// throws away anyway. A failure only makes the build slower: a warning.
Status ensure_eatmydata(StepContext& ctx, source::Span span) {
    const std::string package = ctx.eatmydata_package;
    if (package.empty()) {
        return std::nullopt;
    }
    ctx.eatmydata_package.clear();
    if (package == "eatmydata") {
        if (auto e = add_old_universe(ctx)) {
            return e;
        }
    }
    if (auto e = apt_update(ctx, span)) {
        return e;
    }
    if (auto e = run(ctx, {"apt-get", "install", "-y", "-q", "--no-install-recommends", package},
                     span)) {
        std::fprintf(stderr,
                     "vagga: warning: could not install %s, the build may be slower than "
                     "usual: %s\n",
                     package.c_str(), e->message().c_str());
        return std::nullopt;
    }
    auto files = capture_in_root(ctx, "dpkg-query -L " + package, span);
    if (files.ok()) {
        size_t at = 0;
        while (at < files.value.size()) {
            size_t end = files.value.find('\n', at);
            std::string line =
                files.value.substr(at, end == std::string::npos ? std::string::npos : end - at);
            at = end == std::string::npos ? files.value.size() : end + 1;
            const std::string tail = "/libeatmydata.so";
            if (line.size() > tail.size() &&
                line.compare(line.size() - tail.size(), tail.size(), tail) == 0) {
                ctx.eatmydata_preload = line;
                std::fprintf(stderr, "vagga: Eatmydata activated: %s\n", line.c_str());
                return std::nullopt;
            }
        }
    }
    std::fprintf(stderr, "vagga: warning: Could not find libeatmydata.so dynamic library\n");
    return std::nullopt;
}

Status apt_install(StepContext& ctx, const plan::BuildPackages& op) {
    if (auto e = mount_apt_cache(ctx)) {
        return e;
    }
    if (auto e = ensure_eatmydata(ctx, op.span)) {
        return e;
    }
    if (auto e = apt_update(ctx, op.span)) {
        return e;
    }
    std::vector<std::string> argv = {"apt-get", "install", "-y", "-q", "--no-install-recommends"};
    argv.insert(argv.end(), op.packages.begin(), op.packages.end());
    return run(ctx, argv, op.span, apt_env(ctx));
}

Status apk_install(StepContext& ctx, const plan::BuildPackages& op) {
    std::vector<std::string> argv = {"apk", "add", "--update-cache"};
    argv.insert(argv.end(), op.packages.begin(), op.packages.end());
    return run(ctx, argv, op.span);
}

Status write_package_list(StepContext& ctx, const std::string& script, const std::string& file) {
    auto list = capture_in_root(ctx, script, {});
    if (!list.ok()) {
        return list.error;
    }
    auto fd = sys::open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (!fd.ok()) {
        return fd.error;
    }
    return sys::write_all(fd.value.get(), list.value, file);
}

Status finish_apt(StepContext& ctx, const std::string& container_dir) {
    if (!ctx.build_deps.empty()) {
        // apt-mark takes names: `pkg=1.2` as a build dependency is `pkg`.
        std::vector<std::string> argv = {"apt-mark", "auto"};
        for (const auto& p : ctx.build_deps) {
            argv.push_back(p.substr(0, p.find('=')));
        }
        if (auto e = run(ctx, argv, {})) {
            return e;
        }
        if (auto e = run(ctx, {"apt-get", "autoremove", "-y", "-q", "--purge"}, {}, apt_env(ctx))) {
            return e;
        }
    }
    if (auto e = write_package_list(ctx, "COLUMNS=200 dpkg -l",
                                    container_dir + "/debian-packages.txt")) {
        return e;
    }
    save_apt_lists(ctx);
    if (auto e = empty_dir_in_root(ctx, kLists, {"lock"})) {
        return e;
    }
    auto cache = ensure_dir_in_root(ctx.root, "/var/cache/apt");
    if (cache.ok()) {
        (void)sys::unlink_at(cache.value.get(), "pkgcache.bin", 0, "pkgcache.bin");
        (void)sys::unlink_at(cache.value.get(), "srcpkgcache.bin", 0, "srcpkgcache.bin");
    }
    return std::nullopt;
}

Status finish_apk(StepContext& ctx, const std::string& container_dir) {
    if (!ctx.build_deps.empty()) {
        std::vector<std::string> argv = {"apk", "del"};
        argv.insert(argv.end(), ctx.build_deps.begin(), ctx.build_deps.end());
        if (auto e = run(ctx, argv, {})) {
            return e;
        }
    }
    if (auto e = write_package_list(ctx, "apk info -vv", container_dir + "/alpine-packages.txt")) {
        return e;
    }
    return empty_dir_in_root(ctx, "/var/cache/apk", {});
}

} // namespace

Status install_names(StepContext& ctx, plan::Distro distro, const std::vector<std::string>& names,
                     source::Span span) {
    if (names.empty()) {
        return std::nullopt;
    }
    // A root copied by `!Container` has its distribution without a
    // bootstrap here: what this build installs gets the finish all the same.
    ctx.distro = distro;
    ctx.have_distro = true;
    plan::BuildPackages op{distro, names, false, span};
    Status st = uses_apt(distro) ? apt_install(ctx, op) : apk_install(ctx, op);
    return st ? with_span(*st, span) : st;
}

Status install_packages(StepContext& ctx, const plan::BuildPackages& op) {
    if (auto e = install_names(ctx, op.distro, op.packages, op.span)) {
        return e;
    }
    // The original's bookkeeping (language-steps.md §1.4): !Install keeps a
    // name even when a language step brought it as a build dependency;
    // !BuildDeps does not demote a kept one.
    for (const auto& p : op.packages) {
        if (op.build_deps) {
            if (!contains(ctx.packages, p) && !contains(ctx.build_deps, p)) {
                ctx.build_deps.push_back(p);
            }
        } else {
            std::erase(ctx.build_deps, p);
            if (!contains(ctx.packages, p)) {
                ctx.packages.push_back(p);
            }
        }
    }
    return std::nullopt;
}

Status add_repo(StepContext& ctx, const plan::BuildRepo& op) {
    ctx.distro = op.distro;
    ctx.have_distro = true;
    Status st =
        uses_apt(op.distro)
            ? write_in_root(ctx, "/etc/apt/sources.list.d/" + op.file, op.line + "\n", 0644, true)
            : write_in_root(ctx, "/etc/apk/repositories", op.line + "\n", 0644, true);
    if (st) {
        return with_span(*st, op.span);
    }
    ctx.apt_lists_fresh = false;
    return std::nullopt;
}

Status apt_trust(StepContext& ctx, const plan::BuildAptTrust& op) {
    // apt-key (still in Debian 12 and Ubuntu) needs gnupg and dirmngr in
    // the root; the keys land in /etc/apt/trusted.gpg.
    std::vector<std::string> argv = {"apt-key", "adv", "--keyserver", op.server, "--recv-keys"};
    argv.insert(argv.end(), op.keys.begin(), op.keys.end());
    if (auto e = run(ctx, argv, op.span)) {
        return with_span(*e, op.span);
    }
    ctx.apt_lists_fresh = false;
    return std::nullopt;
}

Status finish_distro(StepContext& ctx, const std::string& container_dir) {
    if (!ctx.have_distro) {
        return std::nullopt;
    }
    return uses_apt(ctx.distro) ? finish_apt(ctx, container_dir) : finish_apk(ctx, container_dir);
}

} // namespace vagga::runtime::build
