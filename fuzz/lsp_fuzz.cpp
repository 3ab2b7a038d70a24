// The language server fed a byte stream as a client would send it: framing,
// JSON, every handler, and analysis of whatever text the messages carry.
#include "lsp/framing.h"
#include "lsp/server.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace vagga;
    lsp::FrameParser parser;
    parser.feed({reinterpret_cast<const char*>(data), size});
    lsp::Server server(std::nullopt);
    while (auto body = parser.next()) {
        auto message = nlohmann::json::parse(*body, nullptr, false);
        if (message.is_discarded())
            continue;
        for (const auto& out : server.handle(message))
            (void)out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        for (const auto& out : server.analyse_dirty())
            (void)out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        if (server.exit_code())
            break;
    }
    return 0;
}
