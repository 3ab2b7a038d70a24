#include "compiler/lower/build_json.h"

#include "compiler/lower/locate_spans.h"
#include "compiler/plan/build_plan_json.h"

namespace vagga::lower {

nlohmann::ordered_json located_build_plan_json(const plan::BuildPlan& plan,
                                               const source::SourceManager& sources) {
    return located(plan::to_json(plan), sources);
}

} // namespace vagga::lower
