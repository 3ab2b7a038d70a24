// Splitting argv into flags and positionals, as docopt-rs's Argv does before
// any pattern is tried: unknown flags and missing flag arguments are found
// here, whatever the patterns say.
#include "compat/edit_distance.h"
#include "compiler/docopt/internal.h"

#include <algorithm>

namespace vagga::docopt::detail {

namespace {

// docopt-rs suggests the closest long flag or command within distance 2.
std::string unknown_flag(const Spec& spec, const Atom& atom) {
    std::string flag = atom.key(), best;
    size_t min = SIZE_MAX;
    for (const auto& [candidate, opts] : spec.descs) {
        (void)opts;
        if (candidate.kind != AtomKind::Long && candidate.kind != AtomKind::Command)
            continue;
        std::string name = candidate.key();
        // Distances are only needed below 3; skip hopeless long names.
        if (name.size() > flag.size() + 8 || flag.size() > name.size() + 8)
            continue;
        // strsim counts chars; code_points is how docopt splits them.
        size_t d = compat::edit_distance(code_points(flag), code_points(name));
        if (d < 3 && d < min) {
            min = d;
            best = name;
        }
    }
    if (best.empty())
        return "Unknown flag: '" + flag + "'";
    return "Unknown flag: '" + flag + "'. Did you mean '" + best + "'?";
}

} // namespace

std::string parse_argv(const Spec& spec, const std::vector<std::string>& argv, Argv& out) {
    bool seen_double_dash = false;
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& cur = argv[i];
        if (!seen_double_dash && is_short(cur)) {
            auto letters = code_points(std::string_view(cur).substr(1));
            for (size_t k = 0; k < letters.size(); ++k) {
                Atom atom = spec.resolve(Atom{AtomKind::Short, letters[k]});
                const OptionInfo* opts = spec.find(atom);
                if (!opts)
                    return unknown_flag(spec, atom);
                if (!opts->has_arg) {
                    out.flags.push_back({atom, std::nullopt});
                    continue;
                }
                std::string rest;
                for (size_t r = k + 1; r < letters.size(); ++r)
                    rest += letters[r];
                if (rest.empty()) {
                    if (++i >= argv.size())
                        return "Expected argument for flag '" + atom.key() +
                               "' but reached end of arguments.";
                    rest = argv[i];
                }
                out.flags.push_back({atom, rest});
                break;
            }
        } else if (!seen_double_dash && is_long(cur)) {
            // `--name=value`: the value may be empty.
            auto eq = cur.find('=');
            std::string name = cur;
            std::optional<std::string> arg;
            if (eq != std::string::npos && eq > 0) {
                name = cur.substr(0, eq);
                arg = cur.substr(eq + 1);
            }
            Atom atom = spec.resolve(make_atom(name));
            const OptionInfo* opts = spec.find(atom);
            if (!opts)
                return unknown_flag(spec, atom);
            if (arg && !opts->has_arg)
                return "Flag '" + atom.key() + "' cannot have an argument, but found '" + *arg +
                       "'.";
            if (!arg && opts->has_arg) {
                if (++i >= argv.size())
                    return "Expected argument for flag '" + atom.key() +
                           "' but reached end of arguments.";
                arg = argv[i];
            }
            out.flags.push_back({atom, arg});
        } else {
            if (cur == "--")
                seen_double_dash = true;
            // Commands are positionals until a pattern says otherwise.
            out.positional.push_back(cur);
        }
    }
    for (const auto& f : out.flags)
        ++out.counts[f.atom];
    return "";
}

} // namespace vagga::docopt::detail
