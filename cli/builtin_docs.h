// What each builtin takes, declared once: `--help`, `vagga _help`,
// `vagga _compgen`, the man page and the completion scripts are all printed
// from these tables, so they cannot disagree with each other.
#pragma once

#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vagga::cli {

struct OptionDoc {
    std::vector<std::string_view> names; // "-W", "--writeable"
    std::string_view value;              // the value's name, empty for a flag
    std::string_view help;
    bool repeats = false; // may be given more than once (-E, -e)
};

// What a builtin's first operand names, for completion.
enum class Operand { None, Container, RunnableContainer, Command };

struct BuiltinDoc {
    std::string_view name;
    std::string_view operands; // "CONTAINER COMMAND [ARG ...]"
    std::string_view summary;  // one line
    std::string_view details;  // paragraphs after the summary, may be empty
    std::vector<OptionDoc> options;
    Operand operand = Operand::None;
    // The operands after which everything belongs to something else (the
    // command `_run` starts): `--help` there is not ours. -1: none.
    int rest_after = -1;
};

// The builtins in the order `_compgen` offers them: the original's order for
// those it had, then this vagga's own.
std::span<const BuiltinDoc> builtin_docs();
const BuiltinDoc* find_builtin_doc(std::string_view name);

// The launcher's own options (runtime.md §1.2), in the original's order.
std::span<const OptionDoc> global_options();

// "Usage:\n  vagga NAME [OPTIONS] OPERANDS\n".
std::string usage_text(const BuiltinDoc& doc);
// Usage, summary, details and every option: what `vagga NAME --help` prints.
std::string help_text(const BuiltinDoc& doc);
// `vagga --help`.
std::string launcher_help_text();
// True when `-h`/`--help` comes before the builtin's own rest (`_run`'s
// command) or a `--`.
bool wants_help(const BuiltinDoc& doc, const std::vector<std::string>& args);
// The man page, vagga(1), in roff.
void print_man_page(std::ostream& out);

} // namespace vagga::cli
