#include "runtime/mount_tree.h"

#include <fcntl.h>
#include <sys/mount.h>

namespace vagga::runtime {

Result<std::vector<std::string>>
pivot_into_vagga_root(const std::vector<const plan::Container*>& containers, const Host& host,
                      size_t* failed) {
    using Paths = Result<std::vector<std::string>>;
    // 1. Each tree is built where its image is, then copied out as a
    //    detached tree and unmounted there: two children of one image would
    //    otherwise stack their trees on one path.
    std::vector<Fd> trees;
    for (size_t i = 0; i < containers.size(); ++i) {
        *failed = i;
        auto top = build_mount_tree(*containers[i], host);
        if (!top.ok()) {
            return Paths{{}, top.error};
        }
        const std::string shown = "the root of " + containers[i]->root.source;
        auto copy = sys::clone_mount_tree(top.value.get(), shown);
        if (!copy.ok()) {
            return Paths{{}, copy.error};
        }
        if (auto e = sys::umount_detach(sys::fd_path(top.value.get()), shown)) {
            return Paths{{}, e};
        }
        trees.push_back(std::move(copy.value));
    }
    *failed = containers.size();
    // 2. Every host path is consumed: the vagga root goes over /tmp of our
    //    own mount namespace (rslave, nothing propagates back), the trees
    //    are attached in it, it turns read-only and we pivot into it.
    const std::string top = "/tmp";
    if (auto e = sys::mount("tmpfs", top, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                            "size=16k,mode=0755", "the vagga root on /tmp")) {
        return Paths{{}, e};
    }
    std::vector<std::string> paths;
    for (size_t i = 0; i < trees.size(); ++i) {
        std::string dir = "/" + std::to_string(i);
        if (auto e = sys::mkdirat(AT_FDCWD, top + dir, 0755, "the vagga root's " + dir)) {
            return Paths{{}, e};
        }
        if (auto e = sys::attach_mount_tree(trees[i].get(), top + dir,
                                            "the root of " + containers[i]->root.source)) {
            return Paths{{}, e};
        }
        paths.push_back(dir);
    }
    trees.clear();
    if (auto e = sys::remount_read_only(top, "the vagga root")) {
        return Paths{{}, e};
    }
    if (auto e = sys::pivot_root_here(top)) {
        return Paths{{}, e};
    }
    return Paths{std::move(paths), std::nullopt};
}

} // namespace vagga::runtime
