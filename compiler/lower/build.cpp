#include "compiler/lower/build.h"

#include "compiler/lower/build_steps.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace vagga::lower {

namespace {

using namespace build_detail;

constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
// Lower and upper case are both passed on, as written on the host.
constexpr const char* kProxyVars[] = {"http_proxy", "https_proxy", "ftp_proxy",   "all_proxy",
                                      "no_proxy",   "HTTP_PROXY",  "HTTPS_PROXY", "FTP_PROXY",
                                      "ALL_PROXY",  "NO_PROXY"};

std::vector<plan::IdRange> ranges(const std::vector<ir::IdRange>& r) {
    std::vector<plan::IdRange> out;
    for (const auto& x : r) {
        out.push_back({x.start, x.end});
    }
    if (out.empty()) {
        out.push_back({0, 65535}); // runtime.md §2.3: no list means 0-65535
    }
    return out;
}

std::string parent_dir(const std::string& path) {
    size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

const ir::Container* find(const ir::Config& config, const std::string& name) {
    auto it = config.containers.find(ir::Str(name));
    return it == config.containers.end() ? nullptr : &it->second;
}

void add_dependencies(const ir::Config& config, const std::string& name,
                      std::set<std::string>& seen, std::vector<std::string>& out) {
    const ir::Container* c = find(config, name);
    if (!c) {
        return;
    }
    for (const auto& step : c->setup) {
        std::string dep;
        if (const auto* x = ir::get_if<ir::step::Container>(step.value)) {
            dep = x->value.text;
        } else if (const auto* b = ir::get_if<ir::step::Build>(step.value)) {
            dep = b->container.text;
        } else if (const auto* s = ir::get_if<ir::step::SubConfig>(step.value);
                   s && s->source.kind() == ir::SubConfigSourceKind::Container) {
            // Its file is read from that container's built root.
            dep = ir::get<ir::sub_config_source::Container>(s->source.value).value.text;
        } else {
            continue;
        }
        // Marked before recursing, so a cycle (rejected by checks anyway)
        // cannot loop.
        if (!seen.insert(dep).second || find(config, dep) == nullptr) {
            continue;
        }
        add_dependencies(config, dep, seen, out);
        out.push_back(dep);
    }
}

} // namespace

namespace build_detail {

std::vector<std::pair<std::string, std::string>> distro_env(plan::Distro d) {
    switch (d) {
    case plan::Distro::Debian:
        return {{"DEBIAN_FRONTEND", "noninteractive"}};
    case plan::Distro::Ubuntu:
        // runtime.md §5.6: the Ubuntu bootstrap generates this locale.
        return {{"DEBIAN_FRONTEND", "noninteractive"}, {"LANG", "en_US.UTF-8"}};
    case plan::Distro::Alpine:
        return {{"LANG", "en_US.UTF-8"}};
    }
    return {};
}

void set_distro(Lowering& l, plan::Distro d, std::string release, source::Span span) {
    if (l.distro.distro) {
        l.diags.error(diag::Code::BadValue, span,
                      fmt::format("step initializes distribution \"{}\" but \"{}\" is already "
                                  "initialized",
                                  plan::to_string(d), plan::to_string(*l.distro.distro)));
        return;
    }
    l.distro = DistroState{d, std::move(release), span};
}

void replay_configuration(Lowering& l, const std::string& container,
                          std::vector<std::pair<std::string, std::string>>& env,
                          std::set<std::string>& seen) {
    const ir::Container* c = find(*l.in.config, container);
    if (!c || !seen.insert(container).second) {
        return;
    }
    for (const auto& step : c->setup) {
        std::optional<plan::Distro> d;
        std::string release;
        if (const auto* e = ir::get_if<ir::step::Env>(step.value)) {
            for (const auto& [k, v] : e->value) {
                env.emplace_back(k.text, v.text);
            }
        } else if (const auto* x = ir::get_if<ir::step::Container>(step.value)) {
            replay_configuration(l, x->value.text, env, seen);
        } else if (const auto* a = ir::get_if<ir::step::Alpine>(step.value)) {
            d = plan::Distro::Alpine;
            release = a->value.text;
        } else if (const auto* u = ir::get_if<ir::step::Ubuntu>(step.value)) {
            d = plan::Distro::Ubuntu;
            release = u->value.text;
        } else if (const auto* r = ir::get_if<ir::step::UbuntuRelease>(step.value)) {
            d = plan::Distro::Ubuntu;
            release = ubuntu_codename(*r);
        } else if (const auto* b = ir::get_if<ir::step::Debian>(step.value)) {
            d = plan::Distro::Debian;
            release = b->value.text;
        }
        if (d) {
            // The other container was built with it: no second error here.
            if (!l.distro.distro) {
                l.distro = DistroState{*d, release, step.span};
            }
            auto vars = distro_env(*d);
            env.insert(env.end(), vars.begin(), vars.end());
        }
    }
}

} // namespace build_detail

std::vector<std::string> build_dependencies(const ir::Config& config, const std::string& name) {
    std::set<std::string> seen{name};
    std::vector<std::string> out;
    add_dependencies(config, name, seen, out);
    return out;
}

namespace {

// `${container_name}` and `${short_hash}` filled in; a `./` path is in the
// project, `/volumes/NAME/...` in an external volume, anything else a URL.
plan::FetchSource image_source(const BuildInput& in, std::string url, const std::string& name) {
    auto fill = [&url](const std::string& var, const std::string& value) {
        for (size_t at = url.find(var); at != std::string::npos; at = url.find(var, at))
            url.replace(at, var.size(), value);
    };
    fill("${container_name}", name);
    fill("${short_hash}", in.version.substr(0, 8));
    plan::FetchSource s;
    s.url = url;
    if (url.rfind("./", 0) == 0) {
        s.host_path = in.project_root + url.substr(1);
        s.host_root = in.project_root;
    } else if (url.rfind("/volumes/", 0) == 0 && in.settings) {
        std::string rest = url.substr(9);
        size_t slash = rest.find('/');
        auto it = in.settings->external_volumes.find(rest.substr(0, slash));
        if (it != in.settings->external_volumes.end()) {
            s.host_path = it->second + (slash == std::string::npos ? "" : rest.substr(slash));
            s.host_root = it->second;
        }
    }
    // Any other text is taken as a URL: an absolute host path is not one of
    // the forms the spec allows, and fails like a bad URL (then the image
    // is built locally).
    return s;
}

} // namespace

plan::BuildPlan lower_build(const BuildInput& in, const std::string& name,
                            diag::Diagnostics& diags) {
    plan::BuildPlan plan;
    plan.container = name;
    plan.version = in.version;
    plan.root_dir = in.root_dir;
    plan.project_root = in.project_root;
    plan.cache_dir = in.cache_dir;
    plan.timings_log = parent_dir(in.root_dir) + "/timings.log";
    const ir::Container* c = in.config ? find(*in.config, name) : nullptr;
    if (!c) {
        diags.error(diag::Code::UnknownContainer, {},
                    fmt::format("container `{}` is not defined", name));
        return plan;
    }
    plan.idmap = plan::IdMap{plan::MapKind::Container, ranges(c->uids), ranges(c->gids), c->span};

    plan.env = {{"TERM", "dumb"}, {"HOME", "/tmp"}, {"PATH", kDefaultPath}};
    if (!in.settings || in.settings->proxy_env_vars) {
        for (const char* var : kProxyVars) {
            if (auto it = in.host_env.find(var); it != in.host_env.end()) {
                plan.env.emplace_back(var, it->second);
            }
        }
    }
    if (c->resolv_conf_path) {
        plan.truncate_files.push_back(c->resolv_conf_path->text);
    }
    if (c->hosts_file_path) {
        plan.truncate_files.push_back(c->hosts_file_path->text);
    }
    for (const auto& d : c->data_dirs) {
        plan.data_dirs.push_back(d.text);
    }
    // A prebuilt image is only looked for when the version is known.
    if (c->image_cache_url && !in.version.empty() && !in.no_image_download) {
        plan.image = image_source(in, c->image_cache_url->text, name);
    }

    Lowering l{in, diags, {}, 0, {}, {}, 0};
    for (const auto& step : c->setup) {
        plan::BuildStep s;
        s.label = step_label(step);
        s.span = step.span;
        s.ops = lower_step(l, step);
        plan.steps.push_back(std::move(s));
    }
    // The package lists of the language steps, before the distribution's
    // finish removes their tools.
    plan::BuildStep lists{"(package lists)", lower_lang_finish(l), {}};
    if (!lists.ops.empty()) {
        plan.steps.push_back(std::move(lists));
    }
    return plan;
}

} // namespace vagga::lower
