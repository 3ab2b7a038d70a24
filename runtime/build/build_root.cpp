#include "runtime/build/build_root.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <type_traits>

namespace vagga::runtime::build {
namespace {

bool is_under(const std::string& path, const std::string& folder) {
    return path == folder ||
           (path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
            (folder == "/" || path[folder.size()] == '/'));
}

std::string parent_of(const std::string& path) {
    auto slash = path.find_last_of('/');
    return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

class MapBuilder {
  public:
    void add(const std::string& host, const std::string& inside, bool read_only) {
        if (host.empty() || map_.inside(host)) {
            return;
        }
        map_.folders.emplace_back(host, inside);
        map_.read_only.push_back(read_only);
    }
    void add_numbered(const std::string& host, const std::string& base, int* n) {
        if (!host.empty() && !map_.inside(host)) {
            add(host, base + std::to_string((*n)++), true);
        }
    }
    BuildRootMap take() { return std::move(map_); }

  private:
    BuildRootMap map_;
};

// Rewrites each host path of a plan, remembering the first one that is in
// no folder.
struct Relocator {
    const BuildRootMap& map;
    std::string missing;

    void path(std::string& p) {
        if (p.empty()) {
            return;
        }
        if (auto in = map.inside(p)) {
            p = *in;
        } else if (missing.empty()) {
            missing = p;
        }
    }
    void source(plan::FetchSource& s) {
        path(s.host_path);
        path(s.host_root);
    }
    void op(plan::BuildOp& op) {
        std::visit(
            [&](auto& o) {
                using T = std::decay_t<decltype(o)>;
                if constexpr (std::is_same_v<T, plan::BuildCopy>) {
                    path(o.host_source);
                    path(o.source_root);
                } else if constexpr (std::is_same_v<T, plan::BuildCopyRoot>) {
                    path(o.host_root);
                } else if constexpr (std::is_same_v<T, plan::BuildFromContainer>) {
                    path(o.host_source);
                    path(o.source_root);
                } else if constexpr (std::is_same_v<T, plan::BuildUnpack> ||
                                     std::is_same_v<T, plan::BuildDownload>) {
                    source(o.source);
                }
            },
            op);
    }
};

// The host's system folders a host tool needs, and the merged-/usr links.
constexpr const char* kSystem[] = {"usr", "etc", "bin", "sbin", "lib", "lib32", "lib64", "libx32"};

struct Attach {
    Fd tree;
    std::string inside;
    bool read_only = false;
};

} // namespace

std::optional<std::string> BuildRootMap::inside(const std::string& host_path) const {
    const std::pair<std::string, std::string>* best = nullptr;
    for (const auto& f : folders) {
        if (is_under(host_path, f.first) &&
            (best == nullptr || f.first.size() > best->first.size())) {
            best = &f;
        }
    }
    if (best == nullptr) {
        return std::nullopt;
    }
    return best->second + host_path.substr(best->first.size());
}

BuildRootMap build_root_map(const plan::BuildPlan& plan) {
    MapBuilder m;
    m.add(plan.project_root, "/work", false);
    m.add(parent_of(plan.root_dir), "/vagga/container", false);
    m.add(plan.cache_dir, "/vagga/cache", false);
    int roots = 0;
    int volumes = 0;
    auto source = [&](const plan::FetchSource& s) {
        m.add_numbered(s.host_root.empty() ? parent_of(s.host_path) : s.host_root,
                       "/vagga/volumes/", &volumes);
    };
    for (const auto& step : plan.steps) {
        for (const auto& op : step.ops) {
            if (const auto* c = std::get_if<plan::BuildCopyRoot>(&op)) {
                m.add_numbered(c->host_root, "/vagga/roots/", &roots);
            } else if (const auto* f = std::get_if<plan::BuildFromContainer>(&op)) {
                m.add_numbered(f->source_root, "/vagga/roots/", &roots);
            } else if (const auto* c2 = std::get_if<plan::BuildCopy>(&op)) {
                m.add_numbered(c2->source_root, "/vagga/volumes/", &volumes);
            } else if (const auto* u = std::get_if<plan::BuildUnpack>(&op)) {
                if (!u->source.host_path.empty()) {
                    source(u->source);
                }
            } else if (const auto* d = std::get_if<plan::BuildDownload>(&op)) {
                if (!d->source.host_path.empty()) {
                    source(d->source);
                }
            }
        }
    }
    if (plan.image && !plan.image->host_path.empty()) {
        source(*plan.image);
    }
    return m.take();
}

Result<plan::BuildPlan> relocate(const plan::BuildPlan& plan, const BuildRootMap& map) {
    plan::BuildPlan out = plan;
    Relocator r{map, {}};
    r.path(out.root_dir);
    r.path(out.project_root);
    r.path(out.cache_dir);
    r.path(out.timings_log);
    for (auto& step : out.steps) {
        for (auto& op : step.ops) {
            r.op(op);
        }
    }
    if (out.image) {
        r.source(*out.image);
    }
    if (out.snapshot) {
        r.path(out.snapshot->dir);
    }
    if (!r.missing.empty()) {
        return Result<plan::BuildPlan>{
            {}, make_error(0, "build root", r.missing + " is in no folder the build is given")};
    }
    return Result<plan::BuildPlan>{std::move(out), std::nullopt};
}

Status pivot_into_build_root(const BuildRootMap& map) {
    // 1. Detached copies of everything the root will hold, taken while the
    //    host's view is still ours (the tmpfs below may cover some of it).
    std::vector<Attach> attach;
    auto take = [&](const std::string& host, const std::string& inside, bool read_only) -> Status {
        auto fd = sys::open(host, O_PATH | O_DIRECTORY);
        if (!fd.ok()) {
            return fd.error;
        }
        auto tree = sys::clone_mount_tree(fd.value.get(), host);
        if (!tree.ok()) {
            return tree.error;
        }
        attach.push_back(Attach{std::move(tree.value), inside, read_only});
        return std::nullopt;
    };
    for (size_t i = 0; i < map.folders.size(); ++i) {
        const auto& [host, inside] = map.folders[i];
        if (inside == "/vagga/container" || inside == "/vagga/cache") {
            // Chosen by vagga, not by the config: made when missing.
            if (auto e = sys::mkdir_p(host, 0755)) {
                return e;
            }
        }
        if (auto e = take(host, inside, map.read_only[i])) {
            return e;
        }
    }
    std::vector<std::pair<std::string, std::string>> links;
    for (const char* d : kSystem) {
        std::string host = std::string("/") + d;
        struct stat st;
        if (!sys::lstat(host, &st)) {
            continue;
        }
        if (S_ISLNK(st.st_mode)) {
            auto target = sys::read_link_at(AT_FDCWD, host, host);
            if (!target.ok()) {
                return target.error;
            }
            links.emplace_back(host, target.value);
        } else if (S_ISDIR(st.st_mode)) {
            if (auto e = take(host, host, true)) {
                return e;
            }
        }
    }
    for (const char* d : {"/dev", "/sys"}) {
        if (auto e = take(d, d, std::string(d) == "/sys")) {
            return e;
        }
    }
    // 2. The root: a tmpfs over /tmp of our own mount namespace (private:
    //    nothing propagates back), the copies attached in it.
    const std::string top = "/tmp";
    if (auto e = sys::mount("tmpfs", top, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0755",
                            "the build root on /tmp")) {
        return e;
    }
    for (auto& a : attach) {
        if (auto e = sys::mkdir_p(top + a.inside, 0755)) {
            return e;
        }
        const std::string at = top + a.inside;
        if (auto e = sys::attach_mount_tree(a.tree.get(), at, a.inside)) {
            return e;
        }
        if (a.read_only) {
            if (auto e = sys::make_tree_read_only(at, a.inside)) {
                return e;
            }
        }
    }
    attach.clear();
    for (const auto& [link, target] : links) {
        if (auto e = sys::symlinkat(target, AT_FDCWD, top + link, "the build root's " + link)) {
            return e;
        }
    }
    for (const char* d : {"/proc", "/tmp"}) {
        if (auto e = sys::mkdir_p(top + d, 0755)) {
            return e;
        }
    }
    if (auto e = sys::mount("proc", top + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "",
                            "the build root's /proc")) {
        return e;
    }
    if (auto e = sys::mount("tmpfs", top + "/tmp", "tmpfs", MS_NOSUID | MS_NODEV,
                            "size=1g,mode=1777", "the build root's /tmp")) {
        return e;
    }
    if (auto e = sys::remount_read_only(top, "the build root")) {
        return e;
    }
    // 3. In, with the host's root detached.
    return sys::pivot_root_here(top);
}

} // namespace vagga::runtime::build
