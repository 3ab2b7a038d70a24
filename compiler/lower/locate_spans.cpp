#include "compiler/lower/locate_spans.h"

#include <fmt/format.h>

namespace vagga::lower {

void locate_spans(nlohmann::ordered_json& j, const source::SourceManager& sources) {
    if (j.is_array()) {
        for (auto& v : j) {
            locate_spans(v, sources);
        }
        return;
    }
    if (!j.is_object()) {
        return;
    }
    for (auto& [k, v] : j.items()) {
        if (k != "span" || !v.is_object() || !v.contains("file")) {
            locate_spans(v, sources);
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

nlohmann::ordered_json located(nlohmann::ordered_json doc, const source::SourceManager& sources) {
    locate_spans(doc, sources);
    return doc;
}

} // namespace vagga::lower
