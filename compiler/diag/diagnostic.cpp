#include "compiler/diag/diagnostic.h"

#include <algorithm>

namespace vagga::diag {

namespace {

struct CodeInfo {
    Code code;
    std::string_view name;
    std::string_view doc;
};

constexpr CodeInfo kCodes[] = {
#define X(e, name, doc) {Code::e, name, doc},
#include "compiler/diag/codes.def"
#undef X
};

} // namespace

std::string_view code_name(Code c) {
    return kCodes[static_cast<size_t>(c)].name;
}
std::string_view code_doc(Code c) {
    return kCodes[static_cast<size_t>(c)].doc;
}

std::string_view severity_name(Severity s) {
    switch (s) {
    case Severity::Error:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Note:
        return "note";
    }
    return "error";
}

const std::vector<Code>& all_codes() {
    static const std::vector<Code> codes = [] {
        std::vector<Code> v;
        for (const auto& c : kCodes)
            v.push_back(c.code);
        return v;
    }();
    return codes;
}

Diagnostic& Diagnostics::error(Code code, source::Span span, std::string message) {
    list_.push_back({Severity::Error, code, span, std::move(message), {}, {}});
    return list_.back();
}

Diagnostic& Diagnostics::warning(Code code, source::Span span, std::string message) {
    list_.push_back({Severity::Warning, code, span, std::move(message), {}, {}});
    return list_.back();
}

void Diagnostics::append(const Diagnostics& other) {
    list_.insert(list_.end(), other.list_.begin(), other.list_.end());
}

size_t Diagnostics::count_errors() const {
    return static_cast<size_t>(std::count_if(list_.begin(), list_.end(), [](const Diagnostic& d) {
        return d.severity == Severity::Error;
    }));
}

} // namespace vagga::diag
