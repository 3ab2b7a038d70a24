#include "compiler/lower/plan_json.h"

#include "compiler/lower/locate_spans.h"
#include "compiler/plan/plan_json.h"

namespace vagga::lower {

nlohmann::ordered_json located_plan_json(const plan::LaunchPlan& plan,
                                         const source::SourceManager& sources) {
    return located(plan::to_json(plan), sources);
}

} // namespace vagga::lower
