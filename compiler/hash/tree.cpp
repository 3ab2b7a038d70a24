#include "compiler/hash/tree.h"

#include "compat/path_order.h"
#include "compat/utf8.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unordered_set>

namespace vagga::hash {

Outcome select_paths(FileSystem& fs, const std::string& host_root, const compat::PathFilter& filter,
                     std::vector<std::string>& out) {
    out.clear();
    std::unordered_set<std::string> seen;
    std::vector<std::string> pending{""}; // relative directories still to list
    std::vector<DirEntry> entries;
    while (!pending.empty()) {
        std::string dir = std::move(pending.back());
        pending.pop_back();
        std::string host_dir = dir.empty() ? host_root : host_root + "/" + dir;
        int err = fs.list_dir(host_dir, entries);
        if (err != 0) {
            return Outcome::error("walk dir error: " + host_dir + ": " + std::strerror(err));
        }
        for (const auto& e : entries) {
            std::string rel = dir.empty() ? e.name : dir + "/" + e.name;
            if (!compat::is_valid_utf8(rel)) {
                return Outcome::error("path is not utf-8: " + host_root + "/" + rel);
            }
            bool is_dir = e.kind == FileKind::Directory;
            compat::WalkAction act = filter.action(rel, is_dir);
            switch (act) {
            case compat::WalkAction::Select: {
                // The path and every ancestor not yet in the set.
                std::string_view p = rel;
                while (!p.empty() && seen.insert(std::string(p)).second) {
                    out.emplace_back(p);
                    size_t slash = p.rfind('/');
                    p = slash == std::string_view::npos ? std::string_view() : p.substr(0, slash);
                }
                if (is_dir) {
                    pending.push_back(std::move(rel));
                }
                break;
            }
            case compat::WalkAction::SkipButDescend:
                if (is_dir) {
                    pending.push_back(std::move(rel));
                }
                break;
            case compat::WalkAction::Drop:
                break;
            }
        }
    }
    std::sort(out.begin(), out.end(), compat::PathLess{});
    return Outcome::ok();
}

Outcome hash_file_content(FileSystem& fs, Digest& digest, const TreeEntry& entry) {
    switch (entry.stat.kind) {
    case FileKind::Regular: {
        digest.begin_file(entry.name);
        int err =
            fs.read_file(entry.host_path, [&](std::string_view chunk) { digest.content(chunk); });
        digest.end_file();
        if (err != 0) {
            return Outcome::error("error reading " + entry.host_path + ": " + std::strerror(err));
        }
        return Outcome::ok();
    }
    case FileKind::Symlink: {
        std::string target;
        int err = fs.read_link(entry.host_path, target);
        if (err != 0) {
            return Outcome::error("error reading link " + entry.host_path + ": " +
                                  std::strerror(err));
        }
        digest.path("symlink", target);
        return Outcome::ok();
    }
    case FileKind::Directory:
    case FileKind::Other:
        return Outcome::ok();
    }
    return Outcome::ok();
}

Outcome hash_tree(FileSystem& fs, Digest& digest, std::string_view name_root,
                  const std::string& host_root, const compat::PathFilter& filter,
                  const EntryHasher& per_entry) {
    TreeEntry root;
    root.name = std::string(name_root);
    root.host_path = host_root;
    int err = fs.lstat(host_root, root.stat);
    if (err == ENOENT) {
        return Outcome::not_ready("path " + root.name + " does not exist yet");
    }
    if (err != 0) {
        return Outcome::error("can't stat " + host_root + ": " + std::strerror(err));
    }
    Outcome o = per_entry(digest, root);
    if (!o.is_ok() || root.stat.kind != FileKind::Directory) {
        return o;
    }
    std::vector<std::string> rels;
    o = select_paths(fs, host_root, filter, rels);
    if (!o.is_ok()) {
        return o;
    }
    for (const auto& rel : rels) {
        TreeEntry e;
        e.name = compat::join_path(name_root, rel);
        e.host_path = host_root + "/" + rel;
        err = fs.lstat(e.host_path, e.stat);
        if (err != 0) {
            return Outcome::error("can't stat " + e.host_path + ": " + std::strerror(err));
        }
        o = per_entry(digest, e);
        if (!o.is_ok()) {
            return o;
        }
    }
    return Outcome::ok();
}

} // namespace vagga::hash
