#include "compiler/hash/version.h"

#include "compat/path_order.h"
#include "compiler/hash/file_steps.h"
#include "compiler/ir/values.h"
#include "step_rules_gen.h"

#include <algorithm>
#include <map>
#include <memory>
#include <type_traits>
#include <vector>

namespace vagga::hash {

namespace {

namespace st = ir::step;

std::vector<IdRange> ranges(const std::vector<ir::IdRange>& v) {
    std::vector<IdRange> out;
    for (const auto& r : v) {
        out.push_back({r.start, uint64_t{r.end} + 1}); // vagga stores end exclusive
    }
    if (out.empty()) {
        out.push_back({0, 65536}); // Range::new(0, 65535), as vagga fills it in
    }
    return out;
}

// A failure inside a step, with where it happened.
struct Failure {
    Outcome outcome;
    std::string step;
    source::Span span;
};

class Versioner;

// One step's fields (spec §5). Each overload is one step kind, so a step
// added to the schema without an encoding does not compile.
class StepHasher {
  public:
    StepHasher(Versioner& v, Digest& d) : v_(v), d_(d) {}

    // The steps whose fields stdlib/step.vs declares with hash(...).
    template <class T>
    requires requires(Digest& d, const T& x) { ir::step_rules::hash_fields(d, x); }
    Outcome operator()(const T& x) {
        ir::step_rules::hash_fields(d_, x);
        return Outcome::ok();
    }

    Outcome operator()(const st::GitDescribe& x);
    Outcome operator()(const st::PipConfig& x) {
        d_.texts("find_links", ir::texts(x.find_links));
        d_.texts("index_urls", ir::texts(x.index_urls));
        d_.texts("trusted_hosts", ir::texts(x.trusted_hosts));
        d_.boolean("dependencies", x.dependencies);
        d_.boolean("cache_wheels", x.cache_wheels);
        d_.boolean("install_python", x.install_python);
        if (x.allow_pre_releases) {
            d_.boolean("allow_pre_releases", true);
        }
        d_.opt_text("python_exe", ir::opt_text(x.python_exe));
        if (!x.get_pip_args.empty()) {
            d_.texts("get_pip_args", ir::texts(x.get_pip_args));
        }
        return Outcome::ok();
    }
    Outcome operator()(const st::Py2Requirements& x);
    Outcome operator()(const st::Py3Requirements& x);
    Outcome operator()(const st::Tar& x) {
        url_or_hash(x.url, x.sha256);
        d_.path("path", x.path);
        d_.path("subdir", x.subdir);
        return Outcome::ok();
    }
    Outcome operator()(const st::TarInstall& x) {
        url_or_hash(x.url, x.sha256);
        d_.opt_path("subdir", ir::opt_text(x.subdir));
        d_.text("script", x.script);
        return Outcome::ok();
    }
    Outcome operator()(const st::Unzip& x) {
        url_or_hash(x.url, x.sha256);
        d_.path("path", x.path);
        d_.path("subdir", x.subdir);
        return Outcome::ok();
    }
    Outcome operator()(const st::Env& x) {
        // BTreeMap<String, String>: byte order, which std::map already has.
        for (const auto& [k, v] : x.value) {
            d_.text("key", k);
            d_.text("value", v);
        }
        return Outcome::ok();
    }
    Outcome operator()(const st::Text& x) {
        for (const auto& [k, v] : by_path(x.value)) {
            d_.path("path", k);
            d_.text("data", v);
        }
        return Outcome::ok();
    }
    Outcome operator()(const st::Copy& x);
    Outcome operator()(const st::Download& x) {
        url_or_hash(x.url, x.sha256);
        d_.path("path", x.path);
        d_.number("mode", x.mode);
        return Outcome::ok();
    }
    Outcome operator()(const st::CacheDirs& x) {
        for (const auto& [k, v] : by_path(x.value)) {
            d_.path("source", k);
            d_.text("name", v);
        }
        return Outcome::ok();
    }
    Outcome operator()(const st::Depends& x);
    Outcome operator()(const st::Container& x);
    Outcome operator()(const st::Build& x);
    Outcome operator()(const st::SubConfig& x);
    Outcome operator()(const st::NpmConfig& x) {
        d_.text("npm_exe", x.npm_exe);
        d_.boolean("install_node", x.install_node);
        if (!x.install_yarn) {
            d_.boolean("install_yarn", false);
        }
        if (x.yarn_exe.text != "yarn") {
            d_.text("yarn_exe", x.yarn_exe);
        }
        d_.opt_text("yarn_version", ir::opt_text(x.yarn_version));
        return Outcome::ok();
    }
    Outcome operator()(const st::NpmDependencies& x);
    Outcome operator()(const st::YarnDependencies& x);
    Outcome operator()(const st::GemBundle& x);
    Outcome operator()(const st::ComposerDependencies& x);

