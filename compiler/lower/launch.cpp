#include "compiler/lower/launch.h"

#include "compiler/lower/volumes.h"

#include <filesystem>
#include <fmt/format.h>
#include <variant>

namespace vagga::lower {

namespace {

constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
constexpr const char* kProxyVars[] = {"http_proxy", "https_proxy", "ftp_proxy", "all_proxy",
                                      "no_proxy"};

std::optional<std::string> host(const LaunchInput& in, const std::string& name) {
    auto it = in.host_env.find(name);
    if (it == in.host_env.end())
        return std::nullopt;
    return it->second;
}

// `*` matches any run of characters; the pattern is anchored at both ends.
bool glob_match(std::string_view pat, std::string_view s) {
    size_t p = 0, i = 0, star = std::string_view::npos, mark = 0;
    while (i < s.size()) {
        if (p < pat.size() && pat[p] == '*') {
            star = p++;
            mark = i;
        } else if (p < pat.size() && pat[p] == s[i]) {
            ++p;
            ++i;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            i = ++mark;
        } else {
            return false;
        }
    }
    while (p < pat.size() && pat[p] == '*')
        ++p;
    return p == pat.size();
}

// KEY=VALUE lines; a value starting with `"` loses its surrounding quotes.
bool parse_environ_file(const std::string& text, std::map<std::string, std::string>& env) {
    size_t pos = 0;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string::npos)
            eol = text.size();
        std::string line = text.substr(pos, eol - pos);
        pos = eol + 1;
        auto eq = line.find('=');
        if (eq == std::string::npos)
            return false;
        std::string value = line.substr(eq + 1);
        if (!value.empty() && value[0] == '"') {
            size_t b = value.find_first_not_of('"');
            size_t e = value.find_last_not_of('"');
            value = b == std::string::npos ? std::string() : value.substr(b, e - b + 1);
        }
        env[line.substr(0, eq)] = value;
    }
    return true;
}

std::string join_work(const std::string& work_dir) {
    if (!work_dir.empty() && work_dir[0] == '/')
        return work_dir; // an absolute work-dir replaces /work (path join semantics)
    return work_dir.empty() || work_dir == "." ? "/work" : "/work/" + work_dir;
}

plan::Pid1Mode pid1_mode(ir::Pid1Mode m) {
    switch (m) {
    case ir::Pid1Mode::exec:
        return plan::Pid1Mode::Exec;
    case ir::Pid1Mode::wait:
        return plan::Pid1Mode::Wait;
    case ir::Pid1Mode::wait_all_children:
        return plan::Pid1Mode::WaitAllChildren;
    }
    return plan::Pid1Mode::Wait;
}

std::vector<plan::IdRange> ranges(const std::vector<ir::IdRange>& r) {
    std::vector<plan::IdRange> out;
    for (const auto& x : r)
        out.push_back({x.start, x.end});
    if (out.empty())
        out.push_back({0, 65535});
    return out;
}

