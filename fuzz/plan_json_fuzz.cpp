// The plan JSON readers of `vagga-run-plan` and `vagga-build` (which read a
// plan from a file or a pipe): any text either fails with a message or gives
// a plan that writes back as valid JSON.
#include "compiler/plan/build_plan_json.h"
#include "compiler/plan/plan_json.h"
#include "compiler/text/json_text.h"

#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace vagga;
    auto doc = nlohmann::json::parse(data, data + size, nullptr, false);
    if (doc.is_discarded())
        return 0;
    std::string error;
    plan::LaunchPlan launch;
    if (plan::from_json(doc, &launch, &error) &&
        !nlohmann::json::accept(text::dump_json(plan::to_json(launch))))
        std::abort();
    plan::BuildPlan build;
    if (plan::from_json(doc, &build, &error) &&
        !nlohmann::json::accept(text::dump_json(plan::to_json(build))))
        std::abort();
    return 0;
}
