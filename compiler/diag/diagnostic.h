// Diagnostics are values: stages collect them and go on. One rendering for
// humans (file:line:col: severity[code]: message, source line, caret) and one
// JSON form for tools.
#pragma once

#include "compiler/source/span.h"

#include <string>
#include <string_view>
#include <vector>

namespace vagga::diag {

enum class Severity { Error, Warning, Note };

enum class Code {
#define X(e, name, doc) e,
#include "compiler/diag/codes.def"
#undef X
};

std::string_view code_name(Code c);
std::string_view code_doc(Code c);
std::string_view severity_name(Severity s);
// All codes in declaration order, for documentation and tests.
const std::vector<Code>& all_codes();

struct Note {
    source::Span span; // may be invalid: a note without a location
    std::string message;
};

struct Diagnostic {
    Severity severity = Severity::Error;
    Code code = Code::YamlSyntax;
    source::Span span;
    std::string message;
    std::string label; // printed after the caret, e.g. "did you mean `volumes`?"
    std::vector<Note> notes;
};

class Diagnostics {
  public:
    Diagnostic& error(Code code, source::Span span, std::string message);
    Diagnostic& warning(Code code, source::Span span, std::string message);
    void add(Diagnostic d) { list_.push_back(std::move(d)); }
    void append(const Diagnostics& other);

    bool has_errors() const { return count_errors() > 0; }
    size_t error_count() const { return count_errors(); }
    const std::vector<Diagnostic>& list() const { return list_; }
    std::vector<Diagnostic>& list() { return list_; }
    bool empty() const { return list_.empty(); }
    size_t size() const { return list_.size(); }

  private:
    size_t count_errors() const;
    std::vector<Diagnostic> list_;
};

} // namespace vagga::diag
