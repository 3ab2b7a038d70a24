// One `setup` step -> build ops. One visitor overload per step kind, so a
// step added to the schema without a lowering does not compile.
#include "compiler/lower/build_steps.h"

#include "compat/git_cache_name.h"
#include "compat/path_filter.h"
#include "compat/rust_regex.h"
#include "compiler/ir/values.h"
#include "step_lower_gen.h"

#include <fmt/format.h>

namespace vagga::lower::build_detail {

namespace {

namespace st = ir::step;
using plan::BuildOp;

using ir::texts;

// A path inside the container joined onto a base ("." and "" are the base).
std::string join(const std::string& base, const std::string& rel) {
    if (!rel.empty() && rel[0] == '/') {
        return rel; // an absolute path replaces the base (path join semantics)
    }
    if (rel.empty() || rel == ".") {
        return base;
    }
    std::string r = rel.starts_with("./") ? rel.substr(2) : rel;
    return base == "/" ? "/" + r : base + "/" + r;
}

class StepLowerer {
  public:
    StepLowerer(Lowering& l, source::Span span) : l_(l), span_(span) {}

    // The one-to-one steps: stdlib/step.vs declares their op with lowers ...(...).
    template <class T>
    requires requires(const T& x) { ir::step_rules::lower_op(x, source::Span{}); }
    Ops operator()(const T& x) { return {ir::step_rules::lower_op(x, span_)}; }

