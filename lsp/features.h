// The requests an editor sends about a document, answered from the newest
// analysis of its project and from the schema tables.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "lsp/server.h"

#include <nlohmann/json.hpp>

namespace vagga::lsp {

nlohmann::json to_lsp_diagnostic(const Analysis& a, const diag::Diagnostic& d, Encoding e);

nlohmann::json document_symbols(Server& s, const nlohmann::json& params);
nlohmann::json hover(Server& s, const nlohmann::json& params);
nlohmann::json completion(Server& s, const nlohmann::json& params);
nlohmann::json definition(Server& s, const nlohmann::json& params);
nlohmann::json references(Server& s, const nlohmann::json& params);
nlohmann::json rename(Server& s, const nlohmann::json& params);
nlohmann::json code_actions(Server& s, const nlohmann::json& params);

} // namespace vagga::lsp
