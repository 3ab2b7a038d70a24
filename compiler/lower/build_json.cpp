#include "compiler/lower/build_json.h"

#include "compiler/plan/build_plan_json.h"

#include <fmt/format.h>

namespace vagga::lower {

namespace {

// Spans are byte offsets in a file id: replace them by file:line:col.
void locate(nlohmann::ordered_json& j, const source::SourceManager& sources) {
    if (j.is_array()) {
        for (auto& v : j) {
            locate(v, sources);
        }
        return;
    }
    if (!j.is_object()) {
        return;
    }
    for (auto& [k, v] : j.items()) {
        if (k != "span" || !v.is_object() || !v.contains("file")) {
            locate(v, sources);
            continue;
        }
        source::Span sp{v["file"].get<uint32_t>(), v["begin"].get<uint32_t>(),
                        v["end"].get<uint32_t>()};
        if (!sp.valid() || sp.file > sources.size()) {
            v = nullptr;
            continue;
        }
        auto lc = sources.start(sp);
        v = fmt::format("{}:{}:{}", sources.file(sp.file).display, lc.line, lc.col);
    }
}

} // namespace

nlohmann::ordered_json located_build_plan_json(const plan::BuildPlan& plan,
                                               const source::SourceManager& sources) {
    auto doc = plan::to_json(plan);
    locate(doc, sources);
    return doc;
}

} // namespace vagga::lower
