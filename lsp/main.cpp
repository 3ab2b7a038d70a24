// vagga-lsp: the language server for vagga.yaml, over stdin and stdout.
#include "lsp/framing.h"
#include "lsp/server.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

bool send(const nlohmann::json& message) {
    // Invalid UTF-8 in a document must not stop the server: replace it.
    return vagga::lsp::write_all(
        STDOUT_FILENO,
        vagga::lsp::frame(message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
}

} // namespace

int main(int argc, char** argv) {
    if (argc > 1 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
        std::puts("Usage: vagga-lsp\n\nThe language server for vagga.yaml: speaks the Language "
                  "Server Protocol\n(3.17) on standard input and output. Editors start it; see "
                  "docs/editors.md.");
        return 0;
    }
    if (argc > 1 && std::strcmp(argv[1], "--version") == 0) {
        std::puts("vagga-lsp " VAGGA_COMPAT_VERSION);
        return 0;
    }
    // Nothing we inherited reaches what we open.
    for (int fd = 3; fd < 1024; ++fd)
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    const char* home = std::getenv("HOME");
    vagga::lsp::Server server(home && *home ? std::optional<std::filesystem::path>(home)
                                            : std::nullopt);
    vagga::lsp::FdReader in(STDIN_FILENO);
    for (;;) {
        auto body = in.next();
        if (!body) {
            if (!in.error().empty())
                std::fprintf(stderr, "vagga-lsp: %s\n", in.error().c_str());
            return in.error().empty() ? 1 : 2; // the input ended without `exit`
        }
        nlohmann::json message = nlohmann::json::parse(*body, nullptr, false);
        std::vector<nlohmann::json> out;
        if (message.is_discarded())
            out.push_back(
                {{"jsonrpc", "2.0"},
                 {"id", nullptr},
                 {"error",
                  {{"code", vagga::lsp::rpc_error::parse_error}, {"message", "invalid JSON"}}}});
        else
            out = server.handle(message);
        for (const auto& m : out)
            if (!send(m))
                return 2;
        if (auto code = server.exit_code())
            return *code;
        // Analyse only once the burst of messages is over: the newest text.
        if (!in.ready())
            for (const auto& m : server.analyse_dirty())
                if (!send(m))
                    return 2;
    }
}
