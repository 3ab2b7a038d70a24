// `vagga _clean ACTION... [-n|--dry-run]` (runtime.md §1.8.4).
#include "cli/clean.h"

#include "cli/build.h"
#include "cli/storage.h"
#include "compiler/hash/version_hash.h"
#include "runtime/remove.h"
#include "runtime/spawn.h"

#include <fmt/format.h>
#include <signal.h>

#include <cctype>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <system_error>

namespace vagga::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kUsage =
    "Usage:\n  vagga _clean [OPTIONS]\n\nOptional arguments:\n"
    "  --tmp, --tmp-folders   Remove failed and in-progress builds (.roots/.tmp*)\n"
    "  --old, --old-containers\n"
    "                         Remove versions no .vagga/NAME link points to\n"
    "  --unused               Remove versions that are not the current version of a container\n"
    "  --at-least DURATION    With --unused: instead, remove versions unused for DURATION\n"
    "                         (e.g. 10days, 12h, 1w 2d)\n"
    "  --transient            Remove copies of transient containers whose process is gone\n"
    "  --everything           Remove the whole storage (.vagga)\n"
    "  --volumes              Remove every !Persistent volume\n"
    "  --unused-volumes       Remove !Persistent volumes no container or command mentions\n"
    "  --global               With --unused --at-least: every project in storage-dir;\n"
    "                         with --everything: all of storage-dir and cache-dir\n"
    "  -n, --dry-run          Only print what would be removed\n";

class Cleaner {
  public:
    Cleaner(Session& s, Storage st, bool dry) : s_(s), st_(std::move(st)), dry_(dry) {}

    bool tmp();
    bool old();
    bool unused();
    bool unused_for(std::chrono::seconds age);
    bool transient();
    bool everything();
    bool remove_all_of(const fs::path& p) { return remove(p); }
    bool volumes(bool only_unused);

  private:
    // Removes `p` unless its `<p>.lock` is held by a build; prints instead
    // with --dry-run.
    bool remove(const fs::path& p);
    std::vector<fs::path> entries(const fs::path& dir) {
        std::vector<fs::path> out;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(dir, ec))
            out.push_back(e.path());
        std::sort(out.begin(), out.end());
        return out;
    }

    Session& s_;
    Storage st_;
    bool dry_;
};

bool Cleaner::remove(const fs::path& p) {
    if (dry_) {
        s_.ctx().out << fmt::format("Would remove \"{}\"\n", p.string());
        return true;
    }
    std::error_code ec;
    std::string lock_path = p.string() + ".lock";
    runtime::Fd lock;
    if (fs::exists(lock_path, ec)) {
        auto l = runtime::take_lock(lock_path, false);
        if (!l.ok()) {
            s_.ctx().err << fmt::format("Skipping \"{}\": a build holds its lock\n", p.string());
            return true;
        }
        lock = std::move(l.value);
    }
    auto host = runtime::Host::from_process();
    if (auto e = runtime::remove_trees({p.string()}, host)) {
        s_.ctx().err << "Error cleaning up: " << e->message() << "\n";
        return false;
    }
    if (lock.valid())
        fs::remove(lock_path, ec);
    return true;
}

bool Cleaner::tmp() {
    bool ok = true;
    for (const auto& e : entries(st_.roots()))
        if (e.filename().string().rfind(".tmp", 0) == 0 && fs::is_directory(e))
            ok = remove(e) && ok;
    return ok;
}

bool Cleaner::old() {
    // The versions `.vagga/NAME` links name (the component before `root`).
    std::set<std::string> keep;
    for (const auto& e : entries(st_.project / ".vagga")) {
        std::error_code ec;
        if (e.filename().string()[0] == '.' || !fs::is_symlink(e, ec))
            continue;
        fs::path t = fs::read_symlink(e, ec);
        if (t.filename() == "root")
            keep.insert(t.parent_path().filename().string());
    }
    bool ok = true;
    for (const auto& e : entries(st_.roots())) {
        std::string n = e.filename().string();
        if (n[0] != '.' && fs::is_directory(e) && !keep.count(n))
            ok = remove(e) && ok;
    }
    return ok;
}

