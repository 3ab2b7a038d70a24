// The build-step rules declared in stdlib/step.vs (hash fields, label,
// one-to-one lowering) as generated C++ headers.
#pragma once

#include "tools/schemagen/model.h"

#include <string>

namespace schemagen {

struct StepOutputs {
    std::string rules_h; // step_rules_gen.h: hash_fields() and label_detail()
    std::string lower_h; // step_lower_gen.h: lower_op()
};

// Checks the declarations (printing file:line errors) and emits them.
bool emit_step_rules(const Schema& s, StepOutputs& o);

} // namespace schemagen
