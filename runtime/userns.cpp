#include "runtime/userns.h"

#include "runtime/idmap.h"

#include <sched.h>

namespace vagga::runtime {

Result<int> in_user_namespace(const plan::IdMap& want, const Host& host,
                              const std::function<int(Status* error)>& fn) {
    IdMaps maps = choose_id_maps(want, host);
    auto control = sys::pipe();
    auto errors = sys::pipe();
    if (!control.ok() || !errors.ok()) {
        return {0, control.ok() ? errors.error : control.error};
    }
    auto cloned = sys::clone_namespaces(CLONE_NEWUSER);
    if (!cloned.ok()) {
        return {0, cloned.error};
    }
    if (cloned.value == 0) {
        control.value.write.reset();
        errors.value.read.reset();
        (void)sys::set_pdeathsig(SIGKILL);
        auto go = sys::read_all(control.value.read.get(), 1);
        if (!go.ok() || go.value != "g") {
            sys::exit_now(1);
        }
        Status error;
        int code = fn(&error);
        if (error) {
            (void)sys::write_all(errors.value.write.get(), encode_error(*error), "error pipe");
        }
        sys::exit_now(code);
    }
    ChildPid child(cloned.value);
    control.value.read.reset();
    errors.value.write.reset();
    if (auto e = apply_id_maps(child.pid(), maps, host)) {
        return {0, e};
    }
    if (auto e = sys::write_all(control.value.write.get(), "g", "control pipe")) {
        return {0, e};
    }
    control.value.write.reset();
    auto status = sys::wait_for(child.pid());
    if (!status.ok()) {
        return {0, status.error};
    }
    child.release();
    auto text = sys::read_all(errors.value.read.get());
    if (text.ok() && !text.value.empty()) {
        return {sys::exit_code_of(status.value), decode_error(text.value)};
    }
    return {sys::exit_code_of(status.value), std::nullopt};
}

} // namespace vagga::runtime
