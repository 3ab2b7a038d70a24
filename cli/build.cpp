#include "cli/build.h"

#include "cli/storage.h"
#include "compiler/diag/render.h"
#include "compiler/hash/version_hash.h"
#include "compiler/lower/build.h"
#include "compiler/lower/build_json.h"
#include "compiler/plan/build_plan_json.h"
#include "compiler/text/json_text.h"
#include "compiler/text/utf8.h"
#include "runtime/build/host_apt.h"
#include "runtime/remove.h"
#include "runtime/spawn.h"

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <set>
#include <system_error>

namespace vagga::cli {

namespace fs = std::filesystem;

namespace {

// `vagga-build` sits beside `vagga` (the build tree puts both in cli/).
std::string builder_path() {
    std::error_code ec;
    return (fs::read_symlink("/proc/self/exe", ec).parent_path() / "vagga-build").string();
}

// Points `.vagga/NAME` at `version_dir` through a temporary link renamed over
// it, so a reader sees the old or the new version, never none. The
// temporary name is Rust's with_extension("tmp"), as the original's.
bool point_link(const Storage& st, const std::string& name, const std::string& version_dir,
                std::ostream& err) {
    std::error_code ec;
    fs::path link = st.link(name);
    std::string target = st.link_target(version_dir);
    if (fs::is_symlink(link, ec) && fs::read_symlink(link, ec).string() == target)
        return true;
    fs::path tmp = link;
    tmp.replace_extension("tmp");
    fs::create_directories(link.parent_path(), ec);
    fs::remove(tmp, ec);
    fs::create_symlink(target, tmp, ec);
    if (!ec)
        fs::rename(tmp, link, ec);
    if (ec) {
        err << fmt::format("Can't point {} at {}: {}\n", link.string(), target, ec.message());
        return false;
    }
    return true;
}

// `.tmp.NAME`, where a build happens (and `.tmp.NAME.lock` its lock); with
// `versioned-build-dir` and a version known before the build,
// `.tmp.NAME.HASH8`, so that two versions can build at once.
std::string tmp_name(const project::Settings& settings, const std::string& name,
                     const std::string& version) {
    if (settings.versioned_build_dir && !version.empty())
        return ".tmp." + name + "." + version.substr(0, 8);
    return ".tmp." + name;
}

// What lowering needs to know about the host for one build.
lower::BuildInput build_input(Session& s, const Storage& st, const std::string& name,
                              const std::string& version) {
    const auto& p = s.project();
    lower::BuildInput in;
    in.config = &p.config;
    in.settings = &p.settings;
    in.project_root = p.root.string();
    in.root_dir = (st.roots() / tmp_name(p.settings, name, version) / "root").string();
    in.cache_dir = st.cache(p.settings).string();
    in.version = version;
    in.host_env = s.ctx().environ;
    in.debian_mirror = runtime::build::host_debian_mirror().value_or("");
    const Storage* stp = &st;
    in.container_root = [stp](const std::string& c) { return stp->container_root(c); };
    return in;
}

void touch(const fs::path& p) {
    std::ofstream(p, std::ios::app).close();
    std::error_code ec;
    fs::last_write_time(p, fs::file_time_type::clock::now(), ec);
}

class Builder {
  public:
    Builder(Session& s, Storage st, BuildMode mode) : s_(s), st_(std::move(st)), mode_(mode) {}

    int build(const std::string& name) {
        for (const auto& dep : lower::build_dependencies(s_.project().config, name))
            if (int code = one(dep, mode_ == BuildMode::Force ? BuildMode::Normal : mode_))
                return code;
        return one(name, mode_);
    }

  private:
    std::ostream& err() { return s_.ctx().err; }

    hash::Result version(const std::string& name) {
        hash::Env env = hash::project_env(s_.frontend(), s_.project());
        return hash::version_hash(s_.project().config, name, env);
    }

