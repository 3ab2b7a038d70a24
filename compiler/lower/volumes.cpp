#include "compiler/lower/volumes.h"

#include <fmt/format.h>
#include <variant>

namespace vagga::lower {

namespace {

template <class... F> struct Overload : F... { using F::operator()...; };
template <class... F> Overload(F...) -> Overload<F...>;

std::string normal(const std::string& p) {
    std::string out = p;
    while (out.size() > 1 && out.back() == '/')
        out.pop_back();
    return out;
}

// A bind source as vagga's own namespace sees it: /work is the project,
// /volumes/<name> an external volume from the settings.
std::optional<std::string> bind_source(VolumeContext& ctx, const ir::Str& src) {
    const std::string& p = src.text;
    if (p == "/work" || p.rfind("/work/", 0) == 0)
        return ctx.in.project_root + p.substr(5);
    // The root of the container being started, as the original mounted it.
    if (p == "/vagga/root" || p.rfind("/vagga/root/", 0) == 0)
        return ctx.container_root + p.substr(11);
    if (p.rfind("/volumes/", 0) == 0) {
        std::string rest = p.substr(9);
        auto slash = rest.find('/');
        std::string name = rest.substr(0, slash);
        std::string tail = slash == std::string::npos ? "" : rest.substr(slash);
        if (ctx.in.settings) {
            auto it = ctx.in.settings->external_volumes.find(name);
            if (it != ctx.in.settings->external_volumes.end())
                return it->second + tail;
        }
        ctx.diags.error(diag::Code::BadValue, src.span,
                        fmt::format("external volume `{}` is not defined in the settings' "
                                    "`external-volumes`",
                                    name));
        return std::nullopt;
    }
    ctx.diags.error(diag::Code::BadPath, src.span,
                    fmt::format("bind source `{}` must be under /work, /volumes/<name> or "
                                "/vagga/root",
                                p));
    return std::nullopt;
}

std::optional<std::string> container_root(VolumeContext& ctx, const ir::Str& name) {
    auto root = ctx.in.container_root ? ctx.in.container_root(name.text) : std::nullopt;
    if (!root)
        ctx.diags.error(diag::Code::UnknownContainer, name.span,
                        fmt::format("container `{}` is not built", name.text));
    return root;
}

} // namespace

std::map<std::string, const ir::Volume*>
merge_volumes(const ir::FlatMap<ir::Str, ir::Volume>& c,
              const ir::FlatMap<ir::Str, ir::Volume>* cmd) {
    std::map<std::string, const ir::Volume*> out;
    for (const auto& [path, v] : c)
        out[normal(path.text)] = &v;
    if (cmd)
        for (const auto& [path, v] : *cmd)
            out[normal(path.text)] = &v;
    return out;
}

void add_default_tmpfs(plan::LaunchPlan& plan,
                       const std::map<std::string, const ir::Volume*>& volumes) {
    if (!volumes.count("/tmp"))
        plan.add(plan::Tmpfs{"/tmp", 100ull << 20, 01777, false, {}, {}, {}});
    if (!volumes.count("/run"))
        plan.add(plan::Tmpfs{"/run", 100ull << 20, 0755, false, {{"shm", 01777}}, {}, {}});
}

void add_volume(VolumeContext& ctx, plan::LaunchPlan& plan, const std::string& path,
                const ir::Volume& v) {
    ir::visit(
        Overload{
            [&](const ir::volume::Tmpfs& t) {
                plan::Tmpfs op{path, t.size, t.mode, false, {}, {}, t.span};
                for (const auto& [dir, sub] : t.subdirs)
                    op.subdirs.push_back({dir.text, sub.mode});
                for (const auto& [file, text] : t.files)
                    op.files.push_back(
                        {file.text, text ? std::optional<std::string>(text->text) : std::nullopt,
                         0644});
                plan.add(std::move(op));
            },
            [&](const ir::volume::VaggaBin& b) {
                plan.add(plan::Bind{ctx.in.vagga_bin_dir, path, true, true, b.span});
            },
            [&](const ir::volume::BindRW& b) {
                if (auto src = bind_source(ctx, b.value))
                    plan.add(plan::Bind{*src, path, false, true, b.span});
            },
            [&](const ir::volume::BindRO& b) {
                if (auto src = bind_source(ctx, b.value))
                    plan.add(plan::Bind{*src, path, true, true, b.span});
            },
            [&](const ir::volume::CacheDir& c) {
                if (c.value.text.empty() || c.value.text[0] == '/') {
                    ctx.diags.error(
                        diag::Code::BadPath, c.value.span,
                        fmt::format("mount !CacheDir \"{}\": path must {}", c.value.text,
                                    c.value.text.empty() ? "not be empty" : "not be absolute"));
                    return;
                }
                std::string dir = ctx.in.cache_dir + "/" + c.value.text;
                plan.add(plan::MakeDir{plan::PathBase::Host, dir, 0755, true, {}, {}, c.span});
                plan.add(plan::Bind{dir, path, false, true, c.span});
            },
            [&](const ir::volume::Empty& e) {
                plan.add(plan::Tmpfs{path, 1, 0, true, {}, {}, e.span});
            },
            [&](const ir::volume::Snapshot& s) {
                std::string source;
                if (s.container) {
                    auto root = container_root(ctx, *s.container);
                    if (!root)
                        return;
                    source = *root + path;
                }
                plan.add(plan::Snapshot{path, source, s.size, s.owner_uid, s.owner_gid, s.span});
            },
            [&](const ir::volume::Container& c) {
                if (auto root = container_root(ctx, c.value))
                    plan.add(plan::Bind{*root, path, true, true, c.span});
            },
            [&](const ir::volume::Persistent& p) {
                std::string dir = ctx.in.volumes_dir + "/" + p.name.text;
                // With an init-command the volume is made by that command
                // (a prerequisite), never silently created empty here.
                if (!p.init_command)
                    plan.add(plan::MakeDir{plan::PathBase::Host, dir, 0755, true, p.owner_uid,
                                           p.owner_gid, p.span});
                plan.add(plan::Bind{dir, path, false, true, p.span});
            },
        },
        v.value);
}

} // namespace vagga::lower