  private:
    void url_or_hash(const ir::Str& url, const ir::Opt<ir::Str>& sha256) {
        if (sha256) {
            d_.text("hash", *sha256);
        } else {
            d_.text("url", url);
        }
    }
    // BTreeMap<PathBuf, String>: path-component order; keys equal as paths
    // collapse, keeping the first spelling (quire gives them byte-sorted)
    // and the last value.
    static std::vector<std::pair<std::string, std::string>>
    by_path(const ir::FlatMap<ir::Str, ir::Str>& m) {
        std::map<std::string, std::string, compat::PathLess> sorted;
        for (const auto& [k, v] : m) {
            auto it = sorted.find(k.text);
            if (it == sorted.end()) {
                sorted.emplace(k.text, v.text);
            } else {
                it->second = v.text;
            }
        }
        return {sorted.begin(), sorted.end()};
    }
    TreeFilterParams filter(const ir::Opt<ir::Str>& ignore, const ir::Opt<ir::Str>& include,
                            const std::vector<ir::Str>& rules, std::optional<bool> no_default) {
        return {ir::opt_text(ignore), ir::opt_text(include), ir::texts(rules), no_default};
    }

    Versioner& v_;
    Digest& d_;
};

class Versioner {
  public:
    Versioner(const ir::Config& config, const Env& env) : config_(config), env_(env) {
        if (env.fs == nullptr) {
            own_fs_ = std::make_unique<RealFileSystem>();
        }
        if (env.git == nullptr) {
            own_git_ = std::make_unique<GitBinary>();
        }
        paths_.work = env.project_root;
        paths_.vagga_base = env.vagga_base.empty() ? env.project_root + "/.vagga" : env.vagga_base;
    }

    FileSystem& fs() { return env_.fs != nullptr ? *env_.fs : *own_fs_; }
    Git& git() { return env_.git != nullptr ? *env_.git : *own_git_; }
    ProjectFiles files() { return ProjectFiles{fs(), paths_, &git()}; }
    const PathMap& paths() const { return paths_; }
    const Env& env() const { return env_; }

    // The whole stream of one container (spec §2).
    bool container(Digest& d, std::string_view name, Failure& fail) {
        auto it = config_.containers.find(ir::Str(std::string(name)));
        if (it == config_.containers.end()) {
            fail = {Outcome::error("Container \"" + std::string(name) + "\" not found"), {}, {}};
            return false;
        }
        const ir::Container& c = it->second;
        d.ranges("uids", ranges(c.uids));
        d.ranges("gids", ranges(c.gids));
        if (!inline_setup(d, name, c, fail)) {
            return false;
        }
        if (!c.data_dirs.empty()) {
            d.paths("data_dirs", ir::texts(c.data_dirs));
        }
        return true;
    }

    // `COMMAND\0Name\0` plus the fields of each step of `c`; `name` guards
    // against containers that include themselves.
    bool inline_setup(Digest& d, std::string_view name, const ir::Container& c, Failure& fail) {
        if (std::find(stack_.begin(), stack_.end(), name) != stack_.end()) {
            fail = {
                Outcome::error("container \"" + std::string(name) + "\" depends on itself (cycle)"),
                {},
                c.span};
            return false;
        }
        stack_.emplace_back(name);
        bool ok = steps(d, c.setup, fail);
        stack_.pop_back();
        return ok;
    }

