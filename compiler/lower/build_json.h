// A build plan as JSON with each span shown as `file:line:col`, the form
// `vagga _plan --build` prints and the golden build-plan tests compare.
#pragma once

#include "compiler/plan/build_plan.h"
#include "compiler/source/source_manager.h"

#include <nlohmann/json.hpp>

namespace vagga::lower {

nlohmann::ordered_json located_build_plan_json(const plan::BuildPlan& plan,
                                               const source::SourceManager& sources);

} // namespace vagga::lower
