#include "cli/builtins.h"

#include "app/build_check.h"
#include "app/queries.h"
#include "app/versions.h"
#include "cli/build.h"
#include "cli/builtin_docs.h"
#include "cli/clean.h"
#include "cli/export.h"
#include "cli/image.h"
#include "cli/listing.h"
#include "compiler/checks/checks.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <string_view>
#include <unistd.h>
#include <utility>

namespace vagga::cli {

namespace {

std::string plural(size_t n, const char* noun) {
    return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

// Every builtin CLI11 parses is in the tables (builtin_docs.cpp).
const BuiltinDoc& doc_of(const CLI::App& app) {
    return *find_builtin_doc(app.get_name());
}

// Parses a builtin's options with CLI11; prints the tables' usage on errors.
std::optional<int> parse(CLI::App& app, const std::vector<std::string>& args, Context& ctx,
                         int error_code) {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        ctx.out << help_text(doc_of(app));
        return exit_code::ok;
    } catch (const CLI::ParseError& e) {
        ctx.err << usage_text(doc_of(app)) << "vagga " << app.get_name() << ": " << e.what()
                << "\n";
        return error_code;
    }
    return std::nullopt;
}

int builtin_list(Session& s, const std::vector<std::string>& args) {
    CLI::App app("List the commands (or containers) of the project", "_list");
    ListOptions o;
    bool builtin = false;
    app.add_flag("--containers", o.containers, "List containers instead of commands");
    app.add_flag("-A,--all", o.all, "Show hidden and builtin commands too");
    app.add_flag("--builtin", builtin, "Accepted for compatibility");
    app.add_flag("--hidden", o.hidden, "Show hidden commands");
    app.add_flag("--zsh", o.zsh, "Print in zsh completion format");
    app.add_flag("--no-aliases", o.no_aliases, "Do not list aliases");
    app.add_flag("-v,--verbose", o.verbose, "Show the file each entry comes from");
    if (auto code = parse(app, args, s.ctx(), 2))
        return *code;
    print_list(s.project().config, s.frontend().sources, o, s.ctx().out);
    return exit_code::ok;
}

// Writes all of `text` to fd 3, which the caller of `--fd3` opened.
bool write_fd3(const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(3, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

// Prints the 128-hex hash (8 with --short) and a newline on stdout (or on
// fd 3 with --fd3); exit 29 when the version can't be known before a
// build, 1 for a versioning error (runtime.md §1.8.3).
int builtin_version_hash(Session& s, const std::vector<std::string>& args) {
    CLI::App app("Print the version hash of a container", "_version_hash");
    bool short_hash = false, fd3 = false, trace = false, dump = false;
    std::string container;
    app.add_flag("-s,--short", short_hash, "Print the first 8 characters only");
    app.add_flag("--fd3", fd3, "Write the hash to file descriptor 3");
    app.add_flag("--debug-versioning", trace,
                 "Print every input of the hash, readably, before the hash");
    app.add_flag("--dump-version-data", dump, "Print the raw hashed bytes");
    app.add_option("container", container, "The container")->required();
    if (auto code = parse(app, args, s.ctx(), exit_code::usage))
        return *code;
    if (!s.project().config.containers.count(ir::Str(container))) {
        s.ctx().err << "Container \"" << container << "\" not found\n";
        return exit_code::launcher_error;
    }
    hash::Env env = app::version_env(s.frontend(), s.project(), s.ports().files);
    env.digest.trace = trace;
    env.digest.dump = dump;
    hash::Result r = hash::version_hash(s.project().config, container, env);
    s.ctx().out << r.trace << r.dump;
    switch (r.kind) {
    case hash::Result::Kind::Ok: {
        std::string line = (short_hash ? r.short_hash() : r.hash) + "\n";
        if (!fd3) {
            s.ctx().out << line;
        } else if (!write_fd3(line)) {
            s.ctx().err << "Error writing the version to fd 3\n";
            return exit_code::version_error;
        }
        return exit_code::ok;
    }
    case hash::Result::Kind::NeedsBuild:
        return exit_code::version_unknown;
    case hash::Result::Kind::Error:
        s.ctx().err << "Error versioning command " << (r.step.empty() ? container : r.step) << ": "
                    << r.message << "\n";
        return exit_code::version_error;
    }
    return exit_code::version_error;
}

int builtin_base_dir(Session& s) {
    s.ctx().out << s.where().root.string() << "\n";
    return exit_code::ok;
}

int builtin_relative_work_dir(Session& s) {
    auto rel = s.ctx().cwd.lexically_relative(s.where().root);
    s.ctx().out << (rel == "." ? std::string() : rel.string()) << "\n";
    return exit_code::ok;
}

// `vagga _help [COMMAND]` (runtime.md §1.8.10).
int builtin_help(Session& s, const std::vector<std::string>& args, const RunOptions&) {
    if (args.empty()) {
        print_command_summary(s.project().config, s.ctx().err);
        return exit_code::no_command;
    }
    const std::string& name = args[0];
    if (const BuiltinDoc* doc = find_builtin_doc(name);
        doc && !s.project().config.commands.count(ir::Str(name))) {
        s.ctx().out << help_text(*doc);
        return exit_code::ok;
    }
    auto resolved = s.resolve_command(name);
    if (!resolved) {
        s.ctx().err << fmt::format("Command {} not found.\n", name);
        return exit_code::launcher_error;
    }
    const auto& cmd = s.project().config.commands.at(ir::Str(*resolved));
    const auto& options =
        ir::visit([](const auto& c) -> const ir::Opt<ir::Str>& { return c.options; }, cmd.value);
    const auto& description = app::common(cmd).description;
    std::string text = description ? description->text : "";
    // A command with `options:` is described by its docopt text. (The
    // original ran `CMD --help`, which failed unless the text declared
    // `--help`.)
    if (options)
        s.ctx().out << text << (text.empty() || text.ends_with("\n") ? "" : "\n")
                    << (text.empty() ? "" : "\n") << options->text
                    << (options->text.ends_with("\n") ? "" : "\n");
    else
        s.ctx().out << text << "\n\nUsage:\n  vagga " << name << " <OPTIONS>\n";
    return exit_code::ok;
}

} // namespace

int builtin_check(Session& s, const std::vector<std::string>& args) {
    CLI::App app("Check vagga.yaml, its includes and mixins, and report every problem", "check");
    std::string format = "text";
    app.add_option("--format", format, "Output format: text or json")
        ->check(CLI::IsMember({"text", "json"}));
    std::string config;
    app.add_option("--config", config,
                   "Check this file as the project's main file (its folder is the project root)");
    std::string target = "development";
    app.add_option("--target", target,
                   "development, or production: also what a production engine would not give")
        ->check(CLI::IsMember({"development", "production"}));
    if (auto code = parse(app, args, s.ctx(), exit_code::usage))
        return *code;
    if (!config.empty())
        s.use_main_file(s.ctx().cwd / config);
    s.load_quiet();
    checks::check_references(s.project().config, s.frontend().diags);
    // What no build could get through; after the config's own errors, which
    // lowering would repeat.
    if (!s.frontend().diags.has_errors())
        app::check_builds(s.project(), s.frontend(), s.frontend().diags);
    if (target == "production" && !s.frontend().diags.has_errors())
        app::check_production(s.project(), s.frontend().diags);
    const auto& diags = s.frontend().diags;
    if (format == "json") {
        s.print_diagnostics(Format::Json);
    } else {
        s.print_diagnostics(Format::Text);
        size_t warnings = diags.size() - diags.error_count();
        if (!diags.has_errors())
            s.ctx().out << fmt::format(
                "{}: ok ({}, {}{})\n", s.display_name(),
                plural(s.project().config.containers.size(), "container"),
                plural(s.project().config.commands.size(), "command"),
                warnings ? fmt::format(", {} warning{}", warnings, warnings == 1 ? "" : "s") : "");
        else
            s.ctx().err << fmt::format("{} error{}, {} warning{}\n", diags.error_count(),
                                       diags.error_count() == 1 ? "" : "s", warnings,
                                       warnings == 1 ? "" : "s");
    }
    return diags.has_errors() ? exit_code::config_error : exit_code::ok;
}

std::optional<int> run_builtin(Session& s, const std::string& name,
                               const std::vector<std::string>& args, const RunOptions& opts) {
    using Args = const std::vector<std::string>&;
    using Builtin = int (*)(Session&, Args, const RunOptions&);
    // The builtins of runtime.md §1.8 (`check` is dispatched before the
    // config is loaded, in launcher.cpp).
    static constexpr std::pair<std::string_view, Builtin> kBuiltins[] = {
        {"_base_dir",
         [](Session& session, Args, const RunOptions&) { return builtin_base_dir(session); }},
        {"_build",
         [](Session& session, Args a, const RunOptions&) { return builtin_build(session, a); }},
        {"_clean",
         [](Session& session, Args a, const RunOptions&) { return builtin_clean(session, a); }},
        {"_export",
         [](Session& session, Args a, const RunOptions&) { return builtin_export(session, a); }},
        {"_help", builtin_help},
        {"_list",
         [](Session& session, Args a, const RunOptions&) { return builtin_list(session, a); }},
        {"_pack_image", [](Session& session, Args a,
                           const RunOptions&) { return builtin_pack_image(session, a); }},
        {"_plan", builtin_plan},
        {"_push_image", [](Session& session, Args a,
                           const RunOptions&) { return builtin_push_image(session, a); }},
        {"_relative_work_dir",
         [](Session& session, Args, const RunOptions&) {
             return builtin_relative_work_dir(session);
         }},
        {"_run", builtin_run},
        {"_version_hash", [](Session& session, Args a,
                             const RunOptions&) { return builtin_version_hash(session, a); }},
    };
    for (const auto& [builtin, run] : kBuiltins)
        if (builtin == name)
            return run(s, args, opts);
    return std::nullopt;
}

} // namespace vagga::cli
