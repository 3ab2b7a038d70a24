// `pass-tcp-socket` addresses (runtime.md §2.2): PORT means 127.0.0.1:PORT,
// *:PORT means every address, otherwise IP:PORT ([v6]:PORT for IPv6).
// `localhost` is accepted for 127.0.0.1; other host names are refused
// (resolving them would need NSS, which a static launcher avoids).
#pragma once

#include "runtime/sys.h"

#include <cstdint>
#include <string>

namespace vagga::runtime {

struct ListenAddress {
    std::string ip;
    uint16_t port = 0;
    bool operator==(const ListenAddress&) const = default;
};

Result<ListenAddress> parse_listen_address(const std::string& text);

} // namespace vagga::runtime
