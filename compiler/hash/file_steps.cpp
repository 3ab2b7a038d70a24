#include "compiler/hash/file_steps.h"

#include "compat/path_order.h"
#include "compiler/hash/tree.h"

namespace vagga::hash {

namespace {

constexpr uint32_t kDirMode = 0777;
constexpr uint32_t kFileMode = 0666;
constexpr uint32_t kExeFileMode = 0777;
constexpr uint32_t kExeCheckMask = 0100;

std::optional<uint32_t> copy_mode(const CopyParams& p, const FileStat& st) {
    switch (st.kind) {
    case FileKind::Symlink:
        return std::nullopt; // vagga never sets permissions on links
    case FileKind::Directory:
    case FileKind::Regular:
    case FileKind::Other:
        break;
    }
    if (p.preserve_permissions) {
        return st.mode & 07777;
    }
    uint32_t base = st.kind == FileKind::Directory   ? kDirMode
                    : (st.mode & kExeCheckMask) != 0 ? kExeFileMode
                                                     : kFileMode;
    return base & ~p.umask;
}

Outcome make_filter(const TreeFilterParams& f, std::unique_ptr<compat::PathFilter>& out) {
    std::string error;
    out = compat::create_path_filter(f.rules, f.no_default_rules, f.ignore_regex, f.include_regex,
                                     error);
    if (!out) {
        return Outcome::error(error);
    }
    return Outcome::ok();
}

Outcome host_root(const ProjectFiles& pf, const std::string& container_path, std::string& out) {
    auto h = pf.paths.to_host(container_path);
    if (!h) {
        return Outcome::not_ready(container_path + " is not readable before the build");
    }
    out = *h;
    return Outcome::ok();
}

} // namespace

Outcome hash_copy(const ProjectFiles& pf, Digest& d, const CopyParams& p) {
    if (compat::path_starts_with(p.source, "/work")) {
        std::unique_ptr<compat::PathFilter> filter;
        Outcome o = make_filter(p.filter, filter);
        if (!o.is_ok()) {
            return o;
        }
        std::string host;
        o = host_root(pf, p.source, host);
        if (!o.is_ok()) {
            return o;
        }
        o = hash_tree(pf.fs, d, p.source, host, *filter, [&](Digest& dg, const TreeEntry& e) {
            dg.path("filename", e.name);
            if (auto mode = copy_mode(p, e.stat)) {
                dg.number("mode", *mode);
            }
            dg.number("uid", p.owner_uid.value_or(e.stat.uid));
            dg.number("gid", p.owner_gid.value_or(e.stat.gid));
            return hash_file_content(pf.fs, dg, e);
        });
        if (!o.is_ok()) {
            return o;
        }
        d.path("path", p.path);
    } else {
        // Files outside /work come from earlier steps of the same build, so
        // only the parameters are hashed.
        d.path("source", p.source);
        d.path("path", p.path);
        d.boolean("preserve_permissions", p.preserve_permissions);
        if (!p.preserve_permissions) {
            if (p.owner_uid) {
                d.number("owner_uid", *p.owner_uid);
            }
            if (p.owner_gid) {
                d.number("owner_gid", *p.owner_gid);
            }
            d.number("umask", p.umask);
        }
    }
    if (p.preserve_times) {
        d.boolean("preserve_times", true);
    }
    return Outcome::ok();
}

Outcome hash_depends(const ProjectFiles& pf, Digest& d, const DependsParams& p) {
    std::string name = compat::join_path("/work", p.path);
    std::unique_ptr<compat::PathFilter> filter;
    Outcome o = make_filter(p.filter, filter);
    if (!o.is_ok()) {
        return o;
    }
    std::string host;
    o = host_root(pf, name, host);
    if (!o.is_ok()) {
        return o;
    }
    return hash_tree(pf.fs, d, name, host, *filter, [&](Digest& dg, const TreeEntry& e) {
        dg.path("filename", e.name);
        // Only the exec bit of regular files: other mode bits depend on the
        // host's umask.
        if (e.stat.kind == FileKind::Regular) {
            dg.boolean("is_executable", (e.stat.mode & kExeCheckMask) != 0);
        }
        return hash_file_content(pf.fs, dg, e);
    });
}

Outcome hash_build_content(const ProjectFiles& pf, Digest& d, const std::string& dep_root,
                           const std::string& source, const std::optional<std::string>& path,
                           const std::vector<std::string>& rules) {
    auto host = pf.paths.to_host(dep_root);
    if (!host || !pf.fs.exists(*host)) {
        return Outcome::not_ready("container " + dep_root + " is not built yet");
    }
    if (!path) {
        return Outcome::ok(); // upstream hashes nothing for temporary-mount
    }
    std::string error;
    auto filter = compat::create_path_filter(rules, true, std::nullopt, std::nullopt, error);
    if (!filter) {
        return Outcome::error(error);
    }
    std::string_view rel = source;
    while (!rel.empty() && rel.front() == '/') {
        rel.remove_prefix(1);
    }
    std::string name = compat::join_path(dep_root, rel);
    std::string host_src = rel.empty() ? *host : *host + "/" + std::string(rel);
    Outcome o = hash_tree(pf.fs, d, name, host_src, *filter, [&](Digest& dg, const TreeEntry& e) {
        dg.path("filename", e.name);
        dg.number("mode", e.stat.mode & 07777);
        dg.number("uid", e.stat.uid);
        dg.number("gid", e.stat.gid);
        return hash_file_content(pf.fs, dg, e);
    });
    if (!o.is_ok()) {
        return o;
    }
    d.path("path", *path);
    return Outcome::ok();
}

} // namespace vagga::hash
