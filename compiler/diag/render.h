// Renders diagnostics for people (text, with the source line and a caret)
// and for tools (JSON).
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_manager.h"

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace vagga::diag {

// file:line:col: severity[code]: message
//    14 |     volumse:
//       |     ^^^^^^^ did you mean `volumes`?
std::string render_text(const source::SourceManager& sm, const Diagnostic& d);
std::string render_text(const source::SourceManager& sm, const Diagnostics& ds);

nlohmann::json to_json(const source::SourceManager& sm, const Diagnostic& d);
// {"diagnostics": [...], "errors": N, "warnings": N}
nlohmann::json to_json(const source::SourceManager& sm, const Diagnostics& ds);

} // namespace vagga::diag
