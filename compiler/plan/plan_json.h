// JSON form of launch plans: `vagga _plan` prints it, tests and the
// `vagga-run-plan` driver read it back. Keys keep a fixed order (ordered_json)
// so the output is golden-testable. Span is written as {"file","begin","end"}
// and omitted when the op has no location.
#pragma once

#include "compiler/plan/launch_plan.h"

#include <nlohmann/json.hpp>

#include <string>

namespace vagga::plan {

nlohmann::ordered_json to_json(const LaunchPlan& plan);

// Accepts what to_json writes; missing fields take the struct defaults.
// On a malformed document returns false and describes the problem in *error.
bool from_json(const nlohmann::json& doc, LaunchPlan* plan, std::string* error);

} // namespace vagga::plan
