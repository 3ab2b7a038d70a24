#include "app/build_cycle.h"

#include "app/build_check.h"
#include "compat/utf8.h"
#include "compiler/hash/blake2b.h"
#include "compiler/plan/build_plan_json.h"
#include "compiler/text/json_text.h"

#include <fmt/format.h>

#include <cerrno>
#include <chrono>

namespace vagga::app {

lower::BuildInput BuildCycle::input(const std::string& name, const std::string& version) const {
    lower::BuildInput in;
    in.config = &project_.config;
    in.settings = &project_.settings;
    in.project_root = project_.root.string();
    in.root_dir =
        (storage_.roots() / Storage::build_dir(project_.settings, name, version) / "root").string();
    in.cache_dir = storage_.cache(project_.settings).string();
    in.version = version;
    if (host_.env)
        in.host_env = *host_.env;
    in.debian_mirror = host_.debian_mirror ? host_.debian_mirror() : "";
    in.container_root = [files = &ports_.files, st = storage_](const std::string& c) {
        return container_root(*files, st, c);
    };
    in.git_describe = host_.git_describe;
    in.load_config = host_.load_config;
    in.read_project_file = project_file_reader(in.project_root);
    return in;
}

Status BuildCycle::build(const std::string& container, BuildMode mode) {
    for (const auto& dep : lower::build_dependencies(project_.config, container))
        if (auto e = one(dep, mode == BuildMode::Force ? BuildMode::Normal : mode))
            return e;
    return one(container, mode);
}

Status BuildCycle::one(const std::string& name, BuildMode mode) {
    if (!project_.config.containers.count(ir::Str(name)))
        return failed(fmt::format("Container \"{}\" not found", name));
    Files& files = ports_.files;
    if (mode == BuildMode::NoVersionCheck && container_root(files, storage_, name))
        return std::nullopt;
    hash::Result v = version_(name);
    if (v.kind == hash::Result::Kind::Error)
        return failed(fmt::format("Error versioning command {}: {}", v.step.empty() ? name : v.step,
                                  v.message));
    const bool known = v.kind == hash::Result::Kind::Ok;
    auto version_dir = [&] { return name + "." + v.short_hash(); };
    auto built = [&] { return known && files.is_dir(storage_.roots() / version_dir() / "root"); };
    if (built() && mode != BuildMode::Force) {
        (void)files.touch(storage_.roots() / version_dir() / "last_use");
        return point_link(files, storage_, name, version_dir());
    }
    if (mode == BuildMode::NoBuild)
        return Error{ErrorKind::NotBuilt,
                     fmt::format("Container {} ({}) is not built and --no-build is given", name,
                                 known ? v.short_hash() : "version unknown before the build"),
                     0};
    (void)files.make_dirs(storage_.roots());
    const std::string build_dir = Storage::build_dir(project_.settings, name, known ? v.hash : "");
    std::unique_ptr<Lock> lock;
    if (auto e = take_lock(build_dir, lock))
        return e;
    // Someone else may have finished this version while we waited.
    if (built() && mode != BuildMode::Force)
        return point_link(files, storage_, name, version_dir());
    auto started = ports_.clock.monotonic();
    if (auto e = run_builder(name, v, mode))
        return e;
    if (!known) {
        v = version_(name);
        if (v.kind != hash::Result::Kind::Ok)
            return failed(
                fmt::format("Internal Error: Can't version even after build: {}", v.message));
    }
    if (auto e = commit(name, storage_.roots() / build_dir, v.short_hash()))
        return e;
    auto secs = std::chrono::duration<double>(ports_.clock.monotonic() - started).count();
    ports_.console.err(
        fmt::format("Container {} ({}) built in {:.1f} seconds.\n", name, v.short_hash(), secs));
    std::optional<Path> previous = linked_version(files, storage_, name);
    if (auto e = point_link(files, storage_, name, version_dir()))
        return e;
    // auto-clean (runtime.md §5.2): the version the link used to name goes.
    const auto& c = project_.config.containers.at(ir::Str(name));
    if (c.auto_clean && !project_.settings.disable_auto_clean && previous &&
        previous->filename() != version_dir())
        if (auto e = files.remove_tree(*previous))
            ports_.console.err("vagga: auto-clean: " + e->message() + "\n");
    return std::nullopt;
}

Status BuildCycle::take_lock(const std::string& build_dir, std::unique_ptr<Lock>& lock) {
    const Path path = storage_.roots() / (build_dir + ".lock");
    auto l = ports_.files.lock(path, false);
    if (!l.ok() && l.error->err == EWOULDBLOCK && project_.settings.build_lock_wait) {
        ports_.console.err(
            fmt::format("Other process is doing a build ({}). Waiting...\n", build_dir));
        auto start = ports_.clock.monotonic();
        l = ports_.files.lock(path, true);
        auto secs =
            std::chrono::duration_cast<std::chrono::seconds>(ports_.clock.monotonic() - start)
                .count();
        if (secs > 5)
            ports_.console.err(fmt::format("Lock was held {} seconds. Proceeding...\n", secs));
    }
    if (!l.ok()) {
        if (l.error->err == EWOULDBLOCK)
            return failed(fmt::format("Can't lock container build ({}). Probably other process "
                                      "is doing build. Aborting...",
                                      path.string()));
        return failed("vagga: " + l.error->message());
    }
    lock = std::move(l.value);
    return std::nullopt;
}

std::optional<plan::BuildPlan> BuildCycle::plan(const std::string& container,
                                                diag::Diagnostics& diags) {
    hash::Result v = version_(container);
    auto p = lower::lower_build(input(container, v.kind == hash::Result::Kind::Ok ? v.hash : ""),
                                container, diags);
    if (diags.has_errors())
        return std::nullopt;
    return p;
}

namespace {

// JSON without its "span" members: where a step is written in the config
// is no part of what it does.
nlohmann::ordered_json without_spans(nlohmann::ordered_json j) {
    if (j.is_object()) {
        j.erase("span");
        for (auto& [k, v] : j.items())
            v = without_spans(v);
    } else if (j.is_array()) {
        for (auto& v : j)
            v = without_spans(v);
    }
    return j;
}

} // namespace

std::optional<plan::StepSnapshot> BuildCycle::snapshot(const std::string& name,
                                                       const plan::BuildPlan& plan,
                                                       const hash::Result& version, BuildMode mode,
                                                       const Path& build_dir) const {
    // Kept before the config's last step: the one a one-line change most
    // often touches (a package added to the last list, a command changed).
    const size_t setup = project_.config.containers.at(ir::Str(name)).setup.size();
    if (setup < 2 || version.step_hashes.size() < setup - 1 || plan.steps.size() < setup)
        return std::nullopt;
    const size_t k = setup - 1;
    // The key: the version's hash after those steps (their files' contents
    // among it) and what the builder does for them here (mirror, paths).
    plan::BuildPlan prefix = plan;
    prefix.steps.resize(k);
    auto j = plan::to_json(prefix);
    nlohmann::ordered_json what = {{"idmap", j["idmap"]}, {"steps", j["steps"]}};
    // Byte for byte, as the plan: a path that is not UTF-8 keeps no root.
    std::string unsendable;
    auto what_text = text::dump_json_exact(without_spans(what), &unsendable);
    if (!what_text)
        return std::nullopt;
    std::string text = version.step_hashes[k - 1] + "\n" + *what_text;
    plan::StepSnapshot s;
    s.dir = (build_dir / "steps").string();
    s.steps = static_cast<uint32_t>(k);
    s.key = hash::to_hex(hash::blake2b_512(text));
    s.reuse = mode != BuildMode::Force;
    return s;
}

Status BuildCycle::run_builder(const std::string& name, const hash::Result& v, BuildMode mode) {
    const std::string version = v.kind == hash::Result::Kind::Ok ? v.hash : "";
    lower::BuildInput in = input(name, version);
    in.no_image_download = mode == BuildMode::Force || mode == BuildMode::NoImage;
    diag::Diagnostics diags;
    plan::BuildPlan plan = lower::lower_build(in, name, diags);
    if (!diags.empty())
        ports_.console.diagnostics(diags);
    if (diags.has_errors())
        return failed("");
    // A failed or killed build's directory goes first (runtime.md §5.3 6.1).
    Files& files = ports_.files;
    const Path tmp = Path(in.root_dir).parent_path();
    if (auto e = files.remove_tree(tmp))
        return failed("vagga: " + e->message());
    (void)files.make_dirs(tmp);
    (void)files.make_dirs(in.cache_dir);
    // The kept root lives in `.roots/.steps.NAME` between builds and in the
    // build's folder during one (the builder sees only that folder); a
    // build that cannot have its lock neither uses nor keeps one.
    const Path home = storage_.roots() / (".steps." + name);
    std::unique_ptr<Lock> steps_lock;
    if (auto s = snapshot(name, plan, v, mode, tmp)) {
        auto l = files.lock(home.string() + ".lock", false);
        if (l.ok()) {
            steps_lock = std::move(l.value);
            if (files.exists(home))
                (void)files.rename(home, s->dir);
            plan.snapshot = std::move(s);
        }
    }
    struct GoHome {
        Files& files;
        const std::optional<plan::StepSnapshot>& snap;
        const Path& home;
        ~GoHome() {
            if (snap && files.exists(Path(snap->dir) / "key")) {
                (void)files.remove_tree(home);
                (void)files.rename(snap->dir, home);
            }
        }
    } go_home{files, plan.snapshot, home};
    // The plan carries host paths byte for byte: refuse rather than alter one.
    std::string unsendable;
    auto plan_text = text::dump_json_exact(plan::to_json(plan), &unsendable);
    if (!plan_text)
        return failed("vagga: cannot build container " + compat::to_valid_utf8(name) + ": " +
                      unsendable);
    auto run =
        ports_.processes.run_with_input({host_.builder, "--report-fd", "3", "-"}, *plan_text);
    if (!run.ok())
        return failed("vagga: " + run.error->message());
    if (!run.value.report.empty())
        report_failure(runtime::decode_error(run.value.report));
    if (int code = runtime::sys::exit_code_of(run.value.status)) {
        std::string message = fmt::format("Builder of container {} {}", name,
                                          runtime::sys::describe_status(run.value.status));
        // Ctrl-C during a build: the shell expects 130, like a command's.
        if (code > 128)
            return Error{ErrorKind::Interrupted, message, code};
        return failed(message);
    }
    return std::nullopt;
}

// A failed step, rendered at its config line like any diagnostic.
void BuildCycle::report_failure(const runtime::Error& e) {
    if (!e.span.valid()) {
        ports_.console.err("vagga: " + e.message() + "\n");
        return;
    }
    diag::Diagnostics d;
    auto& x = d.error(diag::Code::BuildFailed, e.span, e.message());
    x.label = "this step failed";
    ports_.console.diagnostics(d);
}

Status BuildCycle::commit(const std::string& name, const Path& tmp, const std::string& hash) {
    Files& files = ports_.files;
    const Path final_dir = storage_.roots() / (name + "." + hash);
    const Path old = storage_.roots() / (".tmp." + name + ".old");
    if (files.exists(final_dir)) {
        (void)files.remove_tree(old);
        (void)files.rename(final_dir, old);
    }
    (void)files.touch(tmp / "last_use");
    if (auto e = files.rename(tmp, final_dir))
        return failed(fmt::format("Can't rename {} to {}: {}", tmp.string(), final_dir.string(),
                                  reason(e->err)));
    if (auto e = files.remove_tree(old))
        ports_.console.err("vagga: can't remove the previous version: " + e->message() + "\n");
    return std::nullopt;
}

} // namespace vagga::app