    int one(const std::string& name, BuildMode mode);
    int run_builder(const std::string& name, const std::string& version, BuildMode mode);
    int commit(const std::string& name, const fs::path& tmp, const std::string& hash);
    // The version directory `.vagga/NAME` points to, if any.
    std::optional<fs::path> linked_version(const std::string& name) const {
        std::error_code ec;
        fs::path t = fs::read_symlink(st_.link(name), ec);
        if (ec || t.filename() != "root")
            return std::nullopt;
        return st_.roots() / t.parent_path().filename();
    }
    // A failed step, rendered at its config line like any diagnostic.
    void report_failure(const runtime::Error& e) {
        if (!e.span.valid()) {
            err() << "vagga: " << e.message() << "\n";
            return;
        }
        diag::Diagnostics d;
        auto& x = d.error(diag::Code::BuildFailed, e.span, e.message());
        x.label = "this step failed";
        err() << diag::render_text(s_.frontend().sources, d);
    }

    Session& s_;
    Storage st_;
    BuildMode mode_;
};

int Builder::one(const std::string& name, BuildMode mode) {
    if (!s_.project().config.containers.count(ir::Str(name))) {
        err() << fmt::format("Container \"{}\" not found\n", name);
        return 121;
    }
    if (mode == BuildMode::NoVersionCheck && st_.container_root(name))
        return 0;
    hash::Result v = version(name);
    if (v.kind == hash::Result::Kind::Error) {
        err() << fmt::format("Error versioning command {}: {}\n", v.step.empty() ? name : v.step,
                             v.message);
        return 121;
    }
    bool known = v.kind == hash::Result::Kind::Ok;
    auto built = [&] {
        std::error_code ec;
        return known && fs::is_directory(st_.roots() / (name + "." + v.short_hash()) / "root", ec);
    };
    if (built() && mode != BuildMode::Force) {
        touch(st_.roots() / (name + "." + v.short_hash()) / "last_use");
        return point_link(st_, name, name + "." + v.short_hash(), err()) ? 0 : 121;
    }
    if (mode == BuildMode::NoBuild) {
        err() << fmt::format("Container {} ({}) is not built and --no-build is given\n", name,
                             known ? v.short_hash() : "version unknown before the build");
        return 29;
    }
    std::error_code ec;
    fs::create_directories(st_.roots(), ec);
    const std::string tmp_dir = tmp_name(s_.project().settings, name, known ? v.hash : "");
    std::string lock_path = (st_.roots() / (tmp_dir + ".lock")).string();
    bool wait = s_.project().settings.build_lock_wait;
    auto lock = runtime::take_lock(lock_path, false);
    if (!lock.ok() && lock.error->err == EWOULDBLOCK && wait) {
        err() << fmt::format("Other process is doing a build ({}). Waiting...\n", tmp_dir);
        auto start = std::chrono::steady_clock::now();
        lock = runtime::take_lock(lock_path, true);
        auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
        if (secs > 5)
            err() << fmt::format("Lock was held {} seconds. Proceeding...\n", secs);
    }
    if (!lock.ok()) {
        if (lock.error->err == EWOULDBLOCK)
            err() << fmt::format("Can't lock container build ({}). Probably other process is "
                                 "doing build. Aborting...\n",
                                 lock_path);
        else
            err() << "vagga: " << lock.error->message() << "\n";
        return 121;
    }
    // Someone else may have finished this version while we waited.
    if (built() && mode != BuildMode::Force)
        return point_link(st_, name, name + "." + v.short_hash(), err()) ? 0 : 121;
    fs::path tmp = st_.roots() / tmp_dir;
    auto started = std::chrono::steady_clock::now();
    if (int code = run_builder(name, known ? v.hash : "", mode))
        return code;
    if (!known) {
        v = version(name);
        if (v.kind != hash::Result::Kind::Ok) {
            err() << fmt::format("Internal Error: Can't version even after build: {}\n", v.message);
            return 121;
        }
    }
    if (int code = commit(name, tmp, v.short_hash()))
        return code;
    auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    err() << fmt::format("Container {} ({}) built in {:.1f} seconds.\n", name, v.short_hash(),
                         secs);
    std::optional<fs::path> previous = linked_version(name);
    if (!point_link(st_, name, name + "." + v.short_hash(), err()))
        return 121;
    // auto-clean (runtime.md §5.2): the version the link used to name goes.
    const auto& c = s_.project().config.containers.at(ir::Str(name));
    if (c.auto_clean && !s_.project().settings.disable_auto_clean && previous &&
        previous->filename() != name + "." + v.short_hash())
        if (auto e = runtime::remove_trees({previous->string()}, runtime::Host::from_process()))
            err() << "vagga: auto-clean: " << e->message() << "\n";
    return 0;
}

int Builder::run_builder(const std::string& name, const std::string& version, BuildMode mode) {
    lower::BuildInput in = build_input(s_, st_, name, version);
    in.no_image_download = mode == BuildMode::Force || mode == BuildMode::NoImage;
    diag::Diagnostics diags;
    plan::BuildPlan plan = lower::lower_build(in, name, diags);
    if (!diags.empty())
        err() << diag::render_text(s_.frontend().sources, diags);
    if (diags.has_errors())
        return 121;
    // A failed or killed build's directory goes first (runtime.md §5.3 6.1).
    fs::path tmp = fs::path(in.root_dir).parent_path();
    if (auto e = runtime::remove_trees({tmp.string()}, runtime::Host::from_process())) {
        err() << "vagga: " << e->message() << "\n";
        return 121;
    }
    std::error_code ec;
    fs::create_directories(tmp, ec);
    fs::create_directories(in.cache_dir, ec);
    // The plan carries host paths byte for byte: refuse rather than alter one.
    std::string unsendable;
    auto plan_text = text::dump_json_exact(plan::to_json(plan), &unsendable);
    if (!plan_text) {
        err() << "vagga: cannot build container " << text::to_valid_utf8(name) << ": " << unsendable
              << "\n";
        return 121;
    }
    std::vector<std::string> argv{builder_path(), "--report-fd", "3", "-"};
    std::string report;
    auto status = runtime::run_with_input(argv, *plan_text, &report);
    if (!status.ok()) {
        err() << "vagga: " << status.error->message() << "\n";
        return 121;
    }
    if (!report.empty())
        report_failure(runtime::decode_error(report));
    if (int code = runtime::sys::exit_code_of(status.value)) {
        err() << fmt::format("Builder of container {} {}\n", name,
                             runtime::sys::describe_status(status.value));
        // Ctrl-C during a build: the shell expects 130, like a command's.
        return code > 128 ? code : 121;
    }
    return 0;
}

int Builder::commit(const std::string& name, const fs::path& tmp, const std::string& hash) {
    std::error_code ec;
    fs::path final_dir = st_.roots() / (name + "." + hash);
    fs::path old = st_.roots() / (".tmp." + name + ".old");
    auto host = runtime::Host::from_process();
    if (fs::exists(final_dir, ec)) {
        (void)runtime::remove_trees({old.string()}, host);
        fs::rename(final_dir, old, ec);
    }
    touch(tmp / "last_use");
    fs::rename(tmp, final_dir, ec);
    if (ec) {
        err() << fmt::format("Can't rename {} to {}: {}\n", tmp.string(), final_dir.string(),
                             ec.message());
        return 121;
    }
    if (auto e = runtime::remove_trees({old.string()}, host))
        err() << "vagga: can't remove the previous version: " << e->message() << "\n";
    return 0;
}

} // namespace

BuildMode build_mode_from_flag(const std::string& flag) {
    if (flag == "no-build")
        return BuildMode::NoBuild;
    if (flag == "no-version")
        return BuildMode::NoVersionCheck;
    if (flag == "no-image")
        return BuildMode::NoImage;
    return BuildMode::Normal;
}

int ensure_built(Session& s, const std::string& container, BuildMode mode) {
    std::string error;
    auto st = open_storage(s.project().root, s.project().settings, &error);
    if (!st) {
        s.ctx().err << error << "\n";
        return 121;
    }
    return Builder(s, std::move(*st), mode).build(container);
}

std::vector<const ir::Volume*> volumes_of_command(const ir::Config& config,
                                                  const std::string& name) {
    std::vector<const ir::Volume*> out;
    auto it = config.commands.find(ir::Str(name));
    if (it == config.commands.end())
        return out;
    auto add_run = [&](const ir::RunFields& r) {
        for (const auto& [path, vol] : r.volumes)
            out.push_back(&vol);
        auto ct = config.containers.find(r.container);
        if (ct != config.containers.end())
            for (const auto& [path, vol] : ct->second.volumes)
                out.push_back(&vol);
    };
    ir::visit(
        [&](const auto& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, ir::command::Supervise>) {
                for (const auto& [n, child] : c.children)
                    ir::visit([&](const auto& ch) { add_run(ch); }, child.value);
            } else if constexpr (std::is_same_v<T, ir::command::Command>) {
                add_run(c);
            }
            // A !CapsuleCommand runs in vagga's own capsule: no volumes.
        },
        it->second.value);
    return out;
}

