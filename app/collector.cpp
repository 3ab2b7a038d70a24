#include "app/collector.h"

#include "app/queries.h"

#include <fmt/format.h>

#include <set>

namespace vagga::app {

bool Collector::remove(const Path& p) {
    if (dry_) {
        ports_.console.out(fmt::format("Would remove \"{}\"\n", p.string()));
        return true;
    }
    Files& files = ports_.files;
    const Path lock_path = p.string() + ".lock";
    std::unique_ptr<Lock> lock;
    if (files.exists(lock_path)) {
        auto l = files.lock(lock_path, false);
        if (!l.ok()) {
            ports_.console.err(
                fmt::format("Skipping \"{}\": a build holds its lock\n", p.string()));
            return true;
        }
        lock = std::move(l.value);
    }
    if (auto e = files.remove_tree(p)) {
        ports_.console.err("Error cleaning up: " + e->message() + "\n");
        return false;
    }
    if (lock)
        (void)files.remove_file(lock_path);
    return true;
}

bool Collector::tmp() {
    bool ok = true;
    for (const auto& e : ports_.files.list(storage_.roots()))
        if (e.filename().string().rfind(".tmp", 0) == 0 && ports_.files.is_dir(e))
            ok = remove(e) && ok;
    return ok;
}

bool Collector::old() {
    // The versions `.vagga/NAME` links name (the component before `root`).
    std::set<std::string> keep;
    for (const auto& e : ports_.files.list(storage_.project / ".vagga")) {
        if (e.filename().string()[0] == '.' || ports_.files.kind(e) != Files::Kind::Symlink)
            continue;
        auto t = ports_.files.read_link(e);
        if (t && t->filename() == "root")
            keep.insert(t->parent_path().filename().string());
    }
    bool ok = true;
    for (const auto& e : ports_.files.list(storage_.roots())) {
        std::string n = e.filename().string();
        if (n[0] != '.' && ports_.files.is_dir(e) && !keep.count(n))
            ok = remove(e) && ok;
    }
    return ok;
}

bool Collector::unused() {
    std::set<std::string> keep;
    for (const auto& [name, c] : project_.config.containers) {
        hash::Result v = version_(name.text);
        if (v.kind == hash::Result::Kind::Ok)
            keep.insert(name.text + "." + v.short_hash());
    }
    bool ok = true;
    for (const auto& e : ports_.files.list(storage_.roots()))
        if (ports_.files.is_dir(e) && !keep.count(e.filename().string()))
            ok = remove(e) && ok;
    return ok;
}

// By the time of each version's last use: its `last_use` file, touched by
// every run and build.
bool Collector::unused_for(std::chrono::seconds age) {
    const WallTime limit = ports_.clock.now() - age;
    bool ok = true;
    for (const auto& e : ports_.files.list(storage_.roots())) {
        if (e.filename().string()[0] == '.' || !ports_.files.is_dir(e))
            continue;
        auto used = ports_.files.mtime(e / "last_use");
        if (!used || *used < limit)
            ok = remove(e) && ok;
    }
    return ok;
}

bool Collector::transient() {
    bool ok = true;
    for (const auto& e : ports_.files.list(storage_.transient())) {
        // NAME.HASH8.PID: the pid is after the LAST dot (the original took
        // the first and so removed the copies of running containers).
        std::string n = e.filename().string();
        auto dot = n.rfind('.');
        int pid = 0;
        try {
            pid = dot == std::string::npos ? 0 : std::stoi(n.substr(dot + 1));
        } catch (const std::exception&) {
            pid = 0;
        }
        if (pid > 0 && ports_.processes.alive(pid))
            continue;
        ok = remove(e) && ok;
    }
    return ok;
}

bool Collector::everything() {
    bool ok = true;
    const Path local = storage_.project / ".vagga";
    if (ports_.files.exists(storage_.base) && storage_.base != local)
        ok = remove(storage_.base);
    if (ports_.files.exists(local))
        ok = remove(local) && ok;
    return ok;
}

bool Collector::volumes(bool only_unused) {
    // In use: named by a container, or by a command or a supervise child
    // (runtime.md §1.8.4), which is where most projects mount them.
    std::set<std::string> used;
    auto note = [&used](const ir::Volume& vol) {
        if (const auto* v = ir::get_if<ir::volume::Persistent>(vol.value))
            used.insert(v->name.text);
    };
    if (only_unused) {
        const auto& config = project_.config;
        for (const auto& [name, c] : config.containers)
            for (const auto& [path, vol] : c.volumes)
                note(vol);
        for (const auto& [name, cmd] : config.commands)
            for (const ir::Volume* vol : volumes_of_command(config, name.text))
                note(*vol);
    }
    bool ok = true;
    for (const auto& e : ports_.files.list(storage_.volumes())) {
        std::string n = e.filename().string();
        // Only real folders: a symlink here was not made by vagga. The
        // volume an init-command is making (.tmp.NAME) is in use too.
        bool in_use = used.count(n) || (n.rfind(".tmp.", 0) == 0 && used.count(n.substr(5)));
        if (ports_.files.kind(e) == Files::Kind::Dir && !(only_unused && in_use))
            ok = remove(e) && ok;
    }
    return ok;
}

bool collect_global(const project::Project& project, Ports ports,
                    const std::optional<std::chrono::seconds>& at_least, bool dry_run) {
    const auto& settings = project.settings;
    const Path storage(settings.storage_dir.value_or(""));
    const Path cache = settings.cache_dir ? Path(*settings.cache_dir) : Path();
    std::vector<Path> dirs{storage};
    if (!at_least && !cache.empty())
        dirs.push_back(cache);
    bool ok = true;
    for (const auto& dir : dirs)
        for (const auto& e : ports.files.list(dir)) {
            if (e == cache)
                continue;
            Storage st;
            st.project = project.root;
            st.base = e;
            // Versions are not asked: neither action needs them.
            Collector c(project, st, ports, nullptr, dry_run);
            ok = (at_least ? c.unused_for(*at_least) : c.remove_all_of(e)) && ok;
        }
    return ok;
}

} // namespace vagga::app
