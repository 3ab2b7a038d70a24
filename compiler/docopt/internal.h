// Helpers shared by the docopt sources; not part of the API.
#pragma once

#include "compiler/docopt/spec.h"

#include <string>
#include <string_view>
#include <vector>

namespace vagga::docopt::detail {

bool is_space(char c);
std::string_view trim(std::string_view s);
// Rust's str::lines(): split on \n, drop a trailing \r, no final empty line.
std::vector<std::string_view> lines(std::string_view s);
// UTF-8 code points as strings; a stray byte is a code point of its own.
std::vector<std::string> code_points(std::string_view s);

// docopt-rs's word classes (Atom::is_short / is_long / is_arg / is_cmd).
bool is_short(std::string_view s); // -x, -xyz
bool is_long(std::string_view s);  // --name, --name=<v>
bool is_arg(std::string_view s);   // ARG or <arg>
bool is_cmd(std::string_view s);   // -, --, or a word not starting with -
// Atom::new: the caller has checked the word is one of the four classes.
Atom make_atom(std::string_view s);

// Parses one usage line (without the program name) into `out`, adding the
// atoms it mentions to spec.descs. Returns docopt's error, or "".
std::string parse_pattern(Spec& spec, std::string_view text, Pattern& out);

// The argv as docopt-rs splits it before matching.
struct ArgvFlag {
    Atom atom; // resolved to its long synonym
    std::optional<std::string> arg;
};
struct Argv {
    std::vector<std::string> positional; // commands and positionals alike
    std::vector<ArgvFlag> flags;
    std::map<Atom, unsigned> counts;
};
// Returns docopt's error, or "".
std::string parse_argv(const Spec& spec, const std::vector<std::string>& argv, Argv& out);

} // namespace vagga::docopt::detail
