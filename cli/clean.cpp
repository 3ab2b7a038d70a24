// `vagga _clean ACTION... [-n|--dry-run]` (runtime.md §1.8.4).
#include "cli/clean.h"

#include "app/collector.h"
#include "cli/builtin_docs.h"
#include "compat/duration.h"

#include <fmt/format.h>

#include <chrono>
#include <optional>

namespace vagga::cli {

namespace {

// `_clean`'s own exit codes (runtime.md §1.8.4).
namespace clean_exit {
constexpr int usage = 1;
constexpr int unsupported = 2;
constexpr int failed = 3;
} // namespace clean_exit

} // namespace

// --global (runtime.md §1.8.4): only `--unused --at-least` and
// `--everything` have a meaning there; the original panicked on the rest,
// this says so instead.
int clean_global(Session& s, const std::vector<std::string>& actions,
                 const std::optional<std::chrono::seconds>& at_least, bool dry) {
    if (!s.project().settings.storage_dir) {
        s.ctx().err << "vagga _clean: --global needs the storage-dir setting\n";
        return clean_exit::unsupported;
    }
    for (const auto& a : actions)
        if (a != "--everything" && !(a == "--unused" && at_least)) {
            s.ctx().err << fmt::format("vagga _clean: {} can't be used with --global{}\n", a,
                                       a == "--unused" ? " without --at-least" : "");
            return clean_exit::unsupported;
        }
    bool ok = true;
    for (const auto& a : actions)
        ok = app::collect_global(s.project(), s.ports(),
                                 a == "--everything" ? std::nullopt : at_least, dry) &&
             ok;
    return ok ? exit_code::ok : clean_exit::failed;
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
            at_least = compat::parse_duration(v);
            if (!at_least) {
                s.ctx().err << usage_text(*find_builtin_doc("_clean"))
                            << fmt::format("vagga _clean: bad duration \"{}\" for --at-least\n", v);
                return clean_exit::usage;
            }
        } else if (a == "-n" || a == "--dry-run") {
            dry = true;
        } else if (a == "--tmp" || a == "--tmp-folders" || a == "--old" ||
                   a == "--old-containers" || a == "--unused" || a == "--transient" ||
                   a == "--everything" || a == "--volumes" || a == "--unused-volumes") {
            actions.push_back(a);
        } else if (a == "--global") {
            global = true;
        } else {
            s.ctx().err << usage_text(*find_builtin_doc("_clean"))
                        << fmt::format("vagga _clean: Unknown option {}\n", a);
            return clean_exit::usage;
        }
    }
    if (actions.empty()) {
        s.ctx().err << usage_text(*find_builtin_doc("_clean"))
                    << "vagga _clean: at least one action is required\n";
        return clean_exit::usage;
    }
    if (global)
        return clean_global(s, actions, at_least, dry);
    auto st = s.storage();
    if (!st)
        return clean_exit::failed;
    auto& files = s.ports().files;
    if (!files.exists(st->base) && !files.exists(s.project().root / ".vagga")) {
        s.ctx().err << "No vagga directory exists\n";
        return 0;
    }
    app::Collector c(s.project(), std::move(*st), s.ports(), s.versioner(), dry);
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
    return ok ? exit_code::ok : clean_exit::failed;
}

} // namespace vagga::cli
