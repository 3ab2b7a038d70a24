#include "compiler/diag/render.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace vagga::diag {

namespace {

std::string location(const source::SourceManager& sm, source::Span span) {
    if (!span.valid())
        return {};
    auto lc = sm.start(span);
    return fmt::format("{}:{}:{}: ", sm.file(span.file).display, lc.line, lc.col);
}

// The source line and a caret line under the span (clipped to that line).
void append_snippet(std::string& out, const source::SourceManager& sm, source::Span span,
                    const std::string& label) {
    if (!span.valid())
        return;
    auto lc = sm.start(span);
    std::string_view line = sm.line_text(span.file, lc.line);
    const auto& f = sm.file(span.file);
    uint32_t line_begin = f.line_starts[lc.line - 1];
    size_t col_byte = std::min<size_t>(span.begin - line_begin, line.size());
    size_t end_byte =
        span.end > span.begin ? std::min<size_t>(span.end - line_begin, line.size()) : col_byte;
    std::string gutter = std::to_string(lc.line);
    std::string pad(gutter.size(), ' ');
    out += fmt::format(" {} | {}\n", gutter, line);
    // Keep tabs so the caret lines up under the same characters.
    std::string lead;
    for (size_t i = 0; i < col_byte; ++i) {
        unsigned char c = static_cast<unsigned char>(line[i]);
        if (c == '\t')
            lead += '\t';
        else if ((c & 0xC0) != 0x80)
            lead += ' ';
    }
    size_t width =
        source::count_chars(line.substr(col_byte, end_byte > col_byte ? end_byte - col_byte : 0));
    if (width == 0)
        width = 1;
    out += fmt::format(" {} | {}{}", pad, lead, std::string(width, '^'));
    if (!label.empty())
        out += " " + label;
    out += "\n";
}

} // namespace

std::string render_text(const source::SourceManager& sm, const Diagnostic& d) {
    std::string out = fmt::format("{}{}[{}]: {}\n", location(sm, d.span), severity_name(d.severity),
                                  code_name(d.code), d.message);
    append_snippet(out, sm, d.span, d.label);
    for (const auto& n : d.notes) {
        out += fmt::format("{}note: {}\n", location(sm, n.span), n.message);
        append_snippet(out, sm, n.span, {});
    }
    return out;
}

std::string render_text(const source::SourceManager& sm, const Diagnostics& ds) {
    std::string out;
    for (const auto& d : ds.list())
        out += render_text(sm, d);
    return out;
}

nlohmann::json to_json(const source::SourceManager& sm, const Diagnostic& d) {
    auto loc = [&](source::Span s) -> nlohmann::json {
        if (!s.valid())
            return nullptr;
        auto b = sm.line_col(s.file, s.begin);
        auto e = sm.line_col(s.file, s.end);
        return {{"file", sm.file(s.file).display},
                {"line", b.line},
                {"column", b.col},
                {"end_line", e.line},
                {"end_column", e.col}};
    };
    nlohmann::json j = {{"severity", severity_name(d.severity)},
                        {"code", code_name(d.code)},
                        {"message", d.message},
                        {"location", loc(d.span)}};
    if (!d.label.empty())
        j["label"] = d.label;
    nlohmann::json notes = nlohmann::json::array();
    for (const auto& n : d.notes)
        notes.push_back({{"message", n.message}, {"location", loc(n.span)}});
    j["notes"] = notes;
    return j;
}

nlohmann::json to_json(const source::SourceManager& sm, const Diagnostics& ds) {
    nlohmann::json arr = nlohmann::json::array();
    size_t warnings = 0;
    for (const auto& d : ds.list()) {
        arr.push_back(to_json(sm, d));
        if (d.severity == Severity::Warning)
            ++warnings;
    }
    return {{"diagnostics", arr}, {"errors", ds.error_count()}, {"warnings", warnings}};
}

} // namespace vagga::diag
