#include "compiler/project/project.h"

#include "compiler/decode/decode.h"
#include "compiler/project/version.h"
#include "compiler/yaml/loader.h"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace vagga::project {

namespace fs = std::filesystem;

std::string_view compat_version() {
    return VAGGA_COMPAT_VERSION;
}

std::optional<Discovery> discover(const fs::path& start, source::FileSystem& files) {
    fs::path dir = start;
    for (;;) {
        Discovery d;
        for (const char* typo : {".vagga/vagga.yml", "vagga.yml"})
            if (files.exists(dir / typo))
                d.warnings.push_back(
                    fmt::format("found `{}`: probably a typo, the file must be called `vagga.yaml`",
                                (dir / typo).string()));
        // The hidden file wins within one folder (DOC≠CODE in the original).
        if (files.exists(dir / ".vagga/vagga.yaml")) {
            d.root = dir;
            d.main_file = dir / ".vagga/vagga.yaml";
            return d;
        }
        if (files.exists(dir / "vagga.yaml")) {
            d.root = dir;
            d.main_file = dir / "vagga.yaml";
            return d;
        }
        for (const char* local : {"vagga.local.yaml", ".vagga.local.yaml", ".vagga/local.yaml"}) {
            if (files.exists(dir / local)) {
                d.root = dir;
                return d;
            }
        }
        if (!dir.has_parent_path() || dir.parent_path() == dir)
            return std::nullopt;
        dir = dir.parent_path();
    }
}

namespace {

// The include rule: every component a normal name (no `/x`, `..` or `./`).
std::optional<fs::path> join_relative(const fs::path& base_file, const std::string& rel) {
    if (rel.empty() || rel[0] == '/' || rel.rfind("./", 0) == 0)
        return std::nullopt;
    fs::path out = base_file.parent_path();
    for (const auto& part : fs::path(rel)) {
        std::string p = part.string();
        if (p == "..")
            return std::nullopt;
        if (p.empty() || p == ".")
            continue;
        out /= part;
    }
    return out;
}

class Loader {
  public:
    explicit Loader(Frontend& fe) : fe_(fe) {}

    // Reads and decodes one file; the minimum-vagga error goes first among
    // this file's diagnostics, so users of an old vagga see "upgrade" first.
    ir::Config read_file(const fs::path& file, diag::Diagnostics& diags, source::Span from,
                         bool* version_failed) {
        size_t first = diags.size();
        // Containers and commands are decoded as the parser completes each
        // one, so a large config's tree is never whole in memory.
        decode::StreamDecoder stream(diags);
        yaml::NodePtr root;
        {
            yaml::Loader loader(fe_.sources, *fe_.fs, diags);
            loader.set_entry_sink(stream.sink());
            root = loader.load_file(file, from);
        }
        ir::Config config = stream.finish(std::move(root));
        if (config.minimum_vagga &&
            compare_versions(config.minimum_vagga->text, compat_version()) > 0) {
            diag::Diagnostic d;
            d.code = diag::Code::MinimumVersion;
            d.span = config.minimum_vagga->span;
            d.message = fmt::format("this config needs vagga {} or newer; this is vagga {}",
                                    config.minimum_vagga->text, compat_version());
            d.label = "please upgrade vagga";
            auto& list = diags.list();
            list.insert(list.begin() + static_cast<long>(first), std::move(d));
            if (version_failed)
                *version_failed = true;
        }
        return config;
    }

    // config.md §3.3: later entries win, each followed by its own nested
    // mixins; an entry that is already defined is never replaced.
    void read_mixins(ir::Config& into, const fs::path& base, const std::vector<ir::Str>& list) {
        for (auto it = list.rbegin(); it != list.rend(); ++it) {
            const ir::Str& entry = *it;
            auto path = join_relative(base, entry.text);
            if (!path) {
                fe_.diags.warning(diag::Code::MixinSkipped, entry.span,
                                  fmt::format("mixin `{}` skipped: only relative paths without "
                                              "`..` or a leading `./` are allowed",
                                              entry.text));
                continue;
            }
            read_mixin(into, *path, entry);
        }
    }

