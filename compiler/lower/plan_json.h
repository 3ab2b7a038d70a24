// A launch plan as JSON with each op's span shown as `file:line:col`, the
// form `vagga _plan` prints and the golden plan tests compare.
#pragma once

#include "compiler/plan/launch_plan.h"
#include "compiler/source/source_manager.h"

#include <nlohmann/json.hpp>

namespace vagga::lower {

nlohmann::ordered_json located_plan_json(const plan::LaunchPlan& plan,
                                         const source::SourceManager& sources);

} // namespace vagga::lower
