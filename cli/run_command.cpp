#include "cli/run_command.h"

#include "app/queries.h"
#include "cli/build.h"
#include "cli/builtin_docs.h"
#include "compiler/diag/render.h"
#include "compiler/docopt/docopt.h"
#include "compiler/lower/launch.h"
#include "compiler/lower/plan_json.h"
#include "compiler/plan/plan_json.h"
#include "compiler/text/json_text.h"
#include "runtime/launch.h"

#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <unistd.h>

namespace vagga::cli {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> read_text(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        return std::nullopt;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The launcher's environment after -e/-E (runtime.md §1.2): they set or
// remove VAGGAENV_* variables, -E last so it wins.
std::map<std::string, std::string> launcher_env(const Context& ctx, const RunOptions& o) {
    auto env = ctx.environ;
    for (const auto& name : o.use_env)
        env["VAGGAENV_" + name] = ctx.env(name).value_or("");
    for (const auto& kv : o.env_set) {
        auto eq = kv.find('=');
        if (eq == std::string::npos)
            env.erase("VAGGAENV_" + kv);
        else
            env["VAGGAENV_" + kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    return env;
}

struct Prepared {
    app::Storage storage;
    lower::LaunchInput input;
};

std::optional<Prepared> prepare(Session& s, const RunOptions& o) {
    const auto& p = s.project();
    Prepared out;
    if (auto st = s.storage())
        out.storage = std::move(*st);
    else
        return std::nullopt;
    auto& in = out.input;
    in = project_launch_input(s, out.storage);
    in.settings = &p.settings;
    auto rel = s.ctx().cwd.lexically_relative(p.root);
    in.rel_work_dir = rel.empty() || rel == "." || *rel.begin() == ".." ? "" : rel.string();
    in.host_env = launcher_env(s.ctx(), o);
    in.isolate_network = o.isolate_network;
    return out;
}

} // namespace

lower::LaunchInput project_launch_input(Session& s, const app::Storage& storage) {
    const auto& p = s.project();
    lower::LaunchInput in;
    in.config = &p.config;
    in.project_root = p.root.string();
    std::error_code ec;
    in.vagga_bin_dir = fs::read_symlink("/proc/self/exe", ec).parent_path().string();
    in.cache_dir = storage.cache(p.settings).string();
    in.volumes_dir = storage.volumes().string();
    in.transient_dir = storage.transient().string();
    in.pid = ::getpid();
    // A copy of the storage: the caller's may move.
    in.container_root = [files = &s.ports().files, storage](const std::string& name) {
        return app::container_root(*files, storage, name);
    };
    in.read_file = read_text;
    return in;
}

namespace {

// Errors of lowering come with config spans: render them like check does.
bool report(Session& s, const diag::Diagnostics& diags) {
    if (diags.empty())
        return true;
    s.ctx().err << diag::render_text(s.frontend().sources, diags);
    return !diags.has_errors();
}

int launch(Session& s, const plan::LaunchPlan& plan) {
    auto host = runtime::Host::from_process();
    auto* err = &s.ctx().err;
    host.warn = [err](const std::string& m) { *err << m << "\n"; };
    auto result = runtime::launch(plan, host);
    if (result.error && result.error->span.valid()) {
        // Shown at the config line that asked for it (a volume, a command).
        diag::Diagnostics d;
        d.error(diag::Code::RunFailed, result.error->span, result.error->message());
        s.ctx().err << diag::render_text(s.frontend().sources, d);
    } else if (result.error) {
        s.ctx().err << "vagga: " << result.error->message() << "\n";
    }
    return result.exit_code;
}

// `options:` (docopt): the values travel as VAGGAOPT_*/VAGGACLI_* variables.
std::optional<int> parse_options(Session& s, const std::string& name, const ir::Command& cmd,
                                 const std::vector<std::string>& args, lower::Invocation& inv);

void usage(std::ostream& out, const std::string& name, const ir::CommandCommon& c,
           const char* extra) {
    out << "Usage:\n    vagga " << name << (extra[0] ? " [OPTIONS]" : "") << "\n";
    if (c.description)
        out << "\n" << c.description->text << (c.description->text.ends_with("\n") ? "" : "\n");
    out << "\nOptional arguments:\n  -h,--help             Show this help message and exit\n"
        << extra;
}

// A command's own arguments (runtime.md §1.5.1-1.5.2); an exit code when
// they stop us (help, or a usage error) before anything is built or run.
std::optional<int> parse_invocation(Session& s, const std::string& name, const ir::Command& cmd,
                                    const std::vector<std::string>& args, lower::Invocation& inv) {
    const auto& c = app::common(cmd);
    auto& out = s.ctx().out;
    auto& err = s.ctx().err;
    if (const auto* sup = ir::get_if<ir::command::Supervise>(cmd.value)) {
        if (sup->options)
            return parse_options(s, name, cmd, args, inv);
        static const char* extra =
            "  --only NAME_OR_TAG ...\n                        Only run these children\n"
            "  --exclude NAME_OR_TAG ...\n                        Do not run these children\n";
        std::vector<std::string>* list = nullptr;
        for (const auto& a : args) {
            if (a == "-h" || a == "--help") {
                usage(out, name, c, extra);
                return 0;
            } else if (a == "--only") {
                list = &inv.only;
            } else if (a == "--exclude") {
                list = &inv.exclude;
            } else if (a == "--no-image-download" || a == "--no-build" ||
                       a == "--no-version-check") {
                list = nullptr;
            } else if (list && !a.empty() && a[0] != '-') {
                list->push_back(a);
            } else {
                usage(err, name, c, extra);
                err << fmt::format(
                    "vagga {}: {} {}\n", name,
                    !a.empty() && a[0] == '-' ? "Unknown option" : "Unexpected argument", a);
                return exit_code::usage;
            }
        }
        return std::nullopt;
    }
    if (const auto* command = ir::get_if<ir::command::Command>(cmd.value)) {
        if (command->options)
            return parse_options(s, name, cmd, args, inv);
        bool accepts =
            command->accepts_arguments.value_or(command->run.form == ir::Run::Form::Argv);
        if (accepts) {
            inv.args = args;
            return std::nullopt;
        }
        for (const auto& a : args) {
            if (a == "-h" || a == "--help") {
                usage(out, name, c, "");
                return 0;
            }
            usage(err, name, c, "");
            err << fmt::format("vagga {}: Unexpected argument {}\n", name, a);
            return exit_code::usage;
        }
        return std::nullopt;
    }
    inv.args = args;
    return std::nullopt;
}

std::optional<int> parse_options(Session& s, const std::string& name, const ir::Command& cmd,
                                 const std::vector<std::string>& args, lower::Invocation& inv) {
    const auto& c = app::common(cmd);
    bool supervise = ir::holds<ir::command::Supervise>(cmd.value);
    const auto& options =
        ir::visit([](const auto& x) -> const ir::Opt<ir::Str>& { return x.options; }, cmd.value);
    std::optional<std::string> description;
    if (c.description)
        description = c.description->text;
    auto r = docopt::parse_command_args(
        name, description, options ? options->text : std::string(),
        supervise ? docopt::BuiltinSection::Supervise : docopt::BuiltinSection::Common, args);
    switch (r.outcome) {
    case docopt::MatchOutcome::Matched:
        break;
    case docopt::MatchOutcome::Help:
        s.ctx().out << r.text << "\n";
        return 0;
    case docopt::MatchOutcome::Error:
        s.ctx().err << r.text << "\n";
        return exit_code::launcher_error;
    }
    inv.option_env = r.env;
    if (supervise) {
        // The built-in section's --only/--exclude select children here too.
        for (const auto& [k, v] : r.env) {
            if (k != "VAGGAOPT_ONLY" && k != "VAGGAOPT_EXCLUDE")
                continue;
            auto& list = k == "VAGGAOPT_ONLY" ? inv.only : inv.exclude;
            std::istringstream words(v);
            for (std::string w; words >> w;)
                list.push_back(w);
        }
    }
    return std::nullopt;
}

} // namespace

int run_commands(Session& s, const std::vector<std::string>& names,
                 const std::vector<std::string>& args, const RunOptions& o) {
    std::vector<std::string> resolved;
    for (const auto& n : names) {
        auto r = s.resolve_command(n);
        if (!r) {
            s.ctx().err << fmt::format("Command \"{}\" not found and is not an alias\n", n);
            return exit_code::launcher_error;
        }
        resolved.push_back(*r);
    }
    auto prepared = prepare(s, o);
    if (!prepared)
        return exit_code::launcher_error;
    Prepared& prep = *prepared;
    const std::string volumes_dir = prep.input.volumes_dir;
    auto order = o.no_prerequisites
                     ? resolved
                     : app::expand_prerequisites(
                           s.project().config, resolved,
                           [&volumes_dir, &files = s.ports().files](const std::string& volume) {
                               return files.is_dir(volumes_dir + "/" + volume);
                           });
    for (const auto& n : order)
        if (!s.project().config.commands.count(ir::Str(n))) {
            s.ctx().err << fmt::format(
                "Command {} not found. Run vagga without arguments to see the list.\n", n);
            return exit_code::launcher_error;
        }
    // Arguments first: `--help` or a usage error stops us before anything
    // is built (the original's phase 1).
    std::vector<lower::Invocation> invocations(order.size());
    for (size_t i = 0; i < order.size(); ++i) {
        bool last = i + 1 == order.size();
        const auto& cmd = s.project().config.commands.at(ir::Str(order[i]));
        if (auto code = parse_invocation(s, order[i], cmd, last ? args : std::vector<std::string>{},
                                         invocations[i]))
            return *code;
    }
    // Every container any of the commands needs is built next (the
    // original's `-m` too), so a failing build runs nothing.
    for (const auto& n : order)
        for (const auto& c : app::containers_of_command(s.project().config, n))
            if (s.project().config.containers.count(ir::Str(c)))
                if (int code = ensure_built(s, c, build_mode_from_flag(o.build_mode)))
                    return code;
    // Lower everything before anything runs: a missing container stops us
    // (the original's phase 2).
    std::vector<plan::LaunchPlan> plans;
    for (size_t i = 0; i < order.size(); ++i) {
        diag::Diagnostics diags;
        const lower::Invocation& inv = invocations[i];
        plans.push_back(lower::lower_command(prep.input, order[i], inv, diags));
        if (!report(s, diags))
            return exit_code::launcher_error;
    }
    if (o.containers_only)
        return 0;
    for (size_t i = 0; i < order.size(); ++i) {
        int code = launch(s, plans[i]);
        if (code != 0)
            return code;
        const auto& cmd = s.project().config.commands.at(ir::Str(order[i]));
        if (const auto& epilog = app::common(cmd).epilog)
            s.ctx().out << epilog->text << std::flush;
    }
    return 0;
}

int builtin_run(Session& s, const std::vector<std::string>& args, const RunOptions& o) {
    bool writable = false;
    std::string mode = o.build_mode;
    size_t i = 0;
    for (; i < args.size() && !args[i].empty() && args[i][0] == '-'; ++i) {
        if (args[i] == "-W" || args[i] == "--writeable" || args[i] == "--writable") {
            writable = true;
        } else if (args[i] == "--no-build") {
            mode = "no-build";
        } else if (args[i] == "--no-version-check") {
            mode = "no-version";
        } else if (args[i] == "--no-image-download") {
            continue;
        } else {
            s.ctx().err << usage_text(*find_builtin_doc("_run"))
                        << fmt::format("vagga _run: Unknown option {}\n", args[i]);
            return exit_code::usage;
        }
    }
    if (i + 1 >= args.size()) {
        s.ctx().err << usage_text(*find_builtin_doc("_run")) << "vagga _run: Argument "
                    << (i < args.size() ? "command" : "container_name") << " is required\n";
        return exit_code::usage;
    }
    if (s.project().config.containers.count(ir::Str(args[i])))
        if (int code = ensure_built(s, args[i], build_mode_from_flag(mode)))
            return code;
    auto prepared = prepare(s, o);
    if (!prepared)
        return exit_code::launcher_error;
    Prepared& prep = *prepared;
    diag::Diagnostics diags;
    std::vector<std::string> argv(args.begin() + static_cast<long>(i) + 1, args.end());
    auto plan = lower::lower_run(prep.input, args[i], argv, writable, diags);
    if (!report(s, diags))
        return exit_code::launcher_error;
    return launch(s, plan);
}

int builtin_plan(Session& s, const std::vector<std::string>& args, const RunOptions& o) {
    if (args.empty()) {
        s.ctx().err << usage_text(*find_builtin_doc("_plan"));
        return exit_code::usage;
    }
    if (args[0] == "--build") {
        if (args.size() != 2) {
            s.ctx().err << "vagga _plan: --build needs exactly one container\n";
            return exit_code::usage;
        }
        return print_build_plan(s, args[1]);
    }
    auto prepared = prepare(s, o);
    if (!prepared)
        return exit_code::launcher_error;
    Prepared& prep = *prepared;
    diag::Diagnostics diags;
    plan::LaunchPlan plan;
    if (args[0] == "--run") {
        if (args.size() < 3) {
            s.ctx().err << "vagga _plan: --run needs a container and a command\n";
            return exit_code::usage;
        }
        plan = lower::lower_run(prep.input, args[1], {args.begin() + 2, args.end()}, false, diags);
    } else {
        auto name = s.resolve_command(args[0]);
        if (!name) {
            s.ctx().err << fmt::format("Command \"{}\" not found and is not an alias\n", args[0]);
            return exit_code::launcher_error;
        }
        lower::Invocation inv;
        const auto& cmd = s.project().config.commands.at(ir::Str(*name));
        if (auto code = parse_invocation(s, *name, cmd, {args.begin() + 1, args.end()}, inv))
            return *code;
        plan = lower::lower_command(prep.input, *name, inv, diags);
    }
    if (!report(s, diags))
        return exit_code::launcher_error;
    auto doc = lower::located_plan_json(plan, s.frontend().sources);
    s.ctx().out << text::dump_json(doc, 2) << "\n";
    return 0;
}

} // namespace vagga::cli
