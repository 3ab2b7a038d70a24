// An in-memory file tree behind the compiler's file interface (the front
// end's reads, the hash's walks): regular files, directories and symlinks
// with modes and owners, no disk access.
#pragma once

#include "compiler/source/filesystem.h"

#include <cerrno>
#include <map>
#include <string>

namespace vagga::test {

class FakeFileSystem final : public source::FileSystem {
  public:
    using FileKind = source::FileKind;
    using FileStat = source::FileStat;
    using DirEntry = source::DirEntry;

    struct Node {
        FileKind kind = FileKind::Regular;
        uint32_t mode = 0644;
        uint32_t uid = 0;
        uint32_t gid = 0;
        std::string data; // contents, or the link target
    };

    void dir(const std::string& path, uint32_t mode = 0755) {
        nodes_[path] = Node{FileKind::Directory, mode, 0, 0, {}};
    }
    void file(const std::string& path, std::string data, uint32_t mode = 0644) {
        nodes_[path] = Node{FileKind::Regular, mode, 0, 0, std::move(data)};
    }
    void link(const std::string& path, std::string target) {
        nodes_[path] = Node{FileKind::Symlink, 0777, 0, 0, std::move(target)};
    }
    Node& at(const std::string& path) { return nodes_.at(path); }

    source::ReadResult read(const std::string& path, uint64_t max_bytes) override {
        source::ReadResult r;
        auto it = nodes_.find(path);
        if (it == nodes_.end() || it->second.kind != FileKind::Regular) {
            r.error = it == nodes_.end() ? "No such file or directory (os error 2)"
                                         : "Is a directory (os error 21)";
        } else if (it->second.data.size() > max_bytes) {
            r.error = "file is larger than " + std::to_string(max_bytes) + " bytes";
        } else {
            r.ok = true;
            r.data = it->second.data;
        }
        return r;
    }
    int lstat(const std::string& path, FileStat& out) override {
        auto it = nodes_.find(path);
        if (it == nodes_.end()) {
            return ENOENT;
        }
        out.kind = it->second.kind;
        out.mode = it->second.mode;
        out.uid = it->second.uid;
        out.gid = it->second.gid;
        out.size = it->second.data.size();
        return 0;
    }
    int list_dir(const std::string& path, std::vector<DirEntry>& out) override {
        auto it = nodes_.find(path);
        if (it == nodes_.end()) {
            return ENOENT;
        }
        if (it->second.kind != FileKind::Directory) {
            return ENOTDIR;
        }
        out.clear();
        std::string prefix = path + "/";
        // Reverse order on purpose: the walk must not depend on readdir order.
        for (auto n = nodes_.rbegin(); n != nodes_.rend(); ++n) {
            const std::string& p = n->first;
            if (p.size() > prefix.size() && p.compare(0, prefix.size(), prefix) == 0 &&
                p.find('/', prefix.size()) == std::string::npos) {
                out.push_back({p.substr(prefix.size()), n->second.kind});
            }
        }
        return 0;
    }
    int read_link(const std::string& path, std::string& out) override {
        auto it = nodes_.find(path);
        if (it == nodes_.end()) {
            return ENOENT;
        }
        if (it->second.kind != FileKind::Symlink) {
            return EINVAL;
        }
        out = it->second.data;
        return 0;
    }
    int read_file(const std::string& path,
                  const std::function<void(std::string_view)>& sink) override {
        auto it = nodes_.find(path);
        if (it == nodes_.end()) {
            return ENOENT;
        }
        if (it->second.kind != FileKind::Regular) {
            return EISDIR;
        }
        // Two chunks, to exercise streaming.
        std::string_view d = it->second.data;
        sink(d.substr(0, d.size() / 2));
        sink(d.substr(d.size() / 2));
        return 0;
    }
    bool is_file(const std::string& path) override {
        auto it = nodes_.find(path);
        return it != nodes_.end() && it->second.kind == FileKind::Regular;
    }
    bool exists(const std::string& path) override { return nodes_.count(path) != 0; }
    int canonicalize(const std::string& path, std::string& out) override {
        // Enough for tests: collapse `x/../` and `./` lexically.
        std::vector<std::string> parts;
        size_t pos = 0;
        while (pos <= path.size()) {
            size_t end = path.find('/', pos);
            if (end == std::string::npos) {
                end = path.size();
            }
            std::string part = path.substr(pos, end - pos);
            if (part == "..") {
                if (!parts.empty()) {
                    parts.pop_back();
                }
            } else if (!part.empty() && part != ".") {
                parts.push_back(part);
            }
            pos = end + 1;
        }
        out.clear();
        for (const auto& p : parts) {
            out += "/" + p;
        }
        if (out.empty()) {
            out = "/";
        }
        return nodes_.count(out) != 0 ? 0 : ENOENT;
    }

  private:
    std::map<std::string, Node> nodes_;
};

} // namespace vagga::test
