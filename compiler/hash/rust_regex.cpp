#include "compiler/hash/rust_regex.h"

namespace vagga::hash {

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

bool translate_rust_regex(std::string_view p, std::string& out, bool& icase, std::string& error) {
    out.clear();
    icase = false;
    bool dot_all = false;
    size_t i = 0;
    // Leading global flags, the only flag form we accept: `(?i)`, `(?s)`, `(?is)`.
    if (p.substr(0, 2) == "(?") {
        size_t close = p.find(')');
        if (close != std::string_view::npos) {
            std::string_view flags = p.substr(2, close - 2);
            bool all_flags = !flags.empty();
            for (char f : flags) {
                if (f != 'i' && f != 's') {
                    all_flags = false;
                }
            }
            if (all_flags) {
                icase = flags.find('i') != std::string_view::npos;
                dot_all = flags.find('s') != std::string_view::npos;
                i = close + 1;
            }
        }
    }
    bool in_class = false;
    for (; i < p.size(); ++i) {
        char c = p[i];
        if (c == '\\') {
            if (i + 1 >= p.size()) {
                error = "trailing backslash";
                return false;
            }
            char n = p[++i];
            if (in_class) {
                out.push_back('\\');
                out.push_back(n);
                continue;
            }
            switch (n) {
            case 'A':
                out += "^";
                break;
            case 'z':
                out += "$";
                break;
            case 'x':
                // `\xHH` means the same in both; `\x{...}` has no ECMAScript form.
                if (i + 1 < p.size() && p[i + 1] == '{') {
                    error = "unsupported escape \\x{...}";
                    return false;
                }
                out += "\\x";
                break;
            case 'p':
            case 'P':
                // Unicode classes: refuse rather than match differently.
                error = std::string("unsupported escape \\") + n;
                return false;
            default:
                out.push_back('\\');
                out.push_back(n);
            }
            continue;
        }
        if (in_class) {
            if (c == ']') {
                in_class = false;
            } else if (c == '[' && i + 1 < p.size() && p[i + 1] == ':') {
                // POSIX class [[:alpha:]]: copy through to its closing ":]".
                size_t close = p.find(":]", i + 2);
                if (close == std::string_view::npos) {
                    error = "unclosed character class";
                    return false;
                }
                out.append(p.substr(i, close + 2 - i));
                i = close + 1;
                continue;
            }
            out.push_back(c);
            continue;
        }
        if (c == '[') {
            in_class = true;
            out.push_back(c);
            // A `]` or `^]` right after `[` is literal in Rust.
            if (i + 1 < p.size() && p[i + 1] == '^') {
                out.push_back('^');
                ++i;
            }
            if (i + 1 < p.size() && p[i + 1] == ']') {
                out += "\\]";
                ++i;
            }
            continue;
        }
        if (c == '.') {
            out += dot_all ? "[\\s\\S]" : "[^\\n]";
            continue;
        }
        if (c == '(' && i + 1 < p.size() && p[i + 1] == '?') {
            // Named groups `(?P<n>` / `(?<n>` become plain groups.
            size_t j = i + 2;
            if (j < p.size() && p[j] == 'P') {
                ++j;
            }
            if (j < p.size() && p[j] == '<' && j + 1 < p.size() && p[j + 1] != '=' &&
                p[j + 1] != '!') {
                size_t close = p.find('>', j);
                if (close == std::string_view::npos) {
                    error = "unclosed group name";
                    return false;
                }
                out += "(";
                i = close;
                continue;
            }
            if (i + 2 < p.size() && p[i + 2] == ':') {
                out += "(?:";
                i += 2;
                continue;
            }
            error = "unsupported group flags";
            return false;
        }
        out.push_back(c);
    }
    if (in_class) {
        error = "unclosed character class";
        return false;
    }
    return true;
}

std::unique_ptr<RustRegex> RustRegex::compile(std::string_view pattern, std::string& error) {
    auto r = std::unique_ptr<RustRegex>(new RustRegex());
    r->pattern_ = std::string(pattern);
    if (pattern == kDefaultIgnoreRegex) {
        r->default_ignore_ = true;
        return r;
    }
    std::string ecma;
    bool icase = false;
    if (!translate_rust_regex(pattern, ecma, icase, error)) {
        error = "regex error: " + error + " in " + std::string(pattern);
        return nullptr;
    }
    try {
        auto flags = std::regex::ECMAScript | std::regex::optimize;
        if (icase) {
            flags |= std::regex::icase;
        }
        r->re_ = std::regex(ecma, flags);
    } catch (const std::regex_error& e) {
        error = std::string("regex error: ") + e.what() + " in " + std::string(pattern);
        return nullptr;
    }
    return r;
}

bool RustRegex::is_match(std::string_view text) const {
    if (default_ignore_) {
        return default_ignore_match(text);
    }
    return std::regex_search(text.begin(), text.end(), re_);
}

} // namespace vagga::hash