std::vector<std::string> containers_of_command(const ir::Config& config, const std::string& name) {
    std::vector<std::string> out;
    auto add = [&](const std::string& c) {
        if (!c.empty() && std::find(out.begin(), out.end(), c) == out.end())
            out.push_back(c);
    };
    auto it = config.commands.find(ir::Str(name));
    if (it == config.commands.end())
        return out;
    ir::visit(
        [&](const auto& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, ir::command::Supervise>) {
                for (const auto& [n, child] : c.children)
                    ir::visit([&](const auto& ch) { add(ch.container.text); }, child.value);
            } else if constexpr (std::is_same_v<T, ir::command::Command>) {
                add(c.container.text);
            }
        },
        it->second.value);
    // The containers that volumes name, the command's own volumes included
    // (the isolation audit's P15: those were not built first).
    for (const ir::Volume* vol : volumes_of_command(config, name)) {
        if (const auto* v = ir::get_if<ir::volume::Container>(vol->value))
            add(v->value.text);
        if (const auto* v = ir::get_if<ir::volume::Snapshot>(vol->value))
            if (v->container)
                add(v->container->text);
    }
    return out;
}

int builtin_build(Session& s, const std::vector<std::string>& args) {
    BuildMode mode = BuildMode::Normal;
    std::string name;
    for (const auto& a : args) {
        if (a == "--force") {
            mode = BuildMode::Force;
        } else if (a == "--no-image-download") {
            if (mode != BuildMode::Force)
                mode = BuildMode::NoImage;
        } else if (!a.empty() && a[0] == '-') {
            s.ctx().err << "Usage:\n  vagga _build [OPTIONS] CONTAINER\n"
                        << fmt::format("vagga _build: Unknown option {}\n", a);
            return 122;
        } else if (name.empty()) {
            name = a;
        } else {
            s.ctx().err << "Usage:\n  vagga _build [OPTIONS] CONTAINER\n"
                        << fmt::format("vagga _build: Unexpected argument {}\n", a);
            return 122;
        }
    }
    if (name.empty()) {
        s.ctx().err << "Usage:\n  vagga _build [OPTIONS] CONTAINER\n"
                    << "vagga _build: Argument container_name is required\n";
        return 122;
    }
    return ensure_built(s, name, mode);
}

int print_build_plan(Session& s, const std::string& container) {
    const auto& p = s.project();
    if (!p.config.containers.count(ir::Str(container))) {
        s.ctx().err << fmt::format("Container \"{}\" not found\n", container);
        return 121;
    }
    std::string error;
    auto st = open_storage(p.root, p.settings, &error);
    if (!st) {
        s.ctx().err << error << "\n";
        return 121;
    }
    hash::Env env = hash::project_env(s.frontend(), p);
    hash::Result v = hash::version_hash(p.config, container, env);
    lower::BuildInput in =
        build_input(s, *st, container, v.kind == hash::Result::Kind::Ok ? v.hash : "");
    diag::Diagnostics diags;
    plan::BuildPlan plan = lower::lower_build(in, container, diags);
    if (!diags.empty())
        s.ctx().err << diag::render_text(s.frontend().sources, diags);
    if (diags.has_errors())
        return 121;
    s.ctx().out << text::dump_json(lower::located_build_plan_json(plan, s.frontend().sources), 2)
                << "\n";
    return 0;
}

} // namespace vagga::cli
