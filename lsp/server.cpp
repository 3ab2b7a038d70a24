#include "lsp/server.h"

#include "lsp/features.h"
#include "lsp/uri.h"

#include <set>

namespace vagga::lsp {

using nlohmann::json;

namespace {

json error_response(const json& id, int code, const std::string& message) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

json result_response(const json& id, json result) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

// The encoding the client prefers among those it offers: UTF-8 needs no
// conversion at all; UTF-16 is the protocol's default.
Encoding negotiate(const json& caps, std::string& name) {
    std::vector<std::string> offered;
    if (auto g = caps.find("general"); g != caps.end() && g->is_object())
        if (auto p = g->find("positionEncodings"); p != g->end() && p->is_array())
            for (const auto& e : *p)
                if (e.is_string())
                    offered.push_back(e.get<std::string>());
    if (auto p = caps.find("offsetEncoding"); p != caps.end() && p->is_array())
        for (const auto& e : *p)
            if (e.is_string())
                offered.push_back(e.get<std::string>());
    for (const char* want : {"utf-8", "utf-32"})
        if (std::find(offered.begin(), offered.end(), want) != offered.end()) {
            name = want;
            return want == std::string("utf-8") ? Encoding::Utf8 : Encoding::Utf32;
        }
    name = "utf-16";
    return Encoding::Utf16;
}

// The features' handlers, by method; each returns the result of a request.
using Handler = json (*)(Server&, const json&);
const std::map<std::string, Handler>& handlers() {
    static const std::map<std::string, Handler> h = {
        {"textDocument/documentSymbol", document_symbols}, {"textDocument/hover", hover},
        {"textDocument/completion", completion},           {"textDocument/definition", definition},
        {"textDocument/references", references},           {"textDocument/rename", rename},
        {"textDocument/codeAction", code_actions},
    };
    return h;
}

// A note of `d` as a diagnostic of its own, with `d` as its related place.
diag::Diagnostic as_note_here(const diag::Diagnostic& d, const diag::Note& n) {
    diag::Diagnostic here = d;
    here.span = n.span;
    here.message = n.message;
    here.label.clear();
    here.notes = {{d.span, d.message}};
    return here;
}

} // namespace

std::vector<uint32_t> Analysis::files_of(const std::filesystem::path& path) const {
    std::vector<uint32_t> out;
    const auto& sources = compilation->sources();
    for (uint32_t id = 1; id <= sources.size(); ++id)
        if (std::filesystem::absolute(sources.file(id).path).lexically_normal() == path)
            out.push_back(id);
    return out;
}

Server::Server(std::optional<std::filesystem::path> home) : home_(std::move(home)) {}

const Document* Server::document(const std::string& uri) const {
    auto it = docs_.find(uri);
    return it == docs_.end() ? nullptr : &it->second;
}

std::vector<json> Server::handle(const json& message) {
    std::vector<json> out;
    if (!message.is_object() || message.value("jsonrpc", "") != "2.0") {
        out.push_back(
            error_response(nullptr, rpc_error::invalid_request, "not a JSON-RPC 2.0 message"));
        return out;
    }
    auto method_it = message.find("method");
    if (method_it == message.end()) {
        return out; // a response to a request of ours: we send none
    }
    if (!method_it->is_string()) {
        out.push_back(error_response(message.value("id", json()), rpc_error::invalid_request,
                                     "method is not a string"));
        return out;
    }
    const std::string method = method_it->get<std::string>();
    bool is_request = message.contains("id");
    json id = is_request ? message["id"] : json();
    if (is_request && !id.is_number_integer() && !id.is_string()) {
        out.push_back(error_response(nullptr, rpc_error::invalid_request, "bad id"));
        return out;
    }
    const json params = message.value("params", json::object());
    if (!initialized_ && method != "initialize" && method != "exit") {
        if (is_request)
            out.push_back(
                error_response(id, rpc_error::server_not_initialized, "initialize comes first"));
        return out;
    }
    try {
        if (method == "initialize") {
            out.push_back(result_response(id, initialize(params)));
        } else if (method == "initialized" || method == "$/cancelRequest" ||
                   method == "$/setTrace" || method == "workspace/didChangeConfiguration") {
        } else if (method == "shutdown") {
            shutdown_ = true;
            out.push_back(result_response(id, nullptr));
        } else if (method == "exit") {
            exit_code_ = shutdown_ ? 0 : 1;
        } else if (shutdown_ && is_request) {
            out.push_back(error_response(id, rpc_error::invalid_request, "shut down"));
        } else if (method == "textDocument/didOpen") {
            did_open(params);
        } else if (method == "textDocument/didChange") {
            did_change(params);
        } else if (method == "textDocument/didClose") {
            did_close(params, out);
        } else if (method == "textDocument/didSave") {
        } else if (auto h = handlers().find(method); h != handlers().end() && is_request) {
            out.push_back(result_response(id, h->second(*this, params)));
        } else if (is_request) {
            out.push_back(
                error_response(id, rpc_error::method_not_found, "unknown method " + method));
        }
    } catch (const json::exception& e) {
        if (is_request)
            out.push_back(error_response(id, rpc_error::invalid_params, e.what()));
    } catch (const std::exception& e) {
        if (is_request)
            out.push_back(error_response(id, rpc_error::request_failed, e.what()));
    }
    return out;
}

json Server::initialize(const json& params) {
    initialized_ = true;
    std::string name;
    encoding_ = negotiate(params.value("capabilities", json::object()), name);
    json caps = {
        {"positionEncoding", name},
        {"textDocumentSync", {{"openClose", true}, {"change", 2}}},
        {"completionProvider", {{"triggerCharacters", {"!", ":", " "}}}},
        {"hoverProvider", true},
        {"definitionProvider", true},
        {"referencesProvider", true},
        {"renameProvider", true},
        {"documentSymbolProvider", true},
        {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
    };
    json result = {{"capabilities", caps}, {"serverInfo", {{"name", "vagga-lsp"}}}};
    // clangd's extension, which clients without positionEncodings use.
    result["offsetEncoding"] = name;
    return result;
}

void Server::did_open(const json& params) {
    const auto& td = params.at("textDocument");
    std::string uri = td.at("uri").get<std::string>();
    auto path = path_from_uri(uri);
    if (!path)
        return; // not a file: nothing the front end could read beside it
    Document d{*path, td.at("text").get<std::string>(), td.value("version", int64_t{0}), true};
    overlay_.set(d.path, d.text);
    docs_[uri] = std::move(d);
    for (auto& [u, doc] : docs_)
        doc.dirty = true; // a mixin's text changes what its includer reports
}

void Server::did_change(const json& params) {
    std::string uri = params.at("textDocument").at("uri").get<std::string>();
    auto it = docs_.find(uri);
    if (it == docs_.end())
        return;
    Document& d = it->second;
    for (const auto& change : params.at("contentChanges")) {
        const std::string& text = change.at("text").get_ref<const std::string&>();
        if (!change.contains("range")) {
            d.text = text;
            continue;
        }
        const auto& r = change.at("range");
        auto pos = [&](const json& p) {
            return to_offset(d.text, {p.at("line").get<size_t>(), p.at("character").get<size_t>()},
                             encoding_);
        };
        size_t begin = pos(r.at("start")), end = pos(r.at("end"));
        if (end < begin)
            std::swap(begin, end);
        d.text.replace(begin, end - begin, text);
    }
    d.version = params.at("textDocument").value("version", d.version);
    overlay_.set(d.path, d.text);
    for (auto& [u, doc] : docs_)
        doc.dirty = true;
}

void Server::did_close(const json& params, std::vector<json>& out) {
    std::string uri = params.at("textDocument").at("uri").get<std::string>();
    auto it = docs_.find(uri);
    if (it == docs_.end())
        return;
    overlay_.erase(it->second.path);
    docs_.erase(it);
    analyses_.erase(uri);
    out.push_back({{"jsonrpc", "2.0"},
                   {"method", "textDocument/publishDiagnostics"},
                   {"params", {{"uri", uri}, {"diagnostics", json::array()}}}});
    for (auto& [u, doc] : docs_)
        doc.dirty = true;
}

std::shared_ptr<Analysis> Server::analyse(const std::filesystem::path& path) {
    auto make = [&] {
        auto a = std::make_shared<Analysis>();
        a->compilation = std::make_unique<app::Compilation>(path.parent_path());
        a->compilation->frontend().fs = &overlay_;
        return a;
    };
    app::CompileOptions opts{home_, std::nullopt};
    auto a = make();
    if (a->compilation->discover(path.parent_path())) {
        a->compilation->load(opts);
        if (!a->files_of(path).empty()) {
            a->compilation->check_references();
            return a;
        }
    }
    // Not part of the project around it (a file of its own, a fragment):
    // checked as a main file.
    a = make();
    a->compilation->use_main_file(path);
    a->compilation->load(opts);
    a->compilation->check_references();
    return a;
}

std::shared_ptr<Analysis> Server::analysis_of(const std::string& uri) {
    auto doc = docs_.find(uri);
    if (doc == docs_.end())
        return nullptr;
    auto it = analyses_.find(uri);
    if (it != analyses_.end() && !doc->second.dirty)
        return it->second;
    auto a = analyse(doc->second.path);
    analyses_[uri] = a;
    return a;
}

std::vector<json> Server::analyse_dirty() {
    std::vector<json> out;
    std::set<std::string> done;
    for (auto& [uri, doc] : docs_) {
        if (!doc.dirty || done.count(uri))
            continue;
        auto a = analyse(doc.path);
        // Every open document this compile read gets its diagnostics now.
        for (auto& [other_uri, other] : docs_) {
            if (done.count(other_uri) || (other_uri != uri && a->files_of(other.path).empty()))
                continue;
            analyses_[other_uri] = a;
            out.push_back(publish(other_uri, other, *a));
            other.dirty = false;
            done.insert(other_uri);
        }
    }
    return out;
}

json Server::publish(const std::string& uri, const Document& doc, const Analysis& a) const {
    json list = json::array();
    auto ids = a.files_of(doc.path);
    bool is_main = a.compilation->where().main_file == doc.path;
    auto mine = [&](source::Span s) {
        return std::find(ids.begin(), ids.end(), s.file) != ids.end();
    };
    for (const auto& d : a.compilation->diagnostics().list()) {
        if (mine(d.span) || (is_main && !d.span.valid())) {
            list.push_back(to_lsp_diagnostic(a, d, encoding_));
            continue;
        }
        // Reported elsewhere about this file (a mixin the main file skipped
        // because of this error): shown here too, pointing back.
        for (const auto& n : d.notes)
            if (n.span.valid() && mine(n.span))
                list.push_back(to_lsp_diagnostic(a, as_note_here(d, n), encoding_));
    }
    return {{"jsonrpc", "2.0"},
            {"method", "textDocument/publishDiagnostics"},
            {"params", {{"uri", uri}, {"version", doc.version}, {"diagnostics", list}}}};
}

} // namespace vagga::lsp
