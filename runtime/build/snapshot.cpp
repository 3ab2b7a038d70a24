#include "runtime/build/snapshot.h"

#include "compiler/text/json_text.h"
#include "runtime/build/copy.h"
#include "runtime/build/root_fs.h"
#include "runtime/link_tree.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>

namespace vagga::runtime::build {
namespace {

using json = nlohmann::json;

// With `userxattr` (required in a user namespace) the overlay marks its
// directories with these; they mean nothing in a plain folder.
constexpr const char* kOverlayXattrs = "user.overlay.";
constexpr const char* kOpaque = "user.overlay.opaque";

std::string layer_dir(const StepContext& ctx) {
    return split_parent(ctx.root).first + "/layer";
}

std::string at(int dirfd, const std::string& name) {
    return sys::fd_path(dirfd) + "/" + name;
}

bool is_whiteout(const struct stat& st) {
    return S_ISCHR(st.st_mode) && st.st_rdev == makedev(0, 0);
}

bool is_opaque(int dirfd, const std::string& name) {
    char v = 0;
    return ::lgetxattr(at(dirfd, name).c_str(), kOpaque, &v, 1) == 1 && v == 'y';
}

// Drops the overlay's own attributes from a regular file moved out of the
// upper layer (only files and folders can carry user.* attributes).
Status strip_overlay_xattrs(int dirfd, const std::string& name, const std::string& shown) {
    const std::string path = at(dirfd, name);
    std::string names(4096, '\0');
    ssize_t n = ::llistxattr(path.c_str(), names.data(), names.size());
    if (n < 0 && errno == ERANGE) {
        n = ::llistxattr(path.c_str(), nullptr, 0);
        if (n > 0) {
            names.assign(static_cast<size_t>(n), '\0');
            n = ::llistxattr(path.c_str(), names.data(), names.size());
        }
    }
    if (n < 0) {
        if (errno == ENOTSUP) {
            return std::nullopt;
        }
        return make_error(errno, "listxattr", shown);
    }
    for (size_t pos = 0; pos < static_cast<size_t>(n);) {
        std::string x(names.c_str() + pos);
        pos += x.size() + 1;
        if (x.rfind(kOverlayXattrs, 0) == 0 && ::lremovexattr(path.c_str(), x.c_str()) != 0) {
            return make_error(errno, "removexattr", shown);
        }
    }
    return std::nullopt;
}

// Moves what one folder of the upper layer holds into the same folder of
// the flattened root: whiteouts remove, an opaque folder replaces, another
// folder merges, anything else replaces what was there.
Status apply_upper(int up, int dst, const std::string& shown) {
    auto names = sys::list_dir(up, shown);
    if (!names.ok()) {
        return names.error;
    }
    for (const auto& name : names.value) {
        const std::string path = shown + "/" + name;
        struct stat st {};
        if (auto e = sys::lstat_at(up, name, &st, path)) {
            return e;
        }
        if (is_whiteout(st)) {
            if (auto e = remove_at(dst, name)) {
                return e;
            }
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (auto e = remove_at(dst, name)) {
                return e;
            }
            if (S_ISREG(st.st_mode)) {
                if (auto e = strip_overlay_xattrs(up, name, path)) {
                    return e;
                }
            }
            if (auto e = sys::rename_at(up, name, dst, path)) {
                return e;
            }
            continue;
        }
        struct stat old {};
        bool exists = ::fstatat(dst, name.c_str(), &old, AT_SYMLINK_NOFOLLOW) == 0;
        if (exists && (!S_ISDIR(old.st_mode) || is_opaque(up, name))) {
            if (auto e = remove_at(dst, name)) {
                return e;
            }
            exists = false;
        }
        if (!exists) {
            if (auto e = sys::mkdirat(dst, name, 0700, path)) {
                return e;
            }
        }
        auto u = sys::openat(up, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        auto d = sys::openat(dst, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        if (!u.ok() || !d.ok()) {
            return u.ok() ? d.error : u.error;
        }
        if (auto e = apply_upper(u.value.get(), d.value.get(), path)) {
            return e;
        }
        // `st` was taken before the moves out of it changed its times.
        if (auto e = set_attributes(d.value.get(), st, path)) {
            return e;
        }
    }
    return std::nullopt;
}

json strings(const std::vector<std::string>& v) {
    return json(v);
}

} // namespace

bool snapshot_matches(const plan::StepSnapshot& snap) {
    auto key = sys::read_file(snap.dir + "/key", 4096);
    struct stat st {};
    return key.ok() && key.value == snap.key && sys::stat(snap.dir + "/root", &st) &&
           S_ISDIR(st.st_mode) && sys::exists(snap.dir + "/state.json");
}

std::optional<std::string> save_state(const StepContext& ctx) {
    json mounts = json::array();
    const std::string prefix = ctx.root + "/";
    for (const auto& m : ctx.mounts) {
        if (!m.by_step) {
            continue;
        }
        if (m.source.empty() || m.target.rfind(prefix, 0) != 0) {
            return std::nullopt;
        }
        mounts.push_back({{"path", m.target.substr(prefix.size() - 1)},
                          {"source", m.source},
                          {"read_only", m.read_only}});
    }
    json env = json::array();
    for (const auto& [k, v] : ctx.env) {
        env.push_back({k, v});
    }
    json j = {{"env", env},
              {"distro", static_cast<int>(ctx.distro)},
              {"have_distro", ctx.have_distro},
              {"apt_lists_fresh", ctx.apt_lists_fresh},
              {"eatmydata_package", ctx.eatmydata_package},
              {"eatmydata_preload", ctx.eatmydata_preload},
              {"build_deps", strings(ctx.build_deps)},
              {"packages", strings(ctx.packages)},
              {"ensure_dirs", strings(ctx.ensure_dirs)},
              {"remove_paths", strings(ctx.remove_paths)},
              {"empty_dirs", strings(ctx.empty_dirs)},
              {"mounts", mounts}};
    std::string unsendable;
    return text::dump_json_exact(j, &unsendable);
}

Status load_state(StepContext& ctx, const std::string& text) {
    struct Mount {
        std::string path, source;
        bool read_only;
    };
    std::vector<Mount> mounts;
    try {
        json j = json::parse(text);
        ctx.env.clear();
        for (const auto& kv : j.at("env")) {
            ctx.env.emplace_back(kv.at(0).get<std::string>(), kv.at(1).get<std::string>());
        }
        ctx.distro = static_cast<plan::Distro>(j.at("distro").get<int>());
        ctx.have_distro = j.at("have_distro").get<bool>();
        ctx.apt_lists_fresh = j.at("apt_lists_fresh").get<bool>();
        // Absent from the states kept before eatmydata was done.
        ctx.eatmydata_package = j.value("eatmydata_package", std::string());
        ctx.eatmydata_preload = j.value("eatmydata_preload", std::string());
        ctx.build_deps = j.at("build_deps").get<std::vector<std::string>>();
        ctx.packages = j.at("packages").get<std::vector<std::string>>();
        ctx.ensure_dirs = j.at("ensure_dirs").get<std::vector<std::string>>();
        ctx.remove_paths = j.at("remove_paths").get<std::vector<std::string>>();
        ctx.empty_dirs = j.at("empty_dirs").get<std::vector<std::string>>();
        for (const auto& m : j.at("mounts")) {
            mounts.push_back({m.at("path").get<std::string>(), m.at("source").get<std::string>(),
                              m.at("read_only").get<bool>()});
        }
    } catch (const std::exception& e) {
        return make_error(0, "snapshot", std::string("state.json: ") + e.what());
    }
    auto root = open_root(ctx.root);
    if (!root.ok()) {
        return root.error;
    }
    for (const auto& m : mounts) {
        // A cache folder may have been cleaned since.
        if (auto e = sys::mkdir_p(m.source, 0755)) {
            return e;
        }
        auto real = bind_in_root(root.value.get(), m.path, m.source);
        if (!real.ok()) {
            return real.error;
        }
        ctx.mounts.push_back({real.value, m.source, true, m.read_only});
        if (m.read_only) {
            if (auto e = sys::remount_read_only(real.value, m.path)) {
                return e;
            }
        }
    }
    return std::nullopt;
}

Status layer_root(const StepContext& ctx, const std::string& lower, bool* overlaid) {
    *overlaid = false;
    const std::string layer = layer_dir(ctx);
    if (auto e = sys::remove_tree(layer)) {
        return e;
    }
    // Option syntax: these characters would need escaping; the builder's
    // own paths (relocated into the build root) never have them.
    const std::string upper = layer + "/upper";
    const std::string work = layer + "/work";
    bool plain = (lower + upper + work).find_first_of(",:\\") == std::string::npos;
    if (plain && !sys::mkdir_p(upper, 0755) && !sys::mkdir_p(work, 0755)) {
        const std::string data =
            "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work + ",userxattr";
        auto e = sys::mount("overlay", ctx.root, "overlay", 0, data, ctx.root);
        if (!e) {
            *overlaid = true;
            return std::nullopt;
        }
        std::fprintf(stderr, "vagga: copying the kept root (no overlay: %s)\n",
                     e->message().c_str());
    }
    (void)sys::remove_tree(layer);
    return copy_tree(lower, ctx.root);
}

Status flatten_root(const StepContext& ctx, const std::string& lower) {
    if (auto e = sys::umount_detach(ctx.root, ctx.root)) {
        return e;
    }
    if (auto e = link_tree(lower, ctx.root, LinkMode::Exact)) {
        return e;
    }
    const std::string upper = layer_dir(ctx) + "/upper";
    auto up = sys::open(upper, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (!up.ok()) {
        return up.error;
    }
    auto root = sys::open(ctx.root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (!root.ok()) {
        return root.error;
    }
    struct stat st {};
    if (auto e = sys::fstat(up.value.get(), &st, upper)) {
        return e;
    }
    if (auto e = apply_upper(up.value.get(), root.value.get(), ctx.root)) {
        return e;
    }
    if (auto e = set_attributes(root.value.get(), st, ctx.root)) {
        return e;
    }
    return sys::remove_tree(layer_dir(ctx));
}

} // namespace vagga::runtime::build
