#include "compat/rust_regex.h"

#include <re2/re2.h>

namespace vagga::compat {

bool default_ignore_match(std::string_view path) {
    // (^|/)\.(git|hg|svn|vagga)($|/): some `/`-separated component is exactly
    // one of the four names.
    size_t pos = 0;
    while (pos <= path.size()) {
        size_t end = path.find('/', pos);
        if (end == std::string_view::npos) {
            end = path.size();
        }
        std::string_view comp = path.substr(pos, end - pos);
        if (comp == ".git" || comp == ".hg" || comp == ".svn" || comp == ".vagga") {
            return true;
        }
        pos = end + 1;
    }
    auto ends = [&](std::string_view s) {
        return path.size() >= s.size() && path.substr(path.size() - s.size()) == s;
    };
    if (ends("~") || ends(".bak") || ends(".orig")) {
        return true;
    }
    // ^#.*#$ with `.` not matching a newline.
    if (path.size() >= 2 && path.front() == '#' && path.back() == '#') {
        return path.substr(1, path.size() - 2).find('\n') == std::string_view::npos;
    }
    return false;
}

std::string to_re2_syntax(std::string_view p) {
    std::string out;
    bool in_class = false;
    for (size_t i = 0; i < p.size(); ++i) {
        char c = p[i];
        if (c == '\\' && i + 1 < p.size()) {
            out.append(p.substr(i, 2));
            ++i;
            continue;
        }
        if (in_class) {
            in_class = c != ']';
        } else if (c == '[') {
            in_class = true;
            // `[]` and `[^]` open a class holding a literal `]`.
            size_t k = i + 1 < p.size() && p[i + 1] == '^' ? i + 2 : i + 1;
            if (k < p.size() && p[k] == ']') {
                out.append(p.substr(i, k + 1 - i));
                i = k;
                continue;
            }
        } else if (p.substr(i, 3) == "(?<" && i + 3 < p.size() && p[i + 3] != '=' &&
                   p[i + 3] != '!') {
            out += "(?P<";
            i += 2;
            continue;
        }
        out.push_back(c);
    }
    return out;
}

RustRegex::RustRegex() = default;
RustRegex::~RustRegex() = default;

std::unique_ptr<RustRegex> RustRegex::compile(std::string_view pattern, std::string& error,
                                              bool fast_paths) {
    auto r = std::unique_ptr<RustRegex>(new RustRegex());
    r->pattern_ = std::string(pattern);
    if (fast_paths && pattern == kDefaultIgnoreRegex) {
        r->default_ignore_ = true;
        return r;
    }
    RE2::Options options;
    options.set_log_errors(false);
    r->re_ = std::make_unique<RE2>(to_re2_syntax(pattern), options);
    if (!r->re_->ok()) {
        error = "regex error: " + r->re_->error() + " in " + std::string(pattern);
        return nullptr;
    }
    return r;
}

bool RustRegex::is_match(std::string_view text) const {
    if (default_ignore_) {
        return default_ignore_match(text);
    }
    return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

} // namespace vagga::compat
