// Plans as JSON carry spans as byte offsets in a file id ({"file","begin",
// "end"}); the forms people and golden tests read show them as
// `file:line:col` instead.
#pragma once

#include "compiler/source/source_manager.h"

#include <nlohmann/json.hpp>

namespace vagga::lower {

// Replaces every "span" object anywhere in `j` by "file:line:col" (null when
// the span does not point into a known file).
void locate_spans(nlohmann::ordered_json& j, const source::SourceManager& sources);

// `doc` with its spans located.
nlohmann::ordered_json located(nlohmann::ordered_json doc, const source::SourceManager& sources);

} // namespace vagga::lower
