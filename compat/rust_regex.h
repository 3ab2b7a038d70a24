// Regular expressions with the semantics of Rust's `regex` crate for the
// patterns vagga configs use (`ignore-regex`, `include-regex`): unanchored
// search, `$` = end of text, `.` = anything but `\n`. They run on RE2, the
// library the Rust crate was modelled on: the same syntax, linear time, no
// recursion, so no pattern a config writes can hang or overflow the stack
// on a long path (std::regex, used before, could do both). The default
// ignore pattern, which every `!Copy` without rules uses on every file, has
// a hand-written matcher.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace vagga::compat {

inline constexpr std::string_view kDefaultIgnoreRegex =
    R"((^|/)\.(git|hg|svn|vagga)($|/)|~$|\.bak$|\.orig$|^#.*#$)";

class RustRegex {
  public:
    // Returns nullptr and sets `error` for a pattern we cannot honour.
    // `fast_paths`: the default ignore pattern runs on its hand-written
    // matcher (off only to compare the two).
    static std::unique_ptr<RustRegex> compile(std::string_view pattern, std::string& error,
                                              bool fast_paths = true);
    ~RustRegex();
    RustRegex(const RustRegex&) = delete;
    RustRegex& operator=(const RustRegex&) = delete;
    bool is_match(std::string_view text) const;
    const std::string& pattern() const { return pattern_; }

  private:
    RustRegex();
    std::string pattern_;
    bool default_ignore_ = false;
    std::unique_ptr<re2::RE2> re_;
};

// The hand-written equivalent of kDefaultIgnoreRegex (exposed for tests).
bool default_ignore_match(std::string_view path);

// Rust regex syntax -> RE2's: the same but for `(?<name>`, which the
// crate accepts and Debian 12's RE2 knows only as `(?P<name>`.
std::string to_re2_syntax(std::string_view pattern);

} // namespace vagga::compat
