// JSON form of build plans: `vagga _plan --build` prints it, the CLI hands
// it to `vagga-build`, which reads it back. Keys keep a fixed order
// (ordered_json) so the output is golden-testable; spans as in plan_json.h.
#pragma once

#include "compiler/plan/build_plan.h"

#include <nlohmann/json.hpp>

#include <string>

namespace vagga::plan {

nlohmann::ordered_json to_json(const BuildPlan& plan);

// Accepts what to_json writes; missing fields take the struct defaults.
// On a malformed document returns false and describes the problem in *error.
bool from_json(const nlohmann::json& doc, BuildPlan* plan, std::string* error);

} // namespace vagga::plan