    bool steps(Digest& d, const std::vector<ir::Step>& setup, Failure& fail) {
        for (const auto& step : setup) {
            std::string tag(ir::tag_name(step.kind()));
            d.command(tag);
            StepHasher h(*this, d);
            Outcome o = ir::visit(h, step.value);
            if (o.is_ok() && step_hashes_ && stack_.size() == 1) {
                step_hashes_->push_back(to_hex(d.peek()));
            }
            if (!o.is_ok()) {
                // Keep the innermost failing step: an inlined container's
                // step says more than the `!Container` that inlined it.
                if (!innermost_) {
                    innermost_ = Failure{std::move(o), tag, step.span};
                }
                fail = *innermost_;
                return false;
            }
        }
        return true;
    }

    // `NAME.<h8>`'s root in the storage, for `!Build content-hash` and
    // `!SubConfig` from a container.
    Outcome dep_root(const std::string& name, std::string& out) {
        Digest d;
        Failure fail;
        Versioner sub(config_, env_);
        sub.stack_ = stack_;
        if (!sub.container(d, name, fail)) {
            return fail.outcome;
        }
        out = "/vagga/base/.roots/" + name + "." + to_hex(d.finish(), 4) + "/root";
        return Outcome::ok();
    }

    bool inline_named(Digest& d, const ir::Config& cfg, const std::string& name, Failure& fail,
                      const source::Span& span) {
        auto it = cfg.containers.find(ir::Str(name));
        if (it == cfg.containers.end()) {
            fail = {Outcome::error("container \"" + name + "\" not found"), {}, span};
            return false;
        }
        return inline_setup(d, name, it->second, fail);
    }

    const ir::Config& config() const { return config_; }
    // Where the hashes after each of the container's own steps go.
    void keep_step_hashes(std::vector<std::string>* out) { step_hashes_ = out; }

