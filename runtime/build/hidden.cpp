#include "runtime/build/hidden.h"

#include "runtime/build/root_fs.h"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>

namespace vagga::runtime::build {
namespace {

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The project folder `path`: refused when a symlink, made when missing
// (then `made` is set so that it is removed after).
Status check_or_make(int root_fd, const std::string& path, Fd* parent_out, std::string* made) {
    auto [dir, name] = split_parent(path);
    auto parent = sys::open_in_root(root_fd, dir, O_PATH | O_DIRECTORY);
    if (!parent.ok()) {
        return parent.error;
    }
    struct stat st {};
    if (::fstatat(parent.value.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
        if (S_ISLNK(st.st_mode)) {
            return make_error(0, "hide",
                              "The `\"" + path +
                                  "\"` dir can't be a symlink. Please run `unlink \"" + path +
                                  "\"`");
        }
        return std::nullopt;
    }
    if (auto e = sys::mkdirat(parent.value.get(), name, 0755, path)) {
        return e;
    }
    *parent_out = std::move(parent.value);
    *made = name;
    return std::nullopt;
}

// /usr/bin/NAME -> target, replacing what is there in one rename.
Status link_program(int usr_bin, const std::string& name, const std::string& target) {
    const std::string tmp = name + "..vagga.tmp.link~";
    (void)sys::unlink_at(usr_bin, tmp, 0, tmp);
    if (auto e = sys::symlinkat(target, usr_bin, tmp, "/usr/bin/" + tmp)) {
        e->op = "Error symlinking";
        return e;
    }
    if (::renameat(usr_bin, tmp.c_str(), usr_bin, name.c_str()) != 0) {
        return make_error(errno, "Error symlinking", "/usr/bin/" + name);
    }
    return std::nullopt;
}

} // namespace

bool skipped_bin_name(const std::string& name) {
    return name.empty() || name[0] == '.' || ends_with(name, "~") || ends_with(name, ".bak") ||
           (name.size() >= 2 && name.front() == '#' && name.back() == '#');
}

Result<std::unique_ptr<HiddenFolders>> HiddenFolders::cover(const StepContext& ctx,
                                                            const plan::BuildCommand& cmd,
                                                            const std::string& scratch) {
    using R = Result<std::unique_ptr<HiddenFolders>>;
    std::unique_ptr<HiddenFolders> h(new HiddenFolders);
    if (cmd.hide.empty()) {
        return R{std::move(h), std::nullopt};
    }
    auto root = open_root(ctx.root);
    if (!root.ok()) {
        return R{{}, root.error};
    }
    if (auto e = sys::remove_tree(scratch)) {
        return R{{}, e};
    }
    h->scratch_ = scratch;
    for (size_t i = 0; i < cmd.hide.size(); ++i) {
        Covered c;
        c.path = cmd.hide[i];
        if (auto e = check_or_make(root.value.get(), c.path, &c.parent, &c.made)) {
            return R{{}, e};
        }
        // Pushed before the mount so that the destructor removes what we made.
        h->covered_.push_back(std::move(c));
        const std::string empty = scratch + "/" + std::to_string(i);
        if (auto e = sys::mkdir_p(empty, 0755)) {
            return R{{}, e};
        }
        auto target = bind_in_root(root.value.get(), cmd.hide[i], empty);
        if (!target.ok()) {
            return R{{}, target.error};
        }
        h->covered_.back().target = target.value;
    }
    return R{std::move(h), std::nullopt};
}

HiddenFolders::~HiddenFolders() {
    for (auto it = covered_.rbegin(); it != covered_.rend(); ++it) {
        if (!it->target.empty()) {
            (void)sys::umount_detach(it->target, it->path);
        }
        if (!it->made.empty()) {
            (void)sys::unlink_at(it->parent.get(), it->made, AT_REMOVEDIR, it->path);
        }
    }
    if (!scratch_.empty()) {
        (void)sys::remove_tree(scratch_);
    }
}

Status HiddenFolders::link_bins(const StepContext& ctx) const {
    if (covered_.empty()) {
        return std::nullopt;
    }
    auto root = open_root(ctx.root);
    if (!root.ok()) {
        return root.error;
    }
    for (const auto& c : covered_) {
        const std::string bin = c.path + "/.bin";
        auto dir = sys::open_in_root(root.value.get(), bin, O_RDONLY | O_DIRECTORY);
        if (!dir.ok()) {
            if (dir.error->err == ENOENT) {
                continue;
            }
            return dir.error;
        }
        auto names = sys::list_dir(dir.value.get(), bin);
        if (!names.ok()) {
            return names.error;
        }
        std::vector<std::pair<std::string, std::string>> links;
        for (const auto& name : names.value) {
            if (skipped_bin_name(name)) {
                continue;
            }
            // Followed inside the image, as the original did chrooted into it.
            auto entry = sys::open_in_root(root.value.get(), bin + "/" + name, O_PATH);
            if (!entry.ok()) {
                Error e = *entry.error;
                e.op = "Can't scan bin dir";
                return e;
            }
            struct stat st {};
            if (auto e = sys::fstat(entry.value.get(), &st, bin + "/" + name)) {
                return e;
            }
            if (S_ISDIR(st.st_mode)) {
                continue;
            }
            auto target = sys::read_link_at(dir.value.get(), name, bin + "/" + name);
            if (!target.ok()) {
                Error e = *target.error;
                e.op = "Readlink error";
                return e;
            }
            links.emplace_back(name, target.value);
        }
        if (links.empty()) {
            continue;
        }
        auto usr_bin = ensure_dir(root.value.get(), "/usr/bin", 0755);
        if (!usr_bin.ok()) {
            return usr_bin.error;
        }
        for (const auto& [name, target] : links) {
            if (auto e = link_program(usr_bin.value.get(), name, target)) {
                return e;
            }
        }
    }
    return std::nullopt;
}

} // namespace vagga::runtime::build
