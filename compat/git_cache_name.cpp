#include "compat/git_cache_name.h"

namespace vagga::compat {

std::string git_cache_name(std::string_view url) {
    std::string out;
    for (char c : url) {
        if (c == '%') {
            out += "%25";
        } else if (c == '/') {
            out += "%2F";
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace vagga::compat
