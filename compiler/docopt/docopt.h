// Docopt parsing of a command's `options:` text (config.md §5.5,
// runtime.md §1.5.3), with the semantics and messages of docopt-rs 1.x,
// which the original vagga used.
//
//   parse(text)        -> the Spec, or the error docopt gives for a bad text
//   match(spec, argv)  -> the values, a help request, or a usage error
//   env_vars(values)   -> the VAGGAOPT_* / VAGGACLI_* variables
//   build_doc(...)     -> the full text vagga hands to docopt
//
// Pure functions: no I/O, no exceptions; no input crashes, hangs or
// allocates without bound (matching has a state budget).
#pragma once

#include "compiler/docopt/spec.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vagga::docopt {

template <class T> struct Result {
    std::optional<T> value;
    std::string error; // set when !value
    bool ok() const { return value.has_value(); }
};

// Parses a whole docopt text: the `usage:` section (case-insensitive, up to
// the first blank line; one pattern per line, the program name dropped) and
// option descriptions on every other line (`-v, --verbose ...  Text`,
// `--out <file>  Text [default: x]`).
Result<Spec> parse(std::string_view doc);

enum class ValueKind { Switch, Counted, Plain, List };

struct Value {
    ValueKind kind = ValueKind::Switch;
    bool on = false;                  // Switch
    unsigned count = 0;               // Counted
    std::optional<std::string> plain; // Plain
    std::vector<std::string> list;    // List
    bool operator==(const Value&) const = default;
};

struct Values {
    // Keyed like docopt: `--verbose`, `-x` (short-only flags), `test`,
    // `<file>`, `FILE`.
    std::map<std::string, Value> map;
    std::map<std::string, std::string> synonyms; // `-v` -> `--verbose`

    const Value* find(std::string_view key) const; // follows synonyms
    bool get_bool(std::string_view key) const;
};

enum class MatchOutcome { Matched, Help, Error };

struct MatchResult {
    MatchOutcome outcome = MatchOutcome::Error;
    Values values; // Matched
    // Help: the whole docopt text, trimmed (stdout, exit 0).
    // Error: docopt's message, a blank line and the usage section, e.g.
    //   "Unknown flag: '--bad-arg'\n\nUsage: vagga args [options]"
    std::string text;
};

// argv without the program name: for `vagga args --bad-arg` it is
// {"args", "--bad-arg"} (vagga puts the command name first).
MatchResult match(const Spec& spec, const std::vector<std::string>& argv);

// The environment of runtime.md §1.5.3, ordered by docopt key.
std::vector<std::pair<std::string, std::string>> env_vars(const Values& values);

// Shell quoting of VAGGACLI_* values: '' for empty, bare when only
// alphanumerics and @%+=:,./-, else '...' with ' as '"'"'.
std::string shell_escape(std::string_view value);

// `VERBOSE` for `--verbose`, `FILE` for `<file>`, `OUT_DIR` for `--out-dir`.
std::string env_key(std::string_view docopt_key);

enum class BuiltinSection {
    Common,    // !Command, !CapsuleCommand: `-h, --help`
    Supervise, // !Supervise: also `--only <tag> ...`, `--exclude <tag> ...`
};

std::string_view builtin_section_text(BuiltinSection section);

// "<description or `vagga <command>`>\n\n<options>\n<builtin>\n", byte for
// byte as the original builds it (an `options: |` block ends in a newline,
// which makes the blank line before the built-in section).
std::string build_doc(std::string_view command, const std::optional<std::string>& description,
                      std::string_view options, BuiltinSection section);

// The launcher's whole step: build the text, parse it (a bad text gives
// `Error parsing `options` in command "x": ...`), match `<command> args...`.
struct CommandArgs {
    MatchOutcome outcome = MatchOutcome::Error;
    std::vector<std::pair<std::string, std::string>> env; // Matched
    std::string text;                                     // Help / Error
};
CommandArgs parse_command_args(std::string_view command,
                               const std::optional<std::string>& description,
                               std::string_view options, BuiltinSection section,
                               const std::vector<std::string>& args);

} // namespace vagga::docopt
