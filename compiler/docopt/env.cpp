// Values -> VAGGAOPT_* / VAGGACLI_* (runtime.md §1.5.3), and the docopt text
// vagga builds around a command's `options:`.
#include "compat/debug_quote.h"
#include "compiler/docopt/docopt.h"
#include "compiler/docopt/internal.h"

namespace vagga::docopt {

using namespace detail;

namespace {

// Both built-in sections byte for byte as the original's constants.
constexpr std::string_view kCommon = "Common options:\n"
                                     "  -h, --help           This help\n";
constexpr std::string_view kSupervise =
    "Supervise options:\n"
    "  -h, --help           This help\n"
    "  --only <tag> ...     Only run specified processes.\n"
    "                       This matches both names and tags\n"
    "  --exclude <tag> ...  Don't run specified processes.\n"
    "                       This excludes both names and tags\n";

bool is_flag_key(std::string_view key) {
    return !key.empty() && key[0] == '-';
}

} // namespace

std::string shell_escape(std::string_view value) {
    if (value.empty())
        return "''";
    bool plain = true;
    for (char ch : value) {
        auto c = static_cast<unsigned char>(ch);
        bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        // Rust's char::is_alphanumeric is Unicode-wide; non-ASCII bytes are
        // taken as part of such letters (the shell splits on ASCII only).
        if (!(alnum || c >= 0x80 ||
              std::string_view("@%+=:,./-").find(ch) != std::string_view::npos))
            plain = false;
    }
    if (plain)
        return std::string(value);
    std::string out = "'";
    for (char c : value)
        out += c == '\'' ? std::string("'\"'\"'") : std::string(1, c);
    return out + "'";
}

std::string env_key(std::string_view key) {
    while (!key.empty() && key.front() == '-')
        key.remove_prefix(1);
    while (!key.empty() && key.front() == '<')
        key.remove_prefix(1);
    while (!key.empty() && key.back() == '>')
        key.remove_suffix(1);
    std::string out;
    for (char c : key)
        out += c == '-' ? '_' : (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    return out;
}

std::vector<std::pair<std::string, std::string>> env_vars(const Values& values) {
    std::vector<std::pair<std::string, std::string>> env;
    for (const auto& [key, value] : values.map) {
        std::string k = env_key(key), opt, cli;
        switch (value.kind) {
        case ValueKind::Switch:
            if (value.on) {
                opt = "true";
                cli = key;
            }
            break;
        case ValueKind::Counted:
            if (value.count > 0) {
                opt = std::to_string(value.count);
                if (key.rfind("--", 0) == 0) {
                    for (unsigned i = 0; i < value.count; ++i)
                        cli += (i ? " " : "") + key;
                } else {
                    // `-vvv`; a counted command (no dash) repeats its first
                    // letter after a dash, as the original's slicing does.
                    auto letters = code_points(key);
                    std::string letter = letters.size() > 1 ? letters[1] : "";
                    cli = "-";
                    for (unsigned i = 0; i < value.count; ++i)
                        cli += letter;
                }
            }
            break;
        case ValueKind::Plain:
            if (value.plain) {
                opt = *value.plain;
                cli = is_flag_key(key) ? key + " " + shell_escape(*value.plain)
                                       : shell_escape(*value.plain);
            }
            break;
        case ValueKind::List:
            if (!value.list.empty()) {
                if (is_flag_key(key))
                    cli = key;
                for (size_t i = 0; i < value.list.size(); ++i) {
                    opt += (i ? " " : "") + value.list[i];
                    cli += " " + shell_escape(value.list[i]);
                }
            }
            break;
        }
        env.emplace_back("VAGGAOPT_" + k, std::move(opt));
        env.emplace_back("VAGGACLI_" + k, std::move(cli));
    }
    return env;
}

std::string_view builtin_section_text(BuiltinSection section) {
    switch (section) {
    case BuiltinSection::Common:
        return kCommon;
    case BuiltinSection::Supervise:
        return kSupervise;
    }
    return kCommon;
}

std::string build_doc(std::string_view command, const std::optional<std::string>& description,
                      std::string_view options, BuiltinSection section) {
    std::string doc = description ? *description : "vagga " + std::string(command);
    doc += "\n\n";
    doc += options;
    doc += "\n";
    doc += builtin_section_text(section);
    doc += "\n";
    return doc;
}

CommandArgs parse_command_args(std::string_view command,
                               const std::optional<std::string>& description,
                               std::string_view options, BuiltinSection section,
                               const std::vector<std::string>& args) {
    CommandArgs out;
    auto spec = parse(build_doc(command, description, options, section));
    if (!spec.ok()) {
        out.text = "Error parsing `options` in command " + compat::debug_quote(command) + ": " +
                   spec.error;
        return out;
    }
    std::vector<std::string> argv{std::string(command)};
    argv.insert(argv.end(), args.begin(), args.end());
    auto m = match(*spec.value, argv);
    out.outcome = m.outcome;
    out.text = std::move(m.text);
    if (m.outcome == MatchOutcome::Matched)
        out.env = env_vars(m.values);
    return out;
}

} // namespace vagga::docopt