    // `entry` is the mixin as written, which messages repeat: the file's full
    // path is in the location of the notes anyway.
    void read_mixin(ir::Config& into, const fs::path& path, const ir::Str& entry) {
        source::Span from = entry.span;
        fs::path key = path.lexically_normal();
        if (std::find(stack_.begin(), stack_.end(), key) != stack_.end()) {
            auto& d = fe_.diags.error(diag::Code::MixinCycle, from,
                                      fmt::format("mixin `{}` includes itself", entry.text));
            for (const auto& p : stack_)
                d.notes.push_back({{}, fmt::format("through `{}`", p.string())});
            return;
        }
        diag::Diagnostics local;
        bool version_failed = false;
        ir::Config m = read_file(path, local, from, &version_failed);
        if (local.has_errors()) {
            auto& w = fe_.diags.warning(
                diag::Code::MixinSkipped, from,
                fmt::format("mixin `{}` skipped because of errors, as the original did",
                            entry.text));
            for (const auto& e : local.list()) {
                if (e.severity != diag::Severity::Error)
                    continue;
                // A too-new mixin shows only its version error (config.md §3.2).
                if (version_failed && e.code != diag::Code::MinimumVersion)
                    continue;
                w.notes.push_back({e.span, e.message});
                if (w.notes.size() >= 5)
                    break;
            }
            return;
        }
        for (auto& [name, c] : m.containers)
            into.containers.try_emplace(name, std::move(c));
        for (auto& [name, c] : m.commands)
            into.commands.try_emplace(name, std::move(c));
        stack_.push_back(key);
        read_mixins(into, path, m.mixins);
        stack_.pop_back();
    }

    void push(const fs::path& p) { stack_.push_back(p.lexically_normal()); }

  private:
    Frontend& fe_;
    std::vector<fs::path> stack_;
};

void apply_defaults(ir::Config& config) {
    auto fill = [](std::vector<ir::IdRange>& ranges) {
        if (ranges.empty())
            ranges.push_back({0, 65535, {}});
    };
    for (auto& [name, c] : config.containers) {
        fill(c.uids);
        fill(c.gids);
    }
    for (auto& [name, cmd] : config.commands) {
        if (auto* capsule = ir::get_if<ir::command::CapsuleCommand>(cmd.value)) {
            fill(capsule->uids);
            fill(capsule->gids);
        }
    }
}

ir::Config read_config(Frontend& fe, const fs::path& root, const fs::path& main_file) {
    Loader loader(fe);
    ir::Config config;
    if (!main_file.empty()) {
        config = loader.read_file(main_file, fe.diags, {}, nullptr);
        loader.push(main_file);
    }
    fs::path base = main_file.empty() ? root / "vagga.yaml" : main_file;
    std::vector<ir::Str> local;
    for (const char* name : {"vagga.local.yaml", ".vagga.local.yaml", ".vagga/local.yaml"})
        if (fe.fs->exists(root / name))
            local.emplace_back(name);
    // Local mixins resolve against root/vagga.yaml even for .vagga/vagga.yaml.
    loader.read_mixins(config, root / "vagga.yaml", local);
    auto mixins = std::move(config.mixins);
    config.mixins.clear();
    loader.read_mixins(config, base, mixins);
    apply_defaults(config);
    return config;
}

} // namespace

Project load(Frontend& fe, const Discovery& where, const LoadOptions& opts) {
    Project p;
    p.root = where.root;
    p.main_file = where.main_file;
    p.config = read_config(fe, where.root, where.main_file);
    if (opts.read_settings) {
        SettingsContext ctx{fe.sources, *fe.fs, fe.diags};
        p.settings = read_settings(ctx, where.root, {opts.home, opts.settings_env});
    }
    return p;
}

ir::Config load_config_file(Frontend& fe, const fs::path& dir, const fs::path& file) {
    return read_config(fe, dir, file);
}

} // namespace vagga::project