    Ops operator()(const st::Alpine& x) { return lower_distro_step(l_, span_, x); }
    Ops operator()(const st::Ubuntu& x) { return lower_distro_step(l_, span_, x); }
    Ops operator()(const st::UbuntuRelease& x) { return lower_distro_step(l_, span_, x); }
    Ops operator()(const st::Debian& x) { return lower_distro_step(l_, span_, x); }
    Ops operator()(const st::AlpineRepo& x) { return lower_distro_step(l_, span_, x); }
    Ops operator()(const st::UbuntuRepo& x) { return lower_distro_step(l_, span_, x); }
    Ops operator()(const st::UbuntuPPA& x) { return lower_distro_step(l_, span_, x); }
    Ops operator()(const st::UbuntuUniverse& x) { return lower_distro_step(l_, span_, x); }
    Ops operator()(const st::AptTrust& x) { return lower_distro_step(l_, span_, x); }
    Ops operator()(const st::Repo& x) { return lower_distro_step(l_, span_, x); }
    Ops operator()(const st::Install& x) { return lower_distro_step(l_, span_, x); }
    Ops operator()(const st::BuildDeps& x) { return lower_distro_step(l_, span_, x); }
    Ops operator()(const st::GitInstall& x) {
        // Checked out into the image's /tmp (emptied at the finish) and
        // built there, as the original.
        std::string name = compat::git_cache_name(x.url.text);
        if (name.empty() || name == "." || name == "..") {
            l_.diags.error(diag::Code::BadValue, span_,
                           "`!GitInstall`: \"" + x.url.text + "\" is not a repository URL");
            return {};
        }
        std::string dir = "/tmp/" + name;
        plan::BuildCommand build = command({"/bin/sh", "-exc", x.script.text});
        build.work_dir = join(dir, x.subdir.text);
        return {plan::BuildGitCheckout{x.url.text, ir::opt_text(x.revision), ir::opt_text(x.branch),
                                       dir, span_},
                build};
    }
    Ops operator()(const st::GitDescribe& x) {
        if (!x.output_file) {
            return {}; // it only feeds the version hash
        }
        // The description the version encodes, written without a newline; the
        // parent must exist, as in the original.
        std::string error = "no git available";
        std::optional<std::string> text;
        if (l_.in.git_describe) {
            text = l_.in.git_describe(x.repo.text, ir::opt_text(x.pattern), error);
        }
        if (!text) {
            l_.diags.error(diag::Code::BuildFailed, span_, "`!GitDescribe`: " + error);
            return {};
        }
        return {plan::BuildWriteFile{x.output_file->text, *text, 0644, false, span_}};
    }
    Ops operator()(const st::PipConfig& x) { return lower_lang_step(l_, span_, x); }
    Ops operator()(const st::Py2Install& x) { return lower_lang_step(l_, span_, x); }
    Ops operator()(const st::Py2Requirements& x) { return lower_lang_step(l_, span_, x); }
    Ops operator()(const st::Py3Install& x) { return lower_lang_step(l_, span_, x); }
    Ops operator()(const st::Py3Requirements& x) { return lower_lang_step(l_, span_, x); }
    Ops operator()(const st::Tar& x) {
        return {unpack(plan::ArchiveKind::Tar, x.url, x.sha256, x.path.text, x.subdir.text)};
    }
    Ops operator()(const st::Unzip& x) {
        return {unpack(plan::ArchiveKind::Zip, x.url, x.sha256, x.path.text, x.subdir.text)};
    }
    Ops operator()(const st::TarInstall& x);
    Ops operator()(const st::Sh& x) { return {command({"/bin/sh", "-exc", x.value.text})}; }
    Ops operator()(const st::Cmd& x) {
        if (x.value.empty()) {
            error("`!Cmd` needs a command: the argv is empty");
        }
        return {command(texts(x.value))};
    }
    Ops operator()(const st::RunAs& x) {
        plan::BuildCommand c = command({"/bin/sh", "-exc", x.script.text});
        c.work_dir = join("/work", x.work_dir.text);
        c.uid = x.user_id;
        c.gid = x.group_id;
        c.supplementary_gids = x.supplementary_gids;
        c.external_uid = x.external_user_id;
        c.isolate_network = x.isolate_network;
        return {c};
    }
    Ops operator()(const st::Env& x) {
        plan::BuildEnv e;
        for (const auto& [k, v] : x.value) {
            e.vars.emplace_back(k.text, v.text);
        }
        e.span = span_;
        return {e};
    }
    Ops operator()(const st::Text& x) {
        Ops ops;
        for (const auto& [path, text] : x.value) {
            ops.push_back(plan::BuildWriteFile{path.text, text.text, 0644, false,
                                               path.span.valid() ? path.span : span_});
        }
        return ops;
    }
    Ops operator()(const st::Copy& x);
    Ops operator()(const st::Download& x) {
        return {plan::BuildDownload{fetch(x.url, x.sha256), x.path.text, x.mode, span_}};
    }
    Ops operator()(const st::CacheDirs& x) {
        Ops ops;
        for (const auto& [path, name] : x.value) {
            ops.push_back(plan::BuildCacheMount{path.text, name.text, "", span_});
        }
        return ops;
    }
    Ops operator()(const st::Depends&) { return {}; } // only hashed
    Ops operator()(const st::Container& x);
    Ops operator()(const st::Build& x);
    Ops operator()(const st::SubConfig& x);
    Ops operator()(const st::NpmConfig& x) { return lower_lang_step(l_, span_, x); }
    Ops operator()(const st::NpmDependencies& x) { return lower_lang_step(l_, span_, x); }
    Ops operator()(const st::YarnDependencies& x) { return lower_lang_step(l_, span_, x); }
    Ops operator()(const st::NpmInstall& x) { return lower_lang_step(l_, span_, x); }
    Ops operator()(const st::GemInstall& x) { return lower_lang_step(l_, span_, x); }
    Ops operator()(const st::GemBundle& x) { return lower_lang_step(l_, span_, x); }
    Ops operator()(const st::GemConfig& x) { return lower_lang_step(l_, span_, x); }
    Ops operator()(const st::ComposerInstall& x) { return lower_lang_step(l_, span_, x); }
    Ops operator()(const st::ComposerDependencies& x) { return lower_lang_step(l_, span_, x); }
    Ops operator()(const st::ComposerConfig& x) { return lower_lang_step(l_, span_, x); }

  private:
    void error(std::string message) {
        l_.diags.error(diag::Code::UnsupportedStep, span_, std::move(message));
    }
    Ops unsupported(const char* tag) {
        error(fmt::format("`!{}` is not supported by this version's builder yet", tag));
        return {};
    }
    plan::BuildCommand command(std::vector<std::string> argv) {
        plan::BuildCommand c;
        c.argv = std::move(argv);
        c.span = span_;
        return c;
    }
    plan::FetchSource fetch(const ir::Str& url, const ir::Opt<ir::Str>& sha256);
    plan::BuildUnpack unpack(plan::ArchiveKind kind, const ir::Str& url,
                             const ir::Opt<ir::Str>& sha256, const std::string& path,
                             const std::string& subdir) {
        return plan::BuildUnpack{kind, fetch(url, sha256), path, subdir, span_};
    }
    std::optional<std::string> root_of(const std::string& container);

