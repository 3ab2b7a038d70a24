#include "app/error.h"

#include <system_error>

namespace vagga::app {

std::string reason(int err) {
    return std::generic_category().message(err);
}

} // namespace vagga::app
