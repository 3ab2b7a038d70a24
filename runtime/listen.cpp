#include "runtime/listen.h"

#include <charconv>

namespace vagga::runtime {

Result<ListenAddress> parse_listen_address(const std::string& text) {
    Result<ListenAddress> r;
    auto bad = [&](const std::string& why) {
        r.error = make_error(0, "pass-tcp-socket", "\"" + text + "\": " + why);
        return r;
    };
    std::string host = "127.0.0.1";
    std::string port = text;
    auto colon = text.rfind(':');
    if (colon != std::string::npos) {
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (host == "*") {
            host = "0.0.0.0";
        } else if (host == "localhost") {
            host = "127.0.0.1";
        } else if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
            host = host.substr(1, host.size() - 2);
        } else if (host.find_first_not_of("0123456789.") != std::string::npos) {
            return bad("use an IP address (host names are not resolved)");
        }
    }
    unsigned value = 0;
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || p != port.data() + port.size() || value > 65535) {
        return bad("the port must be a number up to 65535");
    }
    r.value = ListenAddress{host, static_cast<uint16_t>(value)};
    return r;
}

} // namespace vagga::runtime