    Lowering& l_;
    source::Span span_;
};

Ops StepLowerer::operator()(const st::TarInstall& x) {
    // A scratch folder per step, so two !TarInstall steps never mix files.
    std::string dir = fmt::format("/tmp/tar-install-{}", l_.scratch++);
    plan::BuildUnpack u = unpack(plan::ArchiveKind::Tar, x.url, x.sha256, dir, "");
    plan::BuildCommand c = command({"/bin/sh", "-exc", x.script.text});
    if (x.subdir) {
        c.work_dir = join(dir, x.subdir->text);
    } else {
        // The archive's top-level entry is only known once it is unpacked:
        // the script first enters it, failing as the original did when there
        // is not exactly one visible entry.
        c.work_dir = dir;
        c.argv[2] = "set -- *; [ $# -eq 1 ] && [ -d \"$1\" ] || { echo \"!TarInstall: the "
                    "archive must contain exactly one top-level folder; set subdir:\" >&2; exit "
                    "1; }; cd \"$1\"\n" +
                    x.script.text;
    }
    return {u, c};
}

plan::FetchSource StepLowerer::fetch(const ir::Str& url, const ir::Opt<ir::Str>& sha256) {
    plan::FetchSource s;
    s.url = url.text;
    s.sha256 = ir::opt_text(sha256);
    const std::string& u = url.text;
    if (u.starts_with(".")) {
        // Relative to /work, the project, and kept beneath it.
        s.host_path = join(l_.in.project_root, u);
        s.host_root = l_.in.project_root;
    } else if (u.starts_with("/volumes/")) {
        std::string rest = u.substr(9);
        size_t slash = rest.find('/');
        std::string name = rest.substr(0, slash);
        std::optional<std::string> base;
        if (l_.in.settings) {
            auto it = l_.in.settings->external_volumes.find(name);
            if (it != l_.in.settings->external_volumes.end()) {
                base = it->second;
            }
        }
        if (!base) {
            l_.diags.error(
                diag::Code::BadValue, url.span.valid() ? url.span : span_,
                fmt::format("`{}`: there is no external volume `{}` in the settings", u, name));
        } else {
            s.host_path = *base + (slash == std::string::npos ? "" : rest.substr(slash));
            s.host_root = *base;
        }
    } else if (!u.starts_with("http://") && !u.starts_with("https://")) {
        error(fmt::format("`{}` is not an http(s) URL, a `./` project path or a `/volumes/` path",
                          u));
    }
    return s;
}

Ops StepLowerer::operator()(const st::Copy& x) {
    plan::BuildCopy c;
    const std::string& src = x.source.text;
    if (src == "/work" || src.starts_with("/work/")) {
        c.host_source = l_.in.project_root + src.substr(5);
        c.source_root = l_.in.project_root;
        c.resolve = plan::Resolve::Beneath;
    } else {
        // Elsewhere the source is a path in the image being built, as in the
        // original (vagga's test "copy-non-work" copies /dir to /dir.bak);
        // a temporary mount there is visible through the builder's mounts.
        // Resolved in the image as the container would (`//x` is `/x`).
        size_t skip = src.find_first_not_of('/');
        c.host_source = join(l_.in.root_dir, skip == std::string::npos ? "" : src.substr(skip));
        c.source_root = l_.in.root_dir;
        c.resolve = plan::Resolve::InRoot;
    }
    c.path = x.path.text;
    // The same filter the version hash uses, so the copy takes exactly the
    // files the hash covers.
    std::string err;
    auto f =
        compat::create_path_filter(texts(x.rules), x.no_default_rules, ir::opt_text(x.ignore_regex),
                                   ir::opt_text(x.include_regex), err);
    if (!f) {
        l_.diags.error(diag::Code::BadValue, span_, err);
    } else if (f->is_glob()) {
        c.filter.glob = true;
        for (const auto& r : f->rules()) {
            if (c.filter.rules.empty() || c.filter.rules.back() != r.orig) {
                c.filter.rules.push_back(r.orig);
            }
        }
    } else {
        c.filter.ignore_regex =
            x.ignore_regex ? x.ignore_regex->text : std::string(compat::kDefaultIgnoreRegex);
        c.filter.include_regex = ir::opt_text(x.include_regex);
    }
    c.owner_uid = x.owner_uid;
    c.owner_gid = x.owner_gid;
    c.umask = x.umask;
    c.preserve_permissions = x.preserve_permissions;
    c.preserve_times = x.preserve_times;
    c.span = span_;
    return {c};
}

std::optional<std::string> StepLowerer::root_of(const std::string& container) {
    std::optional<std::string> root;
    if (l_.in.container_root) {
        root = l_.in.container_root(container);
    }
    if (!root) {
        l_.diags.error(diag::Code::UnknownContainer, span_,
                       fmt::format("container `{}` is not built", container));
    }
    return root;
}

Ops StepLowerer::operator()(const st::Container& x) {
    Ops ops;
    std::vector<std::pair<std::string, std::string>> env;
    std::set<std::string> seen;
    replay_configuration(l_, x.value.text, env, seen);
    if (!env.empty()) {
        ops.push_back(plan::BuildEnv{std::move(env), span_});
    }
    if (auto root = root_of(x.value.text)) {
        ops.push_back(plan::BuildCopyRoot{x.value.text, *root, span_});
    }
    return ops;
}

Ops StepLowerer::operator()(const st::SubConfig& x) {
    // The original runs the other file's container's steps in this build
    // (language-steps.md §7): same distribution, settings and /work.
    std::string file;
    switch (x.source.kind()) {
    case ir::SubConfigSourceKind::Directory:
        file = join(l_.in.project_root, x.path.text);
        break;
    case ir::SubConfigSourceKind::Container: {
        const auto& name = ir::get<ir::sub_config_source::Container>(x.source.value).value.text;
        auto root = root_of(name);
        if (!root) {
            return {};
        }
        file = join(*root, x.path.text);
        break;
    }
    case ir::SubConfigSourceKind::Git:
        // The original crashed here (unimplemented!()).
        error("`!SubConfig` with `source: !Git` is not supported (the original aborted on it)");
        return {};
    }
    // A file that names itself would never end.
    if (l_.sub_depth >= 8) {
        error("`!SubConfig` nested more than 8 deep: does a sub-config include itself?");
        return {};
    }
    if (!l_.in.load_config) {
        error("`!SubConfig` cannot be read here (no config loader)");
        return {};
    }
    std::string err;
    auto cfg = l_.in.load_config(file.substr(0, file.rfind('/')), file, err);
    if (!cfg) {
        l_.diags.error(diag::Code::IoError, span_, "can't read " + file + ": " + err);
        return {};
    }
    l_.sub_configs.push_back(std::make_unique<ir::Config>(std::move(*cfg)));
    const ir::Config& sub = *l_.sub_configs.back();
    auto it = sub.containers.find(x.container);
    if (it == sub.containers.end()) {
        l_.diags.error(diag::Code::UnknownContainer, span_,
                       fmt::format("container `{}` is not defined in {}", x.container.text, file));
        return {};
    }
    Ops ops;
    ++l_.sub_depth;
    for (const auto& step : it->second.setup) {
        // `!Container X` in there names the outer file's X, as in the original.
        Ops more = lower_step(l_, step);
        ops.insert(ops.end(), std::make_move_iterator(more.begin()),
                   std::make_move_iterator(more.end()));
    }
    --l_.sub_depth;
    return ops;
}

Ops StepLowerer::operator()(const st::Build& x) {
    auto root = root_of(x.container.text);
    if (!root) {
        return {};
    }
    std::string from = x.source.text == "/" ? *root : *root + x.source.text;
    Ops ops;
    if (x.path) {
        ops.push_back(
            plan::BuildFromContainer{x.container.text, from, *root, x.path->text, false, span_});
    }
    if (x.temporary_mount) {
        ops.push_back(plan::BuildFromContainer{x.container.text, from, *root,
                                               x.temporary_mount->text, true, span_});
    }
    return ops;
}

} // namespace

std::vector<plan::BuildOp> lower_step(Lowering& l, const ir::Step& step) {
    StepLowerer s(l, step.span);
    return ir::visit(s, step.value);
}

} // namespace vagga::lower::build_detail
