#include "cli/build_command.h"

#include "builder/executor.h"
#include "builder/fetch.h"
#include "builder/process.h"
#include "compiler/diag/render.h"
#include "compiler/lower/build.h"
#include "compiler/plan/launch_plan.h"
#include "runtime/launch.h"

#include <fmt/format.h>

#include <sys/file.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <csignal>

namespace vagga::cli {

namespace fs = std::filesystem;

namespace {

std::string vagga_exe() {
    std::error_code ec;
    return fs::read_symlink("/proc/self/exe", ec).string();
}

std::vector<plan::IdRange> id_ranges(const std::vector<ir::IdRange>& v) {
    std::vector<plan::IdRange> out;
    for (const auto& r : v)
        out.push_back({r.start, r.end});
    if (out.empty())
        out.push_back({0, 65535});
    return out;
}

// `vagga __builder__ ARGS` as uid 0 of a user namespace with the container's
// id map, in new mount/pid/ipc namespaces, on the host's file system (the
// builder chroots into the image itself, runtime.md §5.4).
int run_in_namespace(Session& s, const ir::Container* container,
                     const std::vector<std::string>& args) {
    plan::LaunchPlan p;
    plan::IdMap ids;
    if (!container)
        ids.kind = plan::MapKind::Max; // removing images of any container
    if (container) {
        ids.uids = id_ranges(container->uids);
        ids.gids = id_ranges(container->gids);
    }
    p.add(ids);
    p.add(plan::Namespaces{true, false, {}});
    p.add(plan::Root{"/", true, {}});
    p.add(plan::Proc{});
    plan::SetEnv env;
    for (const auto& kv : s.ctx().environ)
        env.vars.emplace_back(kv.first, kv.second);
    p.add(env);
    p.add(plan::WorkDir{s.ctx().cwd.string(), {}});
    p.add(plan::Pid1{plan::Pid1Mode::Wait, {}});
    plan::Exec exec;
    exec.argv = {vagga_exe(), "__builder__"};
    exec.argv.insert(exec.argv.end(), args.begin(), args.end());
    exec.search_path = false;
    p.add(exec);
    auto host = runtime::Host::from_process();
    auto* err = &s.ctx().err;
    host.warn = [err](const std::string& m) { *err << m << "\n"; };
    auto r = runtime::launch(p, host);
    if (r.error)
        s.ctx().err << "vagga: " << r.error->message() << "\n";
    return r.exit_code;
}

// One Ensure per session: a container is checked (and built) once per run.
std::map<Session*, std::unique_ptr<builder::Ensure>>& ensures() {
    static std::map<Session*, std::unique_ptr<builder::Ensure>> m;
    return m;
}

builder::Ensure& ensure_for(Session& s) {
    auto& slot = ensures()[&s];
    if (slot)
        return *slot;
    builder::Builder b;
    b.config = &s.project().config;
    b.layout = project_layout(s);
    b.err = &s.ctx().err;
    auto layout = b.layout;
    b.version = [&s, layout](const std::string& name) {
        hash::Env env;
        env.project_root = s.project().root.string();
        env.vagga_base = layout.base.string();
        return hash::version_hash(s.project().config, name, env);
    };
    b.run_builder = [&s](const std::string& name, const std::string& final_dir) {
        const auto& cs = s.project().config.containers;
        auto it = cs.find(ir::Str(name));
        return run_in_namespace(s, it == cs.end() ? nullptr : &it->second,
                                {"build", name, final_dir});
    };
    slot = std::make_unique<builder::Ensure>(std::move(b));
    return *slot;
}

std::string render_span(Session& s, const source::Span& sp) {
    const auto& sources = s.frontend().sources;
    if (!sp.valid() || sp.file > sources.size())
        return "";
    auto lc = sources.start(sp);
    return fmt::format("{}:{}:{}", sources.file(sp.file).display, lc.line, lc.col);
}

plan::BuildPlan lower(Session& s, const std::string& name, const builder::Layout& layout,
                      diag::Diagnostics& diags) {
    lower::BuildInput in;
    in.config = &s.project().config;
    in.settings = &s.project().settings;
    in.host_env = s.ctx().environ;
    in.container_root = [layout](const std::string& c) { return layout.linked_root(c); };
    return lower::lower_build(in, name, diags);
}

bool unknown_container(Session& s, const std::string& name) {
    if (s.project().config.containers.count(ir::Str(name)))
        return false;
    s.ctx().err << fmt::format("Container \"{}\" not found\n", name);
    return true;
}

} // namespace

builder::Layout project_layout(Session& s) {
    const auto& p = s.project();
    return builder::make_layout(p.root, p.settings.storage_dir, p.settings.cache_dir);
}

builder::Built ensure_container(Session& s, const std::string& container,
                                builder::Policy policy, bool force) {
    return ensure_for(s)(container, force, policy);
}

int builtin_build(Session& s, const std::vector<std::string>& args) {
    bool force = false;
    std::string name;
    for (const auto& a : args) {
        if (a == "--force") {
            force = true;
        } else if (a == "--no-image-download") {
            // no image cache yet: nothing to skip
        } else if (a == "-h" || a == "--help") {
            s.ctx().out << "Usage:\n    vagga _build [--force] CONTAINER\n";
            return 0;
        } else if (!a.empty() && a[0] == '-') {
            s.ctx().err << "Usage:\n    vagga _build [--force] CONTAINER\n"
                        << fmt::format("vagga _build: Unknown option {}\n", a);
            return 122;
        } else if (name.empty()) {
            name = a;
        } else {
            s.ctx().err << fmt::format("vagga _build: Unexpected argument {}\n", a);
            return 122;
        }
    }
    if (name.empty()) {
        s.ctx().err << "Usage:\n    vagga _build [--force] CONTAINER\n"
                    << "vagga _build: Argument container is required\n";
        return 122;
    }
    if (unknown_container(s, name))
        return 121;
    auto b = ensure_container(s, name, builder::Policy::Build, force);
    return b.exit_code;
}

int builtin_build_plan(Session& s, const std::string& container) {
    if (unknown_container(s, container))
        return 121;
    diag::Diagnostics diags;
    auto plan = lower(s, container, project_layout(s), diags);
    if (!diags.empty())
        s.ctx().err << diag::render_text(s.frontend().sources, diags);
    if (diags.has_errors())
        return 121;
    s.ctx().out << lower::located_build_plan_json(plan, s.frontend().sources).dump(2) << "\n";
    return 0;
}

int builtin_builder(Session& s, const std::vector<std::string>& args) {
    auto layout = project_layout(s);
    if (args.size() >= 1 && args[0] == "rm") {
        int code = 0;
        for (size_t i = 1; i < args.size(); ++i)
            if (auto e = builder::remove_tree(args[i]); !e.empty()) {
                s.ctx().err << e << "\n";
                code = 1;
            }
        return code;
    }
    if (args.size() != 3 || args[0] != "build") {
        s.ctx().err << "vagga __builder__: internal command, started by vagga _build\n";
        return 122;
    }
    const std::string& name = args[1];
    diag::Diagnostics diags;
    auto plan = lower(s, name, layout, diags);
    if (!diags.empty())
        s.ctx().err << diag::render_text(s.frontend().sources, diags);
    if (diags.has_errors())
        return 1;
    builder::RealProcesses procs;
    builder::CurlDownloader curl(procs);
    builder::ExecConfig cfg;
    cfg.tmp_dir = layout.tmp_dir(name);
    cfg.final_dir = args[2];
    cfg.old_dir = layout.old_dir(name);
    cfg.project_root = s.project().root;
    cfg.cache_dir = layout.cache_dir;
    cfg.log = &s.ctx().err;
    cfg.procs = &procs;
    cfg.downloader = &curl;
    cfg.where = [&s](const source::Span& sp) { return render_span(s, sp); };
    std::error_code ec;
    fs::create_directories(cfg.cache_dir, ec);
    return builder::execute(plan, cfg);
}

namespace {

struct CleanOptions {
    std::vector<std::string> actions;
    bool dry_run = false;
};

// Removes `dir` unless a build holds its lock (runtime.md §1.8.4).
void remove_dir(Session& s, const fs::path& dir, bool dry_run, std::vector<std::string>& out) {
    if (dry_run) {
        s.ctx().out << fmt::format("Would remove \"{}\"\n", dir.string());
        return;
    }
    out.push_back(dir.string());
}

} // namespace

int builtin_clean(Session& s, const std::vector<std::string>& args) {
    CleanOptions o;
    for (const auto& a : args) {
        if (a == "-n" || a == "--dry-run")
            o.dry_run = true;
        else if (a == "--tmp" || a == "--tmp-folders" || a == "--old" ||
                 a == "--old-containers" || a == "--unused" || a == "--everything" ||
                 a == "--transient")
            o.actions.push_back(a);
        else {
            s.ctx().err << "Usage:\n    vagga _clean [--tmp] [--old] [--unused] [--transient] "
                           "[--everything] [-n]\n"
                        << fmt::format("vagga _clean: {} is not supported\n", a);
            return 1;
        }
    }
    if (o.actions.empty()) {
        s.ctx().err << "Usage:\n    vagga _clean [--tmp] [--old] [--unused] [--transient] "
                       "[--everything] [-n]\nvagga _clean: one of the actions is required\n";
        return 1;
    }
    auto layout = project_layout(s);
    std::error_code ec;
    if (!fs::exists(layout.base, ec)) {
        s.ctx().err << "No vagga directory exists\n";
        return 0;
    }
    std::vector<std::string> doomed;
    for (const auto& a : o.actions) {
        std::set<std::string> keep;
        bool tmp = a == "--tmp" || a == "--tmp-folders";
        if (a == "--old" || a == "--old-containers") {
            for (const auto& e : fs::directory_iterator(layout.project_root / ".vagga", ec)) {
                if (!e.is_symlink(ec) || e.path().filename().string()[0] == '.')
                    continue;
                auto t = fs::read_symlink(e.path(), ec);
                if (t.filename() == "root")
                    keep.insert(t.parent_path().filename().string());
            }
        } else if (a == "--unused") {
            for (const auto& [name, c] : s.project().config.containers) {
                hash::Env env;
                env.project_root = s.project().root.string();
                env.vagga_base = layout.base.string();
                auto v = hash::version_hash(s.project().config, name.text, env);
                if (v.kind == hash::Result::Kind::Ok)
                    keep.insert(name.text + "." + v.short_hash());
            }
        } else if (a == "--transient") {
            for (const auto& e : fs::directory_iterator(layout.base / ".transient", ec)) {
                auto n = e.path().filename().string();
                auto pid = n.substr(n.rfind('.') + 1);
                if (pid.find_first_not_of("0123456789") == std::string::npos && !pid.empty() &&
                    ::kill(std::stoi(pid), 0) == 0)
                    continue;
                remove_dir(s, e.path(), o.dry_run, doomed);
            }
            continue;
        } else if (a == "--everything") {
            remove_dir(s, layout.base, o.dry_run, doomed);
            if (layout.base != layout.project_root / ".vagga")
                remove_dir(s, layout.project_root / ".vagga", o.dry_run, doomed);
            continue;
        }
        for (const auto& e : fs::directory_iterator(layout.roots(), ec)) {
            auto n = e.path().filename().string();
            bool is_tmp = n.starts_with(".tmp");
            if (!e.is_directory(ec) || e.is_symlink(ec))
                continue;
            if (tmp ? !is_tmp : keep.count(n) != 0)
                continue;
            // A build in progress holds the lock of its .tmp dir.
            if (is_tmp) {
                auto lock = e.path().string() + ".lock";
                int fd = ::open(lock.c_str(), O_RDWR | O_CLOEXEC);
                if (fd >= 0) {
                    bool busy = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
                    ::close(fd);
                    if (busy) {
                        s.ctx().err << fmt::format("Skipping \"{}\": a build holds its lock\n",
                                                   e.path().string());
                        continue;
                    }
                }
            }
            remove_dir(s, e.path(), o.dry_run, doomed);
        }
    }
    if (doomed.empty())
        return 0;
    std::vector<std::string> rm = {"rm"};
    rm.insert(rm.end(), doomed.begin(), doomed.end());
    // Inside a user namespace: the images hold files of the container's ids.
    int code = run_in_namespace(s, nullptr, rm);
    return code == 0 ? 0 : 1;
}

} // namespace vagga::cli
