#include "compiler/docopt/internal.h"

#include <algorithm>

namespace vagga::docopt {

using namespace detail;

std::string Atom::key() const {
    switch (kind) {
    case AtomKind::Short:
        return "-" + name;
    case AtomKind::Long:
        return "--" + name;
    case AtomKind::Command:
        return name;
    case AtomKind::Positional:
        // docopt-rs writes a positional bare when every character is
        // upper case (`FILE`, also for `<FILE>`), else as `<name>`.
        if (std::all_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
            return name;
        return "<" + name + ">";
    }
    return name;
}

Atom Spec::resolve(const Atom& a) const {
    auto it = synonyms.find(a);
    return it == synonyms.end() ? a : it->second;
}

const OptionInfo* Spec::find(const Atom& a) const {
    auto it = descs.find(resolve(a));
    return it == descs.end() ? nullptr : &it->second;
}

namespace detail {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> lines(std::string_view s) {
    std::vector<std::string_view> out;
    while (!s.empty()) {
        auto nl = s.find('\n');
        auto line = s.substr(0, nl);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        out.push_back(line);
        if (nl == std::string_view::npos)
            break;
        s.remove_prefix(nl + 1);
    }
    return out;
}

std::vector<std::string> code_points(std::string_view s) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        if (i + n > s.size())
            n = 1;
        for (size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
                n = 1;
        out.emplace_back(s.substr(i, n));
        i += n;
    }
    return out;
}

bool is_short(std::string_view s) {
    // ^-[^-]+$
    return s.size() >= 2 && s[0] == '-' && s.substr(1).find('-') == std::string_view::npos;
}

bool is_long(std::string_view s) {
    // ^--\S+(?:<[^>]+>)?$ : spaces only inside a trailing <...>.
    if (s.size() < 3 || s.substr(0, 2) != "--")
        return false;
    auto rest = s.substr(2);
    auto has_space = [](std::string_view t) { return std::any_of(t.begin(), t.end(), is_space); };
    if (!has_space(rest))
        return true;
    auto lt = rest.rfind('<');
    if (lt == std::string_view::npos || lt == 0 || rest.back() != '>')
        return false;
    auto inner = rest.substr(lt + 1, rest.size() - lt - 2);
    return !has_space(rest.substr(0, lt)) && !inner.empty() &&
           inner.find('>') == std::string_view::npos;
}

bool is_arg(std::string_view s) {
    // ^(\p{Lu}+|<[^>]+>)$ ; upper case is ASCII here.
    if (s.size() >= 3 && s.front() == '<' && s.back() == '>')
        return s.substr(1, s.size() - 2).find('>') == std::string_view::npos;
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool is_cmd(std::string_view s) {
    // ^(-|--|[^-]\S*)$
    if (s == "-" || s == "--")
        return true;
    return !s.empty() && s[0] != '-' && std::none_of(s.begin(), s.end(), is_space);
}

Atom make_atom(std::string_view s) {
    if (is_short(s))
        return {AtomKind::Short, code_points(s.substr(1)).front()};
    if (is_long(s))
        return {AtomKind::Long, std::string(s.substr(2))};
    if (is_arg(s)) {
        if (s.front() == '<' && s.back() == '>')
            return {AtomKind::Positional, std::string(s.substr(1, s.size() - 2))};
        return {AtomKind::Positional, std::string(s)};
    }
    return {AtomKind::Command, std::string(s)};
}

} // namespace detail
} // namespace vagga::docopt