// argv of a `run:` with the user's arguments (runtime.md §2.7).
std::vector<std::string> command_line(const ir::Run& run, const ir::Container* container,
                                      std::optional<bool> accepts_arguments,
                                      const std::vector<std::string>& args) {
    std::vector<std::string> argv;
    bool accepts = accepts_arguments.value_or(run.form == ir::Run::Form::Argv);
    switch (run.form) {
    case ir::Run::Form::Argv:
        for (const auto& a : run.argv)
            argv.push_back(a.text);
        break;
    case ir::Run::Form::Shell:
        if (container && !container->default_shell.empty()) {
            for (const auto& a : container->default_shell)
                argv.push_back(a.text == "$cmdline" ? run.script.text : a.text);
        } else {
            argv = {"/bin/sh", "-c", run.script.text, "--"};
        }
        break;
    }
    if (accepts)
        argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

struct ProcessSpec {
    const ir::Container* container = nullptr;
    std::string container_name;
    source::Span container_span;
    const ir::RunFields* run = nullptr;
    std::optional<std::string> options;
    std::vector<std::pair<std::string, std::string>> extra_env;
    bool set_user = true;
    source::Span span;      // the command or child that asked for this process
    std::string child_name; // a supervise child's, to keep transient copies apart
    std::string command;    // the command being run ("" for `_run`)
};

// One container and its process: shared by commands, _run and supervise
// children. Nothing when its image is not built (reported into diags).
std::optional<plan::Container> lower_container(const LaunchInput& in, const ProcessSpec& p,
                                               const std::vector<std::string>& argv,
                                               diag::Diagnostics& diags, bool writable) {
    auto root = in.container_root(p.container_name);
    if (!root) {
        diags.error(diag::Code::UnknownContainer, p.container_span,
                    fmt::format("container `{}` is not built", p.container_name));
        return std::nullopt;
    }
    plan::Container out;
    plan::Root& r = out.root;
    r = plan::Root{*root, writable, {}, p.container->span};
    // `_run -W` writes into a transient copy too, never into the image.
    if (writable || (p.run && p.run->write_mode == ir::WriteMode::transient_hard_link_copy)) {
        std::string version = std::filesystem::path(*root).parent_path().filename().string();
        r.writable = true;
        r.transient_copy = fmt::format("{}/{}{}{}.{}", in.transient_dir, version,
                                       p.child_name.empty() ? "" : ".", p.child_name, in.pid);
    }
    auto& mounts = out.mounts;
    mounts.emplace_back(plan::Dev{"/dev", {}});
    mounts.emplace_back(plan::Proc{"/proc", {}});
    mounts.emplace_back(plan::Sysfs{"/sys", {}});
    // The project itself, found by discovery: nothing to keep it beneath.
    mounts.emplace_back(
        plan::Bind{in.project_root, "", plan::Resolve::AsIs, "/work", false, true, {}});

    auto volumes = merge_volumes(p.container->volumes, p.run ? &p.run->volumes : nullptr);
    add_default_tmpfs(mounts, volumes);
    VolumeContext vctx{in, diags, *root, p.command};
    for (const auto& [path, v] : volumes)
        add_volume(vctx, mounts, path, *v);
    if (p.container->resolv_conf_path && !volumes.count(p.container->resolv_conf_path->text))
        mounts.emplace_back(plan::HostFile{plan::HostFileKind::ResolvConf,
                                           p.container->resolv_conf_path->text,
                                           p.container->resolv_conf_path->span});
    if (p.container->hosts_file_path && !volumes.count(p.container->hosts_file_path->text))
        mounts.emplace_back(plan::HostFile{plan::HostFileKind::Hosts,
                                           p.container->hosts_file_path->text,
                                           p.container->hosts_file_path->span});

    plan::Process& proc = out.process;
    static const ir::FlatMap<ir::Str, ir::Str> no_environ;
    proc.env.vars = build_environment(in, *p.container, p.run ? p.run->environ : no_environ,
                                      p.extra_env, diags);
    std::string work =
        p.run && p.run->work_dir ? join_work(p.run->work_dir->text) : join_work(in.rel_work_dir);
    proc.workdir =
        plan::WorkDir{work, p.run && p.run->work_dir ? p.run->work_dir->span : source::Span{}};
    if (p.run && p.set_user) {
        std::vector<uint32_t> gids(p.run->supplementary_gids.begin(),
                                   p.run->supplementary_gids.end());
        proc.user =
            plan::User{p.run->user_id, p.run->group_id, gids, p.run->external_user_id, p.span};
    }
    proc.exec = plan::Exec{argv, true, p.run ? p.run->run.span : source::Span{}};
    return out;
}

const ir::Container* find_container(const LaunchInput& in, const ir::Str& name,
                                    diag::Diagnostics& diags) {
    auto it = in.config->containers.find(name);
    if (it == in.config->containers.end()) {
        diags.error(diag::Code::UnknownContainer, name.span,
                    fmt::format("container `{}` is not defined", name.text));
        return nullptr;
    }
    return &it->second;
}

void set_namespaces(plan::LaunchPlan& plan, const ir::Container& c, bool isolate,
                    source::Span span) {
    plan.ids = plan::IdMap{plan::MapKind::Container, ranges(c.uids), ranges(c.gids), c.span};
    plan.namespaces = plan::Namespaces{true, isolate, span};
}

} // namespace

