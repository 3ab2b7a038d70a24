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

// A host path and the folder the runtime keeps it beneath (plan::Resolve).
struct Source {
    std::string path;
    std::string root;
    plan::Resolve resolve = plan::Resolve::AsIs;
};

plan::Bind bind(Source src, std::string target, bool read_only, source::Span span) {
    return plan::Bind{std::move(src.path),
                      std::move(src.root),
                      src.resolve,
                      std::move(target),
                      read_only,
                      true,
                      span};
}

// A cache or volume folder, made beneath `root` when missing.
plan::MakeDir host_dir(std::string path, std::string root, std::optional<uint32_t> uid,
                       std::optional<uint32_t> gid, source::Span span) {
    return plan::MakeDir{
        plan::PathBase::Host, std::move(path), std::move(root), 0755, true, uid, gid, span};
}

// A bind source as vagga's own namespace sees it: /work is the project,
// /volumes/<name> an external volume from the settings.
std::optional<Source> bind_source(VolumeContext& ctx, const ir::Str& src) {
    const std::string& p = src.text;
    if (p == "/work" || p.rfind("/work/", 0) == 0)
        return Source{ctx.in.project_root + p.substr(5), ctx.in.project_root,
                      plan::Resolve::Beneath};
    // The root of the container being started, as the original mounted it.
    if (p == "/vagga/root" || p.rfind("/vagga/root/", 0) == 0)
        return Source{ctx.container_root + p.substr(11), ctx.container_root, plan::Resolve::InRoot};
    if (p.rfind("/volumes/", 0) == 0) {
        std::string rest = p.substr(9);
        auto slash = rest.find('/');
        std::string name = rest.substr(0, slash);
        std::string tail = slash == std::string::npos ? "" : rest.substr(slash);
        if (ctx.in.settings) {
            auto it = ctx.in.settings->external_volumes.find(name);
            if (it != ctx.in.settings->external_volumes.end())
                return Source{it->second + tail, it->second, plan::Resolve::Beneath};
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

void add_default_tmpfs(std::vector<plan::Mount>& mounts,
                       const std::map<std::string, const ir::Volume*>& volumes) {
    if (!volumes.count("/tmp"))
        mounts.emplace_back(plan::Tmpfs{"/tmp", 100ull << 20, 01777, false, {}, {}, {}});
    if (!volumes.count("/run"))
        mounts.emplace_back(
            plan::Tmpfs{"/run", 100ull << 20, 0755, false, {{"shm", 01777}}, {}, {}});
}

void add_volume(VolumeContext& ctx, std::vector<plan::Mount>& mounts, const std::string& path,
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
                mounts.emplace_back(std::move(op));
            },
            [&](const ir::volume::VaggaBin& b) {
                mounts.emplace_back(
                    bind({ctx.in.vagga_bin_dir, "", plan::Resolve::AsIs}, path, true, b.span));
            },
            [&](const ir::volume::BindRW& b) {
                if (auto src = bind_source(ctx, b.value))
                    mounts.emplace_back(bind(*src, path, false, b.span));
            },
            [&](const ir::volume::BindRO& b) {
                if (auto src = bind_source(ctx, b.value))
                    mounts.emplace_back(bind(*src, path, true, b.span));
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
                mounts.emplace_back(host_dir(dir, ctx.in.cache_dir, {}, {}, c.span));
                mounts.emplace_back(
                    bind({dir, ctx.in.cache_dir, plan::Resolve::Beneath}, path, false, c.span));
            },
            [&](const ir::volume::Empty& e) {
                mounts.emplace_back(plan::Tmpfs{path, 1, 0, true, {}, {}, e.span});
            },
            [&](const ir::volume::Snapshot& s) {
                std::string source;
                std::string root;
                if (s.container) {
                    auto r = container_root(ctx, *s.container);
                    if (!r)
                        return;
                    source = *r + path;
                    root = *r;
                }
                mounts.emplace_back(
                    plan::Snapshot{path, source, root, s.size, s.owner_uid, s.owner_gid, s.span});
            },
            [&](const ir::volume::Container& c) {
                if (auto root = container_root(ctx, c.value))
                    mounts.emplace_back(bind({*root, "", plan::Resolve::AsIs}, path, true, c.span));
            },
            [&](const ir::volume::Persistent& p) {
                std::string dir = ctx.in.volumes_dir + "/" + p.name.text;
                // The init-command itself builds the volume (runtime.md
                // §2.5 step 7): in a fresh `.tmp.NAME`, renamed into place
                // when it succeeds. Every other command finds it made by
                // that prerequisite, never silently created empty.
                if (p.init_command && p.init_command->text == ctx.command) {
                    mounts.emplace_back(plan::InitVolume{ctx.in.volumes_dir, p.name.text, path,
                                                         p.owner_uid, p.owner_gid, p.span});
                    return;
                }
                if (!p.init_command)
                    mounts.emplace_back(
                        host_dir(dir, ctx.in.volumes_dir, p.owner_uid, p.owner_gid, p.span));
                mounts.emplace_back(
                    bind({dir, ctx.in.volumes_dir, plan::Resolve::Beneath}, path, false, p.span));
            },
        },
        v.value);
}

} // namespace vagga::lower
