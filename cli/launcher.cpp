// The launcher: global options, project discovery, then dispatch to a
// builtin or a user command (runtime.md §1.2).
#include "cli/builtin_docs.h"
#include "cli/builtins.h"
#include "cli/compgen.h"
#include "cli/context.h"
#include "cli/frontend.h"
#include "cli/listing.h"
#include "cli/run_command.h"
#include "cli/schema.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <optional>

namespace vagga::cli {

namespace {

struct Globals {
    std::vector<std::string> env_set; // -E
    std::vector<std::string> use_env; // -e
    bool ignore_owner_check = false;
    bool no_prerequisites = false;
    bool containers_only = false;
    bool isolate_network = false;
    bool multi = false;
    std::string build_mode;        // "", "no-image", "no-build", "no-version"
    std::vector<std::string> rest; // command and its arguments (or -m commands)
    std::string error;             // an option problem, reported after discovery
    bool help = false;
    bool version = false;
};

// argparse semantics: options until the first positional; everything from
// there on belongs to the command, dashes included.
Globals parse_globals(const std::vector<std::string>& args) {
    Globals g;
    size_t i = 0;
    auto value = [&](const std::string& opt) -> std::optional<std::string> {
        if (i + 1 >= args.size()) {
            g.error = fmt::format("Option [\"{}\"] requires an argument", opt);
            return std::nullopt;
        }
        return args[++i];
    };
    for (; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.empty() || a[0] != '-' || a == "-")
            break;
        if (a == "-h" || a == "--help") {
            g.help = true;
        } else if (a == "-V" || a == "--version") {
            g.version = true;
        } else if (a == "-E" || a == "--env" || a == "--environ") {
            if (auto v = value(a))
                g.env_set.push_back(*v);
        } else if (a == "-e" || a == "--use-env") {
            if (auto v = value(a))
                g.use_env.push_back(*v);
        } else if (a == "--ignore-owner-check") {
            g.ignore_owner_check = true;
        } else if (a == "--no-prerequisites") {
            g.no_prerequisites = true;
        } else if (a == "--containers-only") {
            g.containers_only = true;
        } else if (a == "--isolate-network" || a == "--no-network" || a == "--no-net") {
            g.isolate_network = true;
        } else if (a == "--no-image-download") {
            g.build_mode = "no-image";
        } else if (a == "--no-build") {
            g.build_mode = "no-build";
        } else if (a == "--no-version-check") {
            g.build_mode = "no-version";
        } else if (a == "-m" || a == "--run-multi") {
            g.multi = true;
        } else if (a == "--") {
            ++i;
            break;
        } else if (a.size() > 1 && a[1] != '-') {
            g.error = fmt::format("Unknown short option \"{}\"", a.substr(1, 1));
            break;
        } else {
            g.error = fmt::format("Unknown option {}", a);
            break;
        }
        if (!g.error.empty())
            break;
    }
    if (g.error.empty())
        g.rest.assign(args.begin() + static_cast<long>(std::min(i, args.size())), args.end());
    return g;
}

// runtime.md §1.3: the project folder's owner against the real uid. Root
// in somebody else's project is refused (its files there would belong to
// root, and the owner could not remove them); another user is warned.
std::optional<int> check_owner(const std::filesystem::path& root, Context& ctx) {
    struct stat st {};
    if (::stat(root.c_str(), &st) != 0) {
        ctx.err << fmt::format("Can't stat \"{}\": {}\n", root.string(), std::strerror(errno));
        return exit_code::config_error;
    }
    if (st.st_uid == ::getuid())
        return std::nullopt;
    if (::getuid() == 0) {
        ctx.err << "You should not run vagga as root (see http://bit.ly/err_root)\n";
        return exit_code::usage;
    }
    ctx.err << "You are running vagga as a user different from the owner of project directory. "
               "You may not have needed permissions (see http://bit.ly/err_root)\n";
    return std::nullopt;
}

} // namespace

int run(const std::vector<std::string>& args, Context& ctx) {
    Globals g = parse_globals(args);
    if (g.help) {
        ctx.out << launcher_help_text();
        return exit_code::ok;
    }
    if (g.version) {
        ctx.out << project::compat_version() << "\n";
        return exit_code::ok;
    }
    for (const auto& name : g.use_env) {
        if (name.find('=') != std::string::npos) {
            ctx.err << "Error propagating environment: Environment variable name (for option "
                       "`-e`/`--use-env`) can't contain equals `=` character. To set key-value "
                       "pair use `-E`/`--environ` option\n";
            return exit_code::config_error;
        }
    }

    // Builtins that need no project (and their help, which needs none).
    if (g.error.empty() && !g.rest.empty()) {
        std::vector<std::string> rest(g.rest.begin() + 1, g.rest.end());
        if (g.rest[0] == "_compgen")
            return builtin_compgen(ctx, rest);
        if (g.rest[0] == "_help" && rest == std::vector<std::string>{"--man"}) {
            print_man_page(ctx.out); // at build time, for `cmake --install`
            return exit_code::ok;
        }
        const BuiltinDoc* doc = find_builtin_doc(g.rest[0]);
        if (doc && g.rest[0] != "check" && wants_help(*doc, rest)) {
            ctx.out << help_text(*doc);
            return exit_code::ok;
        }
        if (g.rest[0] == "_schema")
            return builtin_schema(ctx, rest);
    }

    Session session(ctx);
    bool is_check = !g.rest.empty() && (g.rest[0] == "_check" || g.rest[0] == "check");
    bool explicit_config =
        is_check && std::any_of(g.rest.begin(), g.rest.end(), [](const std::string& a) {
            return a == "--config" || a.rfind("--config=", 0) == 0;
        });
    if (!explicit_config && !session.discover())
        return exit_code::config_error;
    if (!g.error.empty()) {
        ctx.err << "Usage:\n  vagga [OPTIONS] [COMMAND [ARG ...]]\nvagga: " << g.error << "\n";
        return exit_code::usage;
    }
    // `check` only reads the config: anyone may run it.
    if (!explicit_config && !is_check && !g.ignore_owner_check)
        if (auto code = check_owner(session.where().root, ctx))
            return *code;

    // Builtins that work on a project whose config has errors come first.
    if (is_check) {
        if (g.rest[0] == "_check" || explicit_config || !session.defines_command("check"))
            return builtin_check(session, {g.rest.begin() + 1, g.rest.end()});
    }
    if (!session.load())
        return exit_code::config_error;

    if (g.rest.empty()) {
        print_command_summary(session.project().config, ctx.err);
        return exit_code::no_command;
    }
    const std::string& name = g.rest[0];
    std::vector<std::string> cmd_args(g.rest.begin() + 1, g.rest.end());
    RunOptions run_opts{g.no_prerequisites, g.isolate_network, g.containers_only,
                        g.env_set,          g.use_env,         g.build_mode};
    if (g.multi) {
        // -m takes the arguments up to the next one starting with `-`.
        std::vector<std::string> names;
        for (const auto& n : g.rest) {
            if (!n.empty() && n[0] == '-')
                break;
            names.push_back(n);
        }
        return run_commands(session, names, {}, run_opts);
    }
    if (auto code = run_builtin(session, name, cmd_args, run_opts))
        return *code;
    return run_commands(session, {name}, cmd_args, run_opts);
}

} // namespace vagga::cli