std::vector<std::pair<std::string, std::string>>
build_environment(const LaunchInput& in, const ir::Container& container,
                  const ir::FlatMap<ir::Str, ir::Str>& command_environ,
                  const std::vector<std::pair<std::string, std::string>>& extra,
                  diag::Diagnostics& diags) {
    std::map<std::string, std::string> env;
    for (const auto& [k, v] : extra)
        env[k] = v;
    env["TERM"] = host(in, "TERM").value_or("dumb");
    env["PATH"] = kDefaultPath;
    bool proxies = !in.settings || in.settings->proxy_env_vars;
    if (proxies) {
        for (const char* name : kProxyVars) {
            std::string upper;
            for (const char* c = name; *c; ++c)
                upper += static_cast<char>(std::toupper(static_cast<unsigned char>(*c)));
            if (auto v = host(in, name))
                env[name] = *v;
            else if (auto u = host(in, upper))
                env[name] = *u;
        }
    }
    if (container.environ_file) {
        // The path is read as vagga's own namespace sees it: /work is the project.
        const std::string& path = container.environ_file->text;
        std::string host_path =
            path.rfind("/work/", 0) == 0 ? in.project_root + path.substr(5) : path;
        std::optional<std::string> text;
        if (in.read_file)
            text = in.read_file(host_path);
        if (!text || !parse_environ_file(*text, env))
            diags.error(diag::Code::BadValue, container.environ_file->span,
                        fmt::format("Error reading environment file \"{}\": {}",
                                    container.environ_file->text,
                                    text ? "bad format" : "cannot read it"));
    }
    for (const auto& [k, v] : container.environ)
        env[k.text] = v.text;
    for (const auto& [k, v] : command_environ)
        env[k.text] = v.text;
    if (in.settings)
        for (const auto& [k, v] : in.settings->environ)
            env[k] = v;
    // propagate-environ fills VAGGAENV_X unless the user already set it.
    std::map<std::string, std::string> vaggaenv;
    for (const auto& [k, v] : in.host_env)
        if (k.rfind("VAGGAENV_", 0) == 0)
            vaggaenv[k.substr(9)] = v;
    if (in.settings)
        for (const auto& pat : in.settings->propagate_environ)
            for (const auto& [k, v] : in.host_env)
                if (glob_match(pat, k) && k.rfind("VAGGAENV_", 0) != 0)
                    vaggaenv.try_emplace(k, v);
    for (const auto& [k, v] : vaggaenv)
        env[k] = v;
    auto option_var = [](const std::string& k) {
        return k.rfind("VAGGAOPT_", 0) == 0 || k.rfind("VAGGACLI_", 0) == 0;
    };
    for (const auto& [k, v] : in.host_env)
        if (option_var(k))
            env[k] = v;
    // Parsed `options:` come last: they are this invocation's own.
    for (const auto& [k, v] : extra)
        if (option_var(k))
            env[k] = v;
    return {env.begin(), env.end()};
}

bool child_selected(const std::string& name, const std::vector<ir::Str>& tags,
                    const Invocation& inv) {
    auto matches = [&](const std::vector<std::string>& list) {
        for (const auto& x : list) {
            if (x == name)
                return true;
            for (const auto& t : tags)
                if (t.text == x)
                    return true;
        }
        return false;
    };
    // A non-empty --only wins and --exclude is then ignored (runtime.md §1.5.2).
    if (!inv.only.empty())
        return matches(inv.only);
    return !matches(inv.exclude);
}

