#include "runtime/external_user.h"

#include "runtime/idmap.h"

#include <fcntl.h>
#include <sched.h>

namespace vagga::runtime {

// `external-user-id` (runtime.md §2.3): one more user namespace in which
// `uid` is `external` of the container's namespace and every gid maps to
// itself. A short-lived helper child, still in the container's namespace
// (where we hold CAP_SETUID), writes our maps after we unshare.
Status enter_external_user(uint32_t uid, uint32_t external, const std::string& proc_dir) {
    auto go = sys::pipe();
    if (!go.ok()) {
        return go.error;
    }
    auto gid_map = sys::read_file(proc_dir + "/self/gid_map");
    if (!gid_map.ok()) {
        return gid_map.error;
    }
    std::string gids;
    for (const auto& r : parse_proc_map(gid_map.value)) {
        gids += std::to_string(r.start) + " " + std::to_string(r.start) + " " +
                std::to_string(r.count) + "\n";
    }
    auto helper = sys::fork();
    if (!helper.ok()) {
        return helper.error;
    }
    if (helper.value == 0) {
        go.value.write.reset();
        auto b = sys::read_all(go.value.read.get(), 1);
        if (!b.ok() || b.value.empty()) {
            sys::exit_now(1);
        }
        const std::string proc = proc_dir + "/" + std::to_string(sys::parent_pid());
        auto write = [&](const std::string& file, const std::string& text) {
            auto fd = sys::open(proc + "/" + file, O_WRONLY);
            return fd.ok() && !sys::write_all(fd.value.get(), text, file);
        };
        bool ok = write("uid_map", std::to_string(uid) + " " + std::to_string(external) + " 1\n") &&
                  write("gid_map", gids);
        sys::exit_now(ok ? 0 : 1);
    }
    go.value.read.reset();
    Status st = sys::unshare(CLONE_NEWUSER);
    (void)sys::write_all(go.value.write.get(), st ? "" : "1", "helper pipe");
    go.value.write.reset();
    auto w = sys::wait_for(helper.value);
    if (st) {
        return st;
    }
    if (!w.ok() || sys::exit_code_of(w.value) != 0) {
        Error e =
            make_error(0, "external-user-id",
                       "mapping uid " + std::to_string(uid) + " to " + std::to_string(external));
        e.hint = "external-user-id must be a uid mapped in the container (see `uids`)";
        return e;
    }
    return std::nullopt;
}

} // namespace vagga::runtime
