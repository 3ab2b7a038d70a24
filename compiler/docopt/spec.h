// The parsed form of a docopt text, as docopt-rs (the crate the original
// vagga used) builds it: option descriptions keyed by atom, short-to-long
// synonyms, and one pattern tree per usage line.
#pragma once

#include <compare>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vagga::docopt {

enum class AtomKind { Short, Long, Command, Positional };

// One name in a pattern or in argv. Ordered like docopt-rs's atoms (short
// flags, long flags, commands, positionals), which makes the output order
// of values deterministic.
struct Atom {
    AtomKind kind = AtomKind::Command;
    // Short: the letter (one UTF-8 code point); Long: without `--`;
    // Command: the word; Positional: without `<` `>`.
    std::string name;

    auto operator<=>(const Atom&) const = default;
    // docopt's key for the atom: `-v`, `--verbose`, `test`, `<file>` or
    // `FILE` (an all-upper-case positional is written bare).
    std::string key() const;
};

struct OptionInfo {
    // Repeated anywhere in a pattern (or `...` in its description): a flag
    // or command becomes a count, an option or positional a list.
    bool repeats = false;
    bool has_arg = false;
    std::optional<std::string> default_value;
    // From the options section (what `[options]` stands for).
    bool is_desc = false;
};

enum class PatternKind { Alternates, Sequence, Optional, Repeat, Leaf };

struct Pattern {
    PatternKind kind = PatternKind::Sequence;
    std::vector<Pattern> children; // Repeat: exactly one
    Atom atom;                     // Leaf only
    // An `[options]` group, filled with the described options once the
    // whole pattern is known.
    bool options_shortcut = false;
};

struct Spec {
    std::string program;  // the word after `usage:` (`vagga`)
    std::string full_doc; // the text, printed for --help
    std::string usage;    // the `Usage:` section, printed after errors
    std::map<Atom, OptionInfo> descs;
    std::map<Atom, Atom> synonyms; // `-v` -> `--verbose`
    std::vector<Pattern> usages;   // one per usage line, tried in order

    Atom resolve(const Atom& a) const;
    const OptionInfo* find(const Atom& a) const; // after resolve
};

} // namespace vagga::docopt
