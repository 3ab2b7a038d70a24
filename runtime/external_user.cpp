#include "runtime/external_user.h"

#include "process/spawn.h"

#include "runtime/idmap.h"

#include <fcntl.h>
#include <sched.h>

namespace vagga::runtime {

namespace {

// Every range of a /proc/PID/{uid,gid}_map mapped to itself, one level down.
Result<std::string> identity_map(const std::string& file) {
    auto text = sys::read_file(file);
    if (!text.ok()) {
        return {{}, text.error};
    }
    std::string out;
    for (const auto& r : parse_proc_map(text.value)) {
        out += std::to_string(r.start) + " " + std::to_string(r.start) + " " +
               std::to_string(r.count) + "\n";
    }
    return {out, std::nullopt};
}

// unshare(CLONE_NEWUSER | also) with `uid_map`/`gid_map` written by a
// helper that stays behind in the current namespace. We must be dumpable
// for it to open our /proc/PID files.
Status enter_child_namespace(const std::string& uid_map, const std::string& gid_map, int also,
                             const std::string& proc_dir, Error on_map_failure) {
    auto go = sys::pipe();
    if (!go.ok()) {
        return go.error;
    }
    process::Spec spec; // no argv: the helper is this code, in a process of its own
    spec.in = process::Stdio::inherit();
    spec.in_child = [&] {
        go.value.write.reset();
        auto b = sys::read_all(go.value.read.get(), 1);
        if (!b.ok() || b.value.empty()) {
            return 1;
        }
        const std::string proc = proc_dir + "/" + std::to_string(sys::parent_pid());
        auto write = [&](const std::string& file, const std::string& text) {
            auto fd = sys::open(proc + "/" + file, O_WRONLY);
            return fd.ok() && !sys::write_all(fd.value.get(), text, file);
        };
        return write("uid_map", uid_map) && write("gid_map", gid_map) ? 0 : 1;
    };
    process::Started helper = process::spawn(spec);
    if (helper.error != 0) {
        return make_error(helper.error, "fork", "id-map helper");
    }
    go.value.read.reset();
    Status st = sys::unshare(CLONE_NEWUSER | also);
    (void)sys::write_all(go.value.write.get(), st ? "" : "1", "helper pipe");
    go.value.write.reset();
    int w = process::wait(helper.child);
    if (st) {
        return st;
    }
    if (w < 0 || sys::exit_code_of(w) != 0) {
        return on_map_failure;
    }
    return std::nullopt;
}

} // namespace

Status enter_external_user(uint32_t uid, uint32_t external, const std::string& proc_dir) {
    auto gids = identity_map(proc_dir + "/self/gid_map");
    if (!gids.ok()) {
        return gids.error;
    }
    Error e = make_error(0, "external-user-id",
                         "mapping uid " + std::to_string(uid) + " to " + std::to_string(external));
    e.hint = "external-user-id must be a uid mapped in the container (see `uids`)";
    return enter_child_namespace(std::to_string(uid) + " " + std::to_string(external) + " 1\n",
                                 gids.value, 0, proc_dir, e);
}

Status lock_mount_tree(const std::string& proc_dir) {
    auto uids = identity_map(proc_dir + "/self/uid_map");
    if (!uids.ok()) {
        return uids.error;
    }
    auto gids = identity_map(proc_dir + "/self/gid_map");
    if (!gids.ok()) {
        return gids.error;
    }
    return enter_child_namespace(uids.value, gids.value, CLONE_NEWNS, proc_dir,
                                 make_error(0, "locking the mount tree", "writing the id maps"));
}

} // namespace vagga::runtime