  private:
    const ir::Config& config_;
    const Env& env_;
    PathMap paths_;
    std::unique_ptr<FileSystem> own_fs_;
    std::unique_ptr<Git> own_git_;
    std::vector<std::string> stack_;
    std::optional<Failure> innermost_;
    std::vector<std::string>* step_hashes_ = nullptr;
};

Outcome inline_result(bool ok, const Failure& fail) {
    return ok ? Outcome::ok() : fail.outcome;
}

Outcome StepHasher::operator()(const st::GitDescribe& x) {
    return hash_git_describe(v_.files(), d_, x.repo.text, ir::opt_text(x.output_file),
                             ir::opt_text(x.pattern));
}
Outcome StepHasher::operator()(const st::Py2Requirements& x) {
    return hash_requirements(v_.files(), d_, x.value.text);
}
Outcome StepHasher::operator()(const st::Py3Requirements& x) {
    return hash_requirements(v_.files(), d_, x.value.text);
}
Outcome StepHasher::operator()(const st::Copy& x) {
    CopyParams p;
    p.source = x.source.text;
    p.path = x.path.text;
    p.owner_uid = x.owner_uid;
    p.owner_gid = x.owner_gid;
    p.umask = x.umask;
    p.preserve_permissions = x.preserve_permissions;
    p.preserve_times = x.preserve_times;
    p.filter = filter(x.ignore_regex, x.include_regex, x.rules, x.no_default_rules);
    return hash_copy(v_.files(), d_, p);
}
Outcome StepHasher::operator()(const st::Depends& x) {
    DependsParams p;
    p.path = x.path.text;
    p.filter = filter(x.ignore_regex, x.include_regex, x.rules, x.no_default_rules);
    return hash_depends(v_.files(), d_, p);
}
Outcome StepHasher::operator()(const st::Container& x) {
    Failure fail;
    bool ok = v_.inline_named(d_, v_.config(), x.value.text, fail, x.span);
    return inline_result(ok, fail);
}
Outcome StepHasher::operator()(const st::Build& x) {
    if (!x.content_hash) {
        // Build's own parameters are not hashed (upstream), only the
        // steps of the container it copies from.
        Failure fail;
        bool ok = v_.inline_named(d_, v_.config(), x.container.text, fail, x.span);
        return inline_result(ok, fail);
    }
    if (v_.config().containers.count(x.container) == 0) {
        return Outcome::error("Container " + x.container.text + " not found");
    }
    std::string root;
    Outcome o = v_.dep_root(x.container.text, root);
    if (!o.is_ok()) {
        return o;
    }
    return hash_build_content(v_.files(), d_, root, x.source.text, ir::opt_text(x.path),
                              ir::texts(x.rules));
}
Outcome StepHasher::operator()(const st::SubConfig& x) {
    std::string file;
    switch (x.source.kind()) {
    case ir::SubConfigSourceKind::Directory:
        file = compat::join_path("/work", x.path.text);
        break;
    case ir::SubConfigSourceKind::Container: {
        const auto& name = ir::get<ir::sub_config_source::Container>(x.source.value).value.text;
        if (v_.config().containers.count(ir::Str(name)) == 0) {
            return Outcome::error("container \"" + name + "\" not found");
        }
        std::string root;
        Outcome o = v_.dep_root(name, root);
        if (!o.is_ok()) {
            return o;
        }
        file = compat::join_path(root, x.path.text);
        break;
    }
    case ir::SubConfigSourceKind::Git:
        // The original aborts here (unimplemented!()).
        return Outcome::error("SubConfig from !Git is not supported");
    }
    auto host = v_.paths().to_host(file);
    if (!host || !v_.fs().exists(*host)) {
        return Outcome::not_ready(file + " does not exist yet");
    }
    if (!v_.env().load_subconfig) {
        return Outcome::error("no loader for SubConfig files");
    }
    std::string dir = *host;
    size_t slash = dir.rfind('/');
    dir = slash == std::string::npos ? std::string(".") : dir.substr(0, slash);
    std::string error;
    auto sub = v_.env().load_subconfig(dir, *host, error);
    if (!sub) {
        return Outcome::error("can't read " + file + ": " + error);
    }
    auto it = sub->containers.find(x.container);
    if (it == sub->containers.end()) {
        return Outcome::error("container \"" + x.container.text + "\" not found in " + file);
    }
    // Its steps are hashed against the outer config: a `!Container` inside
    // refers to the outer file's containers.
    Failure fail;
    bool ok = v_.inline_setup(d_, "subconfig:" + file + ":" + x.container.text, it->second, fail);
    return inline_result(ok, fail);
}
Outcome StepHasher::operator()(const st::NpmDependencies& x) {
    NpmSections sec{x.package, x.dev, x.peer, x.bundled, x.optional};
    return hash_npm_dependencies(v_.files(), d_, x.file.text, sec);
}
Outcome StepHasher::operator()(const st::YarnDependencies& x) {
    return hash_yarn_dependencies(v_.files(), d_, x.dir.text, x.production, x.optional);
}
Outcome StepHasher::operator()(const st::GemBundle& x) {
    return hash_gem_bundle(v_.files(), d_, x.gemfile.text, ir::texts(x.without),
                           ir::opt_text(x.trust_policy));
}
Outcome StepHasher::operator()(const st::ComposerDependencies& x) {
    return hash_composer_dependencies(v_.files(), d_, ir::opt_text(x.working_dir));
}

} // namespace

Outcome git_describe(const Env& env, std::string_view repo,
                     const std::optional<std::string>& pattern, std::string& out) {
    const ir::Config no_containers; // only the files and git are used
    Versioner v(no_containers, env);
    return git_describe(v.files(), repo, pattern, out);
}

Result version_hash(const ir::Config& config, std::string_view container, const Env& env) {
    Result r;
    Digest d(env.digest);
    Versioner v(config, env);
    v.keep_step_hashes(&r.step_hashes);
    Failure fail;
    bool ok = v.container(d, container, fail);
    r.trace = d.trace();
    r.dump = d.dump();
    if (ok) {
        r.kind = Result::Kind::Ok;
        r.hash = to_hex(d.finish());
        return r;
    }
    r.kind =
        fail.outcome.status == Status::NotReady ? Result::Kind::NeedsBuild : Result::Kind::Error;
    r.message = fail.outcome.message;
    r.step = fail.step;
    r.span = fail.span;
    return r;
}

} // namespace vagga::hash