bool Cleaner::unused() {
    std::set<std::string> keep;
    const auto& p = s_.project();
    for (const auto& [name, c] : p.config.containers) {
        hash::Env env = hash::project_env(s_.frontend(), p);
        hash::Result v = hash::version_hash(p.config, name.text, env);
        if (v.kind == hash::Result::Kind::Ok)
            keep.insert(name.text + "." + v.short_hash());
    }
    bool ok = true;
    for (const auto& e : entries(st_.roots()))
        if (fs::is_directory(e) && !keep.count(e.filename().string()))
            ok = remove(e) && ok;
    return ok;
}

// --unused --at-least: by the time of each version's last use (its
// `last_use` file, touched by every run and build).
bool Cleaner::unused_for(std::chrono::seconds age) {
    auto limit = fs::file_time_type::clock::now() - age;
    bool ok = true;
    for (const auto& e : entries(st_.roots())) {
        std::error_code ec;
        if (e.filename().string()[0] == '.' || !fs::is_directory(e, ec))
            continue;
        auto used = fs::last_write_time(e / "last_use", ec);
        if (ec || used < limit)
            ok = remove(e) && ok;
    }
    return ok;
}

bool Cleaner::transient() {
    bool ok = true;
    for (const auto& e : entries(st_.base / ".transient")) {
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
        if (pid > 0 && ::kill(pid, 0) == 0)
            continue;
        ok = remove(e) && ok;
    }
    return ok;
}

bool Cleaner::everything() {
    std::error_code ec;
    bool ok = true;
    fs::path local = st_.project / ".vagga";
    if (fs::exists(st_.base, ec) && st_.base != local)
        ok = remove(st_.base);
    if (fs::exists(local, ec))
        ok = remove(local) && ok;
    return ok;
}

bool Cleaner::volumes(bool only_unused) {
    // In use: named by a container, or by a command or a supervise child
    // (runtime.md §1.8.4), which is where most projects mount them.
    std::set<std::string> used;
    auto note = [&used](const ir::Volume& vol) {
        if (const auto* v = ir::get_if<ir::volume::Persistent>(vol.value))
            used.insert(v->name.text);
    };
    if (only_unused) {
        const auto& config = s_.project().config;
        for (const auto& [name, c] : config.containers)
            for (const auto& [path, vol] : c.volumes)
                note(vol);
        for (const auto& [name, cmd] : config.commands)
            for (const ir::Volume* vol : volumes_of_command(config, name.text))
                note(*vol);
    }
    bool ok = true;
    for (const auto& e : entries(st_.base / ".volumes")) {
        std::string n = e.filename().string();
        // Only real folders: a symlink here was not made by vagga. The
        // volume an init-command is making (.tmp.NAME) is in use too.
        std::error_code ec;
        bool in_use = used.count(n) || (n.rfind(".tmp.", 0) == 0 && used.count(n.substr(5)));
        if (fs::is_directory(fs::symlink_status(e, ec)) && !(only_unused && in_use))
            ok = remove(e) && ok;
    }
    return ok;
}

} // namespace

std::optional<std::chrono::seconds> parse_duration(const std::string& text) {
    // humantime's units, as the original accepted them.
    static const std::map<std::string, long> units = {
        {"s", 1},         {"sec", 1},     {"secs", 1},     {"second", 1},  {"seconds", 1},
        {"m", 60},        {"min", 60},    {"mins", 60},    {"minute", 60}, {"minutes", 60},
        {"h", 3600},      {"hr", 3600},   {"hrs", 3600},   {"hour", 3600}, {"hours", 3600},
        {"d", 86400},     {"day", 86400}, {"days", 86400}, {"w", 604800},  {"week", 604800},
        {"weeks", 604800}};
    long total = 0;
    size_t i = 0;
    bool any = false;
    while (i < text.size()) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        size_t digits = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
            ++i;
        if (digits == i || i - digits > 9)
            return std::nullopt;
        long n = std::stol(text.substr(digits, i - digits));
        size_t letters = i;
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])))
            ++i;
        auto u = units.find(text.substr(letters, i - letters));
        if (u == units.end())
            return std::nullopt;
        total += n * u->second;
        any = true;
    }
    if (!any)
        return std::nullopt;
    return std::chrono::seconds(total);
}

