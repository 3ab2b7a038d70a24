#include "compiler/project/settings.h"

#include "compiler/yaml/loader.h"
#include "decode_gen.h"

#include <algorithm>
#include <fmt/format.h>

namespace vagga::project {

namespace fs = std::filesystem;

namespace {

template <class T> void set(T& into, const std::optional<T>& v) {
    if (v)
        into = *v;
}

void set(std::string& into, const ir::Opt<ir::Str>& v) {
    if (v)
        into = v->text;
}

void set(std::optional<std::string>& into, const ir::Opt<ir::Str>& v) {
    if (v)
        into = v->text;
}

std::string expand_tilde(const std::string& p, const std::optional<fs::path>& home,
                         diag::Diagnostics& diags, source::Span span) {
    if (p != "~" && p.rfind("~/", 0) != 0)
        return p;
    if (!home) {
        diags.error(diag::Code::SettingsError, span,
                    fmt::format("can't expand tilde in `{}`: no HOME found", p));
        return p;
    }
    return home->string() + p.substr(1);
}

// Keys common to the user files and site-settings.
void apply_common(Settings& s, const ir::GlobalCommon& g, bool site,
                  const std::optional<fs::path>& home, diag::Diagnostics& diags) {
    // site-settings take storage-dir and cache-dir without tilde expansion (a quirk we keep).
    if (g.storage_dir)
        s.storage_dir = site ? g.storage_dir->text
                             : expand_tilde(g.storage_dir->text, home, diags, g.storage_dir->span);
    if (g.cache_dir) {
        s.cache_dir = site ? g.cache_dir->text
                           : expand_tilde(g.cache_dir->text, home, diags, g.cache_dir->span);
        s.shared_cache = true;
    }
    set(s.storage_subdir_from_env_var, g.storage_subdir_from_env_var);
    set(s.version_check, g.version_check);
    set(s.ubuntu_mirror, g.ubuntu_mirror);
    set(s.ubuntu_skip_locking, g.ubuntu_skip_locking);
    set(s.versioned_build_dir, g.versioned_build_dir);
    set(s.alpine_mirror, g.alpine_mirror);
    for (const auto& [k, v] : g.external_volumes)
        s.external_volumes[k.text] = v.text;
    set(s.push_image_script, g.push_image_script);
    set(s.build_lock_wait, g.build_lock_wait);
    set(s.auto_apply_sysctl, g.auto_apply_sysctl);
    set(s.index_all_images, g.index_all_images);
    set(s.hard_link_identical_files, g.hard_link_identical_files);
    set(s.hard_link_between_projects, g.hard_link_between_projects);
    set(s.run_symlinks_as_commands, g.run_symlinks_as_commands);
    set(s.disable_auto_clean, g.disable_auto_clean);
    for (const auto& [k, v] : g.environ)
        s.environ[k.text] = v.text;
    // Accepted but ignored inside site-settings, as in the original.
    if (!site) {
        set(s.proxy_env_vars, g.proxy_env_vars);
        for (const auto& p : g.propagate_environ)
            if (std::find(s.propagate_environ.begin(), s.propagate_environ.end(), p.text) ==
                s.propagate_environ.end())
                s.propagate_environ.push_back(p.text);
    }
}

void apply_global(Settings& s, const ir::GlobalSettings& g, const fs::path& root,
                  const std::optional<fs::path>& home, diag::Diagnostics& diags) {
    apply_common(s, g, false, home, diags);
    for (const auto& [path, site] : g.site_settings)
        // Compared per component, so a trailing `/` does not matter.
        if (fs::path(path.text).lexically_normal() == root.lexically_normal() ||
            (fs::path(path.text) / "").lexically_normal() == (root / "").lexically_normal())
            apply_common(s, site, true, home, diags);
}

void apply_local(Settings& s, const ir::LocalSettings& l) {
    set(s.version_check, l.version_check);
    set(s.shared_cache, l.shared_cache);
    set(s.ubuntu_mirror, l.ubuntu_mirror);
    set(s.ubuntu_skip_locking, l.ubuntu_skip_locking);
    set(s.alpine_mirror, l.alpine_mirror);
    set(s.run_symlinks_as_commands, l.run_symlinks_as_commands);
    // versioned-build-dir and disable-auto-clean: accepted, never applied (original).
    for (const auto& [k, v] : l.environ)
        s.environ[k.text] = v.text;
}

// Settings this vagga reads but does not act on: said where they are set to
// true, rather than ignored silently (image indexing and hard-linking of
// identical files between images are not implemented).
void warn_unsupported(const yaml::Node& map, diag::Diagnostics& diags) {
    static const char* const kNotDone[] = {"index-all-images", "hard-link-identical-files",
                                           "hard-link-between-projects"};
    for (const auto& e : map.entries) {
        std::string key = e.key;
        std::replace(key.begin(), key.end(), '_', '-');
        if (key == "site-settings" && e.value->is_map()) {
            for (const auto& site : e.value->entries)
                if (site.value->is_map())
                    warn_unsupported(*site.value, diags);
            continue;
        }
        bool on = e.value->is_scalar() && e.value->text == "true";
        for (const char* name : kNotDone)
            if (on && key == name)
                diags.warning(diag::Code::UnsupportedSetting, e.key_span,
                              fmt::format("`{}` is not supported yet: images are not indexed "
                                          "and identical files are not hard-linked",
                                          name));
    }
}

// Settings errors are reported under their own code, keeping the location.
void relabel(diag::Diagnostics& from, diag::Diagnostics& to) {
    for (auto d : from.list()) {
        if (d.severity == diag::Severity::Error)
            d.message = fmt::format("settings: {} [{}]", d.message, diag::code_name(d.code));
        if (d.severity == diag::Severity::Error)
            d.code = diag::Code::SettingsError;
        to.add(std::move(d));
    }
}

} // namespace

Settings read_settings(SettingsContext ctx, const fs::path& root, const SettingsSources& src) {
    Settings s;
    yaml::LoadOptions opts;
    opts.allow_includes = false;
    auto global_node = [&](yaml::NodePtr node) {
        diag::Diagnostics local;
        decode::Decoder d(local);
        ir::GlobalSettings g;
        decode::decode(d, *node, g);
        if (!local.has_errors()) {
            apply_global(s, g, root, src.home, local);
            warn_unsupported(*node, local);
        }
        relabel(local, ctx.diags);
    };
    if (src.home) {
        for (const char* rel :
             {".config/vagga/settings.yaml", ".vagga/settings.yaml", ".vagga.yaml"}) {
            fs::path p = *src.home / rel;
            if (!ctx.fs.exists(p))
                continue;
            diag::Diagnostics local;
            yaml::Loader yl(ctx.sources, ctx.fs, local, opts);
            auto node = yl.load_file(p);
            relabel(local, ctx.diags);
            if (!local.has_errors())
                global_node(node);
        }
    }
    if (src.env) {
        uint32_t id = ctx.sources.add("<env:VAGGA_SETTINGS>", *src.env);
        diag::Diagnostics local;
        yaml::Loader yl(ctx.sources, ctx.fs, local, opts);
        auto node = yl.load_source(id);
        relabel(local, ctx.diags);
        if (!local.has_errors())
            global_node(node);
    }
    for (const char* rel : {".vagga.settings.yaml", ".vagga/settings.yaml"}) {
        fs::path p = root / rel;
        if (!ctx.fs.exists(p))
            continue;
        diag::Diagnostics local;
        yaml::Loader yl(ctx.sources, ctx.fs, local, opts);
        auto node = yl.load_file(p);
        if (!local.has_errors()) {
            decode::Decoder d(local);
            ir::LocalSettings l;
            decode::decode(d, *node, l);
            if (!local.has_errors())
                apply_local(s, l);
        }
        relabel(local, ctx.diags);
    }
    return s;
}

} // namespace vagga::project
