#include "runtime/remove.h"

#include "runtime/idmap.h"

#include <sched.h>

namespace vagga::runtime {

namespace {

Status remove_here(const std::vector<std::string>& paths) {
    for (const auto& p : paths) {
        if (auto e = sys::remove_tree(p)) {
            return e;
        }
    }
    return std::nullopt;
}

} // namespace

Status remove_trees(const std::vector<std::string>& paths, const Host& host) {
    // Root owns every id already; and a first try needs no namespace when
    // nothing of a subordinate id is there (a failed build's empty root).
    if (host.uid == 0 || !remove_here(paths)) {
        return remove_here(paths);
    }
    plan::IdMap want;
    want.kind = plan::MapKind::Max;
    IdMaps maps = choose_id_maps(want, host);
    auto control = sys::pipe();
    auto errors = sys::pipe();
    if (!control.ok() || !errors.ok()) {
        return control.ok() ? errors.error : control.error;
    }
    auto cloned = sys::clone_namespaces(CLONE_NEWUSER);
    if (!cloned.ok()) {
        return cloned.error;
    }
    if (cloned.value == 0) {
        control.value.write.reset();
        errors.value.read.reset();
        (void)sys::set_pdeathsig(SIGKILL);
        auto go = sys::read_all(control.value.read.get(), 1);
        if (!go.ok() || go.value != "g") {
            sys::exit_now(1);
        }
        if (auto e = remove_here(paths)) {
            (void)sys::write_all(errors.value.write.get(), encode_error(*e), "error pipe");
            sys::exit_now(1);
        }
        sys::exit_now(0);
    }
    ChildPid child(cloned.value);
    control.value.read.reset();
    errors.value.write.reset();
    if (auto e = apply_id_maps(child.get(), maps, host)) {
        return e;
    }
    if (auto e = sys::write_all(control.value.write.get(), "g", "control pipe")) {
        return e;
    }
    control.value.write.reset();
    auto status = sys::wait_for(child.get());
    if (!status.ok()) {
        return status.error;
    }
    child.release();
    auto text = sys::read_all(errors.value.read.get());
    if (text.ok() && !text.value.empty()) {
        return decode_error(text.value);
    }
    if (sys::exit_code_of(status.value) != 0) {
        return make_error(0, "remove", paths.empty() ? "" : paths.front());
    }
    return std::nullopt;
}

} // namespace vagga::runtime
