// vagga-lsp: the language server. The same front end as `vagga check`
// (app::Compilation), fed with the editor's unsaved buffers through an
// overlay file system. One thread: messages are handled in order, and
// analysis runs only when no message is waiting, so a burst of edits is
// analysed once, at its newest version.
#pragma once

#include "app/compilation.h"
#include "compiler/source/filesystem.h"
#include "lsp/text_position.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vagga::lsp {

struct Document {
    std::filesystem::path path;
    std::string text;
    int64_t version = 0;
    bool dirty = true; // changed since its diagnostics were published
};

// One compile of a project with the open buffers, shared by the documents
// that are part of it.
struct Analysis {
    std::unique_ptr<app::Compilation> compilation;
    // The file ids of a path in the compilation's sources.
    std::vector<uint32_t> files_of(const std::filesystem::path& path) const;
};

class Server {
  public:
    explicit Server(std::optional<std::filesystem::path> home = std::nullopt);

    // Handles one message; returns the messages to send (a response and
    // any notifications), in order.
    std::vector<nlohmann::json> handle(const nlohmann::json& message);
    // Analyses the documents changed since the last call and returns their
    // publishDiagnostics notifications.
    std::vector<nlohmann::json> analyse_dirty();
    // `exit` was received: the process ends with this code.
    std::optional<int> exit_code() const { return exit_code_; }

    // For the handlers (features.cpp).
    Encoding encoding() const { return encoding_; }
    const Document* document(const std::string& uri) const;
    std::shared_ptr<Analysis> analysis_of(const std::string& uri);

  private:
    nlohmann::json initialize(const nlohmann::json& params);
    void did_open(const nlohmann::json& params);
    void did_change(const nlohmann::json& params);
    void did_close(const nlohmann::json& params, std::vector<nlohmann::json>& out);
    std::shared_ptr<Analysis> analyse(const std::filesystem::path& path);
    nlohmann::json publish(const std::string& uri, const Document& doc, const Analysis& a) const;

    source::RealFileSystem real_fs_;
    source::OverlayFileSystem overlay_{real_fs_};
    std::map<std::string, Document> docs_; // by URI
    std::map<std::string, std::shared_ptr<Analysis>> analyses_;
    std::optional<std::filesystem::path> home_;
    Encoding encoding_ = Encoding::Utf16;
    bool initialized_ = false;
    bool shutdown_ = false;
    std::optional<int> exit_code_;
};

// JSON-RPC error codes (LSP 3.17).
namespace rpc_error {
constexpr int parse_error = -32700;
constexpr int invalid_request = -32600;
constexpr int method_not_found = -32601;
constexpr int invalid_params = -32602;
constexpr int server_not_initialized = -32002;
constexpr int request_failed = -32803;
} // namespace rpc_error

} // namespace vagga::lsp