plan::LaunchPlan lower_command(const LaunchInput& in, const std::string& command,
                               const Invocation& inv, diag::Diagnostics& diags) {
    const std::vector<std::string>& args = inv.args;
    plan::LaunchPlan plan;
    const ir::Command& cmd = in.config->commands.at(ir::Str(command));
    if (const auto* c = ir::get_if<ir::command::Command>(cmd.value)) {
        const ir::Container* container = find_container(in, c->container, diags);
        if (!container)
            return plan;
        set_namespaces(plan, *container, c->isolate_network || in.isolate_network, c->span);
        ProcessSpec p{container,
                      c->container.text,
                      c->container.span,
                      c,
                      {},
                      inv.option_env,
                      true,
                      c->span,
                      {},
                      command};
        // With `options:` the parsed values travel as variables, never as argv.
        auto argv = command_line(c->run, container, c->accepts_arguments,
                                 c->options ? std::vector<std::string>{} : args);
        if (auto lowered = lower_container(in, p, argv, diags, false))
            plan.run =
                plan::Command{plan::Pid1{pid1_mode(c->pid1mode), c->span}, std::move(*lowered)};
        return plan;
    }
    if (const auto* s = ir::get_if<ir::command::Supervise>(cmd.value)) {
        if (s->children.empty()) {
            diags.error(diag::Code::BadValue, s->span,
                        fmt::format("command `{}` has no children to supervise", command));
            return plan;
        }
        // The supervisor's namespaces use the first child's id ranges; the
        // original did the same with one wrapper for all children.
        const ir::Container* first = nullptr;
        plan::Supervise sup;
        sup.mode = s->mode == ir::SuperviseMode::stop_on_failure
                       ? plan::SuperviseMode::StopOnFailure
                       : plan::SuperviseMode::WaitAllSuccessful;
        sup.kill_unresponsive_after = s->kill_unresponsive_after;
        sup.span = s->span;
        for (const auto& [name, child] : s->children) {
            const ir::RunFields& r =
                ir::visit([](const auto& ch) -> const ir::RunFields& { return ch; }, child.value);
            const ir::CommandCommon& cc = ir::visit(
                [](const auto& ch) -> const ir::CommandCommon& { return ch; }, child.value);
            if (!child_selected(name.text, cc.tags, inv))
                continue;
            const ir::Container* container = find_container(in, r.container, diags);
            if (!container)
                continue;
            if (!first)
                first = container;
            bool bridge = ir::holds<ir::child::BridgeCommand>(child.value);
            std::vector<std::pair<std::string, std::string>> extra = {
                {"VAGGA_COMMAND", command}, {"VAGGA_SUBCOMMAND", name.text}};
            extra.insert(extra.end(), inv.option_env.begin(), inv.option_env.end());
            ProcessSpec p{container, r.container.text, r.container.span, &r,        {},
                          extra,     !bridge,          child.span,       name.text, command};
            std::optional<bool> accepts = r.accepts_arguments;
            auto argv = command_line(r.run, container, accepts, {});
            if (auto lowered = lower_container(in, p, argv, diags, false))
                sup.children.push_back({name.text, std::move(*lowered)});
        }
        if (!first) {
            if (!diags.has_errors())
                diags.error(
                    diag::Code::BadValue, s->span,
                    fmt::format("no child of `{}` is selected by --only/--exclude", command));
            return plan;
        }
        set_namespaces(plan, *first, s->isolate_network || in.isolate_network, s->span);
        plan.run = std::move(sup);
        return plan;
    }
    const auto& capsule = ir::get<ir::command::CapsuleCommand>(cmd.value);
    diags.error(diag::Code::BadValue, capsule.span,
                "`!CapsuleCommand` is not supported by this build yet");
    return plan;
}

plan::LaunchPlan lower_run(const LaunchInput& in, const std::string& container_name,
                           const std::vector<std::string>& argv, bool writable,
                           diag::Diagnostics& diags) {
    plan::LaunchPlan plan;
    const ir::Container* container = find_container(in, ir::Str(container_name), diags);
    if (!container)
        return plan;
    set_namespaces(plan, *container, in.isolate_network, {});
    ProcessSpec p{container, container_name, container->span, nullptr, {},
                  {},        false,          container->span, {},      {}};
    if (auto lowered = lower_container(in, p, argv, diags, writable))
        plan.run = plan::Command{plan::Pid1{}, std::move(*lowered)};
    return plan;
}

} // namespace vagga::lower
