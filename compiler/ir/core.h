// The value types the generated IR (stdlib/*.vs -> ir_gen.h) is built from.
// Strings keep the span of the YAML scalar they came from, so every later
// stage (checks, hash, lowering) can point back at the config.
#pragma once

#include "compiler/source/span.h"

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vagga::ir {

struct Str {
    std::string text;
    source::Span span;

    Str() = default;
    Str(const char* s) : text(s) {}
    Str(std::string s, source::Span sp = {}) : text(std::move(s)), span(sp) {}

    operator std::string_view() const { return text; }
    bool operator==(const Str& o) const { return text == o.text; }
    bool operator==(std::string_view o) const { return text == o; }
    std::strong_ordering operator<=>(const Str& o) const { return text <=> o.text; }
    bool empty() const { return text.empty(); }
};

// A uid/gid range, both ends inclusive (`N` or `A-B`).
struct IdRange {
    uint32_t start = 0;
    uint32_t end = 0;
    source::Span span;
    bool operator==(const IdRange& o) const { return start == o.start && end == o.end; }
};

// `run:` as a list (an argv) or as an untagged string (a shell script).
struct Run {
    enum class Form { Argv, Shell };
    Form form = Form::Argv;
    std::vector<Str> argv; // Argv
    Str script;            // Shell
    source::Span span;
};

} // namespace vagga::ir
