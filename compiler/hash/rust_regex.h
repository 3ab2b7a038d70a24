// Regular expressions with the semantics of Rust's `regex` crate for the
// patterns vagga configs use (`ignore-regex`, `include-regex`): unanchored
// search, `$` = end of text, `.` = anything but `\n`. Implemented by
// translating to std::regex ECMAScript; the default ignore pattern, which
// every `!Copy` without rules uses on every file, has a hand-written matcher.
#pragma once

#include <memory>
#include <regex>
#include <string>
#include <string_view>

namespace vagga::hash {

inline constexpr std::string_view kDefaultIgnoreRegex =
    R"((^|/)\.(git|hg|svn|vagga)($|/)|~$|\.bak$|\.orig$|^#.*#$)";

class RustRegex {
  public:
    // Returns nullptr and sets `error` for a pattern we cannot honour.
    static std::unique_ptr<RustRegex> compile(std::string_view pattern, std::string& error);
    bool is_match(std::string_view text) const;
    const std::string& pattern() const { return pattern_; }

  private:
    std::string pattern_;
    bool default_ignore_ = false;
    std::regex re_;
};

// The hand-written equivalent of kDefaultIgnoreRegex (exposed for tests).
bool default_ignore_match(std::string_view path);

// Rust regex syntax -> ECMAScript; false (with error) for unsupported syntax.
bool translate_rust_regex(std::string_view pattern, std::string& out, bool& icase,
                          std::string& error);

} // namespace vagga::hash
