// Glob patterns as globset 0.4.8 (the version vagga 0.8.1 pins) reads them,
// with `backslash_escape(true)`, translated to an anchored regex (RE2).
// Used by the `rules:` of `!Copy`, `!Depends` and `!Build` (spec §7.3).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace vagga::compat {

// The regex body (without anchors) that globset would build; `.` of
// globset's dot-matches-newline regex becomes `[\s\S]`.
// Returns false with `error` set on a malformed glob.
bool glob_to_regex(std::string_view glob, bool literal_separator, std::string& out,
                   std::string& error);

struct GlobProgram;

// A compiled glob. matches() runs a direct matcher over the glob's tokens
// (a regex engine was the bottleneck of glob `rules` on large trees);
// matches_regex() runs the translated regex, kept as the reference the
// tests compare the matcher with.
class Glob {
  public:
    static std::unique_ptr<Glob> compile(std::string_view glob, bool literal_separator,
                                         std::string& error);
    ~Glob();
    Glob(const Glob&) = delete;
    Glob& operator=(const Glob&) = delete;

    bool matches(std::string_view path) const;
    bool matches_regex(std::string_view path) const;
    const std::string& regex_text() const { return regex_text_; }

  private:
    Glob();
    std::string regex_text_;
    std::unique_ptr<re2::RE2> re_;
    std::unique_ptr<GlobProgram> program_;
};

} // namespace vagga::compat
