// The text-level part of docopt-rs's parser: finding the usage section and
// reading option descriptions (and `[default: x]`) from every other line.
#include "compiler/docopt/docopt.h"
#include "compiler/docopt/internal.h"

#include <set>

namespace vagga::docopt {

using namespace detail;

namespace {

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool starts_nocase(std::string_view hay, size_t at, std::string_view needle) {
    if (at + needle.size() > hay.size())
        return false;
    for (size_t k = 0; k < needle.size(); ++k)
        if (lower(hay[at + k]) != needle[k])
            return false;
    return true;
}

size_t find_nocase(std::string_view hay, std::string_view needle, size_t from) {
    for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
        if (starts_nocase(hay, i, needle))
            return i;
    }
    return std::string_view::npos;
}

class DescParser {
  public:
    explicit DescParser(Spec& spec) : spec_(spec) {}

    // One line outside the usage section: an option description when it
    // starts with `-x`/`--x` (after an optional `options:`), and in any
    // case a place where `[default: x]` may be.
    std::string line(std::string_view full) {
        auto desc = trim(full);
        if (starts_nocase(desc, 0, "options:"))
            desc = trim(desc.substr(8));
        if (desc.size() < 2 || desc[0] != '-' || is_space(desc[1]))
            return parse_default(full);
        // The description text starts at the first two spaces.
        auto two = desc.find("  ");
        std::string d(desc.substr(0, two));
        // `-x, --xyz` -> `-x --xyz` (the first such comma only, as the
        // original's regex replace does).
        for (size_t i = 1; i + 3 <= d.size(); ++i) {
            if (d.compare(i, 3, ", -") == 0 && d[i - 1] != '-' && !is_space(d[i - 1])) {
                d.erase(i, 1);
                break;
            }
        }
        d = std::string(trim(d));
        if (auto err = flags(d); !err.empty())
            return err;
        return parse_default(full);
    }

  private:
    // (--long|-short)( |=)ARG?( ...)? repeatedly, anywhere in the text,
    // which must end with the last one.
    std::string flags(const std::string& d) {
        std::string s_flag, l_flag;
        bool has_arg = false, repeated = false;
        size_t last_end = 0, i = 0;
        auto flag_char = [](char c) { return c != ' ' && c != '\t' && c != '='; };
        while (i < d.size()) {
            if (d[i] != '-' || i + 1 >= d.size() || !flag_char(d[i + 1])) {
                ++i;
                continue;
            }
            bool is_long_flag = i + 2 < d.size() && d[i + 1] == '-' && flag_char(d[i + 2]);
            size_t j = i + 1;
            while (j < d.size() && flag_char(d[j]))
                ++j;
            std::string name = d.substr(i, j - i);
            if (j + 1 < d.size() && (d[j] == ' ' || d[j] == '=') && d[j + 1] != '.' &&
                d[j + 1] != '-') {
                size_t k = j + 2;
                while (k < d.size() && !is_space(d[k]))
                    ++k;
                std::string arg = d.substr(j + 1, k - j - 1);
                if (!is_arg(arg))
                    return "Argument '" + arg + "' is not of the form ARG or <arg>.";
                has_arg = true;
                j = k;
            }
            if (d.compare(j, 4, " ...") == 0) {
                repeated = true;
                j += 4;
            }
            std::string& slot = is_long_flag ? l_flag : s_flag;
            if (!slot.empty())
                return std::string("Only one ") + (is_long_flag ? "long" : "short") +
                       " flag is allowed in an option description, but found '" + slot + "' and '" +
                       name + "'.";
            slot = name;
            last_end = i = j;
        }
        if (last_end < d.size())
            return "Extraneous text '" + d.substr(last_end) + "' in option description '" + d +
                   "'.";
        add_desc(s_flag, l_flag, has_arg, repeated);
        return "";
    }

    void add_desc(const std::string& s_flag, const std::string& l_flag, bool has_arg,
                  bool repeated) {
        // docopt ignores lines whose short flag is not a single letter.
        if (!s_flag.empty() && (code_points(s_flag).size() != 2 || !is_short(s_flag)))
            return;
        OptionInfo opts;
        opts.repeats = repeated;
        opts.has_arg = has_arg;
        opts.is_desc = true;
        if (!l_flag.empty()) {
            Atom long_atom = make_atom(l_flag);
            spec_.descs[long_atom] = opts;
            if (!s_flag.empty())
                spec_.synonyms[make_atom(s_flag)] = long_atom;
            last_ = long_atom;
        } else {
            Atom short_atom = make_atom(s_flag);
            spec_.descs[short_atom] = opts;
            last_ = short_atom;
        }
    }

    // `[default: x]` (`default` in any case) belongs to the option most
    // recently described, on this line or an earlier one.
    std::string parse_default(std::string_view text) {
        size_t at = 0;
        for (;;) {
            at = text.find('[', at);
            if (at == std::string_view::npos)
                return "";
            if (starts_nocase(text, at + 1, "default:"))
                break;
            ++at;
        }
        auto close = text.find(']', at);
        if (close == std::string_view::npos)
            return "";
        auto value = std::string(trim(text.substr(at + 9, close - at - 9)));
        if (!last_)
            return "Found default value '" + value + "' in '" + std::string(text) +
                   "' before first option description.";
        auto& opts = spec_.descs[*last_];
        if (!opts.has_arg)
            return "Cannot assign default value '" + value + "' to flag '" + last_->key() +
                   "' that has no arguments.";
        if (opts.default_value)
            return "Flag '" + last_->key() + "' already has a default value of '" +
                   *opts.default_value + "' (second default value: '" + value + "').";
        opts.default_value = value;
        return "";
    }