// --global: every project's storage under `storage-dir` (runtime.md
// §1.8.4). Only `--unused --at-least` and `--everything` have a meaning
// there; the original panicked on the rest, this says so instead.
int clean_global(Session& s, const std::vector<std::string>& actions,
                 const std::optional<std::chrono::seconds>& at_least, bool dry) {
    const auto& settings = s.project().settings;
    if (!settings.storage_dir) {
        s.ctx().err << "vagga _clean: --global needs the storage-dir setting\n";
        return 2;
    }
    for (const auto& a : actions)
        if (a != "--everything" && !(a == "--unused" && at_least)) {
            s.ctx().err << fmt::format("vagga _clean: {} can't be used with --global{}\n", a,
                                       a == "--unused" ? " without --at-least" : "");
            return 2;
        }
    const fs::path storage(*settings.storage_dir);
    const fs::path cache = settings.cache_dir ? fs::path(*settings.cache_dir) : fs::path();
    bool ok = true;
    for (const auto& a : actions) {
        std::vector<fs::path> dirs{storage};
        if (a == "--everything" && !cache.empty())
            dirs.push_back(cache);
        for (const auto& dir : dirs) {
            std::error_code ec;
            std::vector<fs::path> entries;
            for (const auto& e : fs::directory_iterator(dir, ec))
                if (e.path() != cache)
                    entries.push_back(e.path());
            std::sort(entries.begin(), entries.end());
            for (const auto& e : entries) {
                Storage st;
                st.project = s.project().root;
                st.base = e;
                Cleaner c(s, st, dry);
                ok = (a == "--everything" ? c.remove_all_of(e) : c.unused_for(*at_least)) && ok;
            }
        }
    }
    return ok ? 0 : 3;
}

int builtin_clean(Session& s, const std::vector<std::string>& args) {
    std::vector<std::string> actions;
    bool dry = false;
    std::optional<std::chrono::seconds> at_least;
    bool global = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--at-least" || a.rfind("--at-least=", 0) == 0) {
            std::string v = a == "--at-least" ? (i + 1 < args.size() ? args[++i] : "")
                                              : a.substr(sizeof("--at-least=") - 1);
            at_least = parse_duration(v);
            if (!at_least) {
                s.ctx().err << kUsage
                            << fmt::format("vagga _clean: bad duration \"{}\" for --at-least\n", v);
                return 1;
            }
        } else if (a == "-n" || a == "--dry-run") {
            dry = true;
        } else if (a == "-h" || a == "--help") {
            s.ctx().out << kUsage;
            return 0;
        } else if (a == "--tmp" || a == "--tmp-folders" || a == "--old" ||
                   a == "--old-containers" || a == "--unused" || a == "--transient" ||
                   a == "--everything" || a == "--volumes" || a == "--unused-volumes") {
            actions.push_back(a);
        } else if (a == "--global") {
            global = true;
        } else {
            s.ctx().err << kUsage << fmt::format("vagga _clean: Unknown option {}\n", a);
            return 1;
        }
    }
    if (actions.empty()) {
        s.ctx().err << kUsage << "vagga _clean: at least one action is required\n";
        return 1;
    }
    if (global)
        return clean_global(s, actions, at_least, dry);
    std::string error;
    auto st = open_storage(s.project().root, s.project().settings, &error);
    if (!st) {
        s.ctx().err << error << "\n";
        return 3;
    }
    std::error_code ec;
    if (!fs::exists(st->base, ec) && !fs::exists(s.project().root / ".vagga", ec)) {
        s.ctx().err << "No vagga directory exists\n";
        return 0;
    }
    Cleaner c(s, std::move(*st), dry);
    bool ok = true;
    for (const auto& a : actions) {
        if (a == "--tmp" || a == "--tmp-folders")
            ok = c.tmp() && ok;
        else if (a == "--old" || a == "--old-containers")
            ok = c.old() && ok;
        else if (a == "--unused")
            ok = (at_least ? c.unused_for(*at_least) : c.unused()) && ok;
        else if (a == "--transient")
            ok = c.transient() && ok;
        else if (a == "--everything")
            ok = c.everything() && ok;
        else
            ok = c.volumes(a == "--unused-volumes") && ok;
    }
    return ok ? 0 : 3;
}

} // namespace vagga::cli
