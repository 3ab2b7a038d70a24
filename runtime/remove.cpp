#include "runtime/remove.h"

#include "runtime/userns.h"

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
    Status first = remove_here(paths);
    if (!first || host.uid == 0) {
        return first;
    }
    plan::IdMap want;
    want.kind = plan::MapKind::Max;
    auto r = in_user_namespace(want, host, [&paths](Status* error) {
        *error = remove_here(paths);
        return *error ? 1 : 0;
    });
    if (r.error) {
        return r.error;
    }
    if (r.value != 0) {
        return make_error(0, "remove", paths.empty() ? "" : paths.front());
    }
    return std::nullopt;
}

} // namespace vagga::runtime