    Spec& spec_;
    std::optional<Atom> last_;
};

void collect_atoms(const Pattern& p, std::set<Atom>& out) {
    if (p.kind == PatternKind::Leaf)
        out.insert(p.atom);
    for (const auto& c : p.children)
        collect_atoms(c, out);
}

void fill_shortcuts(Pattern& p, const std::set<Atom>& present, const Spec& spec) {
    if (p.options_shortcut && p.children.empty()) {
        for (const auto& [atom, opts] : spec.descs)
            if (opts.is_desc && !present.count(atom)) {
                // A description ending in `...` may be given many times.
                Pattern leaf{PatternKind::Leaf, {}, atom, false};
                if (opts.repeats)
                    p.children.push_back(Pattern{PatternKind::Repeat, {leaf}, {}, false});
                else
                    p.children.push_back(std::move(leaf));
            }
        return;
    }
    for (auto& c : p.children)
        fill_shortcuts(c, present, spec);
}

// An atom repeats when under `...` or seen twice on one path through the
// pattern (alternatives do not see each other).
void tag_repeats(const Pattern& p, bool rep, Spec& spec, std::set<Atom>& seen) {
    switch (p.kind) {
    case PatternKind::Alternates: {
        const auto fresh = seen;
        for (const auto& c : p.children) {
            auto isolated = fresh;
            tag_repeats(c, rep, spec, isolated);
            seen.insert(isolated.begin(), isolated.end());
        }
        return;
    }
    case PatternKind::Sequence:
    case PatternKind::Optional:
        for (const auto& c : p.children)
            tag_repeats(c, rep, spec, seen);
        return;
    case PatternKind::Repeat:
        tag_repeats(p.children.front(), true, spec, seen);
        return;
    case PatternKind::Leaf: {
        auto& opts = spec.descs[p.atom];
        opts.repeats = opts.repeats || rep || seen.count(p.atom);
        seen.insert(p.atom);
        return;
    }
    }
}

std::string add_usage(Spec& spec, std::string_view line) {
    Pattern p;
    if (auto err = parse_pattern(spec, line, p); !err.empty())
        return err;
    std::set<Atom> present;
    collect_atoms(p, present);
    fill_shortcuts(p, present, spec);
    std::set<Atom> seen;
    tag_repeats(p, false, spec, seen);
    spec.usages.push_back(std::move(p));
    return "";
}

} // namespace

Result<Spec> parse(std::string_view doc) {
    Result<Spec> result;
    Spec spec;
    spec.full_doc = std::string(doc);
    // usage:\s*(\S+)(.*?)(?:$|\n\s*\n), case-insensitive, first match.
    size_t start = std::string_view::npos, prog_begin = 0, prog_end = 0;
    for (size_t at = find_nocase(doc, "usage:", 0); at != std::string_view::npos;
         at = find_nocase(doc, "usage:", at + 1)) {
        size_t i = at + 6;
        while (i < doc.size() && is_space(doc[i]))
            ++i;
        size_t j = i;
        while (j < doc.size() && !is_space(doc[j]))
            ++j;
        if (j > i) {
            start = at;
            prog_begin = i;
            prog_end = j;
            break;
        }
    }
    if (start == std::string_view::npos) {
        result.error = "Could not find usage patterns in doc string.";
        return result;
    }
    spec.program = std::string(doc.substr(prog_begin, prog_end - prog_begin));
    // The section ends at the first blank line (taking all of a run of
    // blank lines), or at the end of the text.
    size_t pats_end = doc.size(), end = doc.size();
    for (size_t nl = doc.find('\n', prog_end); nl != std::string_view::npos;
         nl = doc.find('\n', nl + 1)) {
        size_t k = nl + 1, last_nl = std::string_view::npos;
        while (k < doc.size() && is_space(doc[k])) {
            if (doc[k] == '\n')
                last_nl = k;
            ++k;
        }
        if (last_nl != std::string_view::npos) {
            pats_end = nl;
            end = last_nl + 1;
            break;
        }
    }
    auto pats = doc.substr(prog_end, pats_end - prog_end);
    spec.usage = std::string(doc.substr(start, end - start));

    DescParser descs(spec);
    for (auto part : {doc.substr(0, start), doc.substr(end)}) {
        for (auto line : lines(part)) {
            if (auto err = descs.line(line); !err.empty()) {
                result.error = err;
                return result;
            }
        }
    }
    if (pats.empty()) {
        if (auto err = add_usage(spec, ""); !err.empty()) {
            result.error = err;
            return result;
        }
    }
    for (auto line : lines(pats)) {
        auto text = trim(line);
        if (text.substr(0, spec.program.size()) == spec.program)
            text = trim(text.substr(spec.program.size()));
        if (auto err = add_usage(spec, text); !err.empty()) {
            result.error = err;
            return result;
        }
    }
    result.value = std::move(spec);
    return result;
}

} // namespace vagga::docopt
