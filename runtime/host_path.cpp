#include "runtime/host_path.h"

namespace vagga::runtime {

Result<Fd> open_host_path(const std::string& path, const std::string& root, plan::Resolve how,
                          int flags) {
    switch (how) {
    case plan::Resolve::AsIs:
        return sys::open(path, flags);
    case plan::Resolve::Beneath:
        return sys::open_under(path, root, sys::Beneath::Beneath, flags);
    case plan::Resolve::InRoot:
        return sys::open_under(path, root, sys::Beneath::InRoot, flags);
    }
    return sys::open(path, flags);
}

bool is_single_name(const std::string& name) {
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos;
}

} // namespace vagga::runtime
