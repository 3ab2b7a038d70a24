// Internal to lower_build: one `setup` step -> its label and ops.
#pragma once

#include "compiler/lower/build.h"

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace vagga::lower::build_detail {

// The distribution a container's steps so far have set up (directly or
// through `!Container`), for !Install and the repository steps.
struct DistroState {
    std::optional<plan::Distro> distro;
    std::string release; // suite, codename or Alpine version ("" = unknown)
    source::Span span;   // the step that set it
};

// The abstract package needs of the language steps (language-steps.md §1.3),
// each met once per build, in this order of the original's enum.
enum class Feature {
    BuildEssential,
    Https,
    Python2,
    Python2Dev,
    Python3,
    Python3Dev,
    PipPy2,
    PipPy3,
    Ruby,
    RubyDev,
    Bundler,
    NodeJs,
    NodeJsDev,
    Npm,
    Yarn,
    Php,
    PhpDev,
    Composer,
    Git,
    Mercurial,
};

// What the language steps so far set up: the last *Config step of each
// tool (each replaces all of the earlier one's fields), the features met
// and the cache paths mounted.
struct LangState {
    ir::step::PipConfig pip;
    ir::step::NpmConfig npm;
    ir::step::GemConfig gem;
    ir::step::ComposerConfig composer;
    std::set<Feature> featured;
    std::set<std::string> cache_paths;
    bool ubuntu_universe = false; // universe.list written (Ubuntu)
};

struct Lowering {
    const BuildInput& in;
    diag::Diagnostics& diags;
    DistroState distro;
    size_t scratch = 0; // numbers the scratch folders of the build (/tmp/tar-install-N)
    LangState lang;
    // !SubConfig files read so far (their steps' spans point into them) and
    // how deep the current one is nested.
    std::vector<std::unique_ptr<ir::Config>> sub_configs;
    size_t sub_depth = 0;
};

// `!Tag detail` on one line, at most ~60 characters (an ellipsis marks a cut).
std::string step_label(const ir::Step& step);

// The ops of one step; problems go to l.diags at the step's span.
std::vector<plan::BuildOp> lower_step(Lowering& l, const ir::Step& step);

// Distribution steps (build_distro.cpp): bootstraps, repositories and
// packages, which need and update l.distro.
using Ops = std::vector<plan::BuildOp>;
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::Alpine& x);
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::Ubuntu& x);
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::UbuntuRelease& x);
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::Debian& x);
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::AlpineRepo& x);
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::UbuntuRepo& x);
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::UbuntuPPA& x);
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::UbuntuUniverse& x);
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::AptTrust& x);
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::Repo& x);
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::Install& x);
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::BuildDeps& x);

// Language steps (build_lang.cpp): pip, npm, yarn, gem, composer.
Ops lower_lang_step(Lowering& l, source::Span span, const ir::step::PipConfig& x);
Ops lower_lang_step(Lowering& l, source::Span span, const ir::step::Py2Install& x);
Ops lower_lang_step(Lowering& l, source::Span span, const ir::step::Py3Install& x);
Ops lower_lang_step(Lowering& l, source::Span span, const ir::step::Py2Requirements& x);
Ops lower_lang_step(Lowering& l, source::Span span, const ir::step::Py3Requirements& x);
Ops lower_lang_step(Lowering& l, source::Span span, const ir::step::NpmConfig& x);
Ops lower_lang_step(Lowering& l, source::Span span, const ir::step::NpmInstall& x);
Ops lower_lang_step(Lowering& l, source::Span span, const ir::step::NpmDependencies& x);
Ops lower_lang_step(Lowering& l, source::Span span, const ir::step::YarnDependencies& x);
Ops lower_lang_step(Lowering& l, source::Span span, const ir::step::GemConfig& x);
Ops lower_lang_step(Lowering& l, source::Span span, const ir::step::GemInstall& x);
Ops lower_lang_step(Lowering& l, source::Span span, const ir::step::GemBundle& x);
Ops lower_lang_step(Lowering& l, source::Span span, const ir::step::ComposerConfig& x);
Ops lower_lang_step(Lowering& l, source::Span span, const ir::step::ComposerInstall& x);
Ops lower_lang_step(Lowering& l, source::Span span, const ir::step::ComposerDependencies& x);
// The end of the build for the features met (language-steps.md §1.8): the
// package lists written beside the image, composer removed unless kept.
Ops lower_lang_finish(Lowering& l);

// The distribution packages of a feature on the current distribution
// (build_lang_packages.cpp): nullopt when the feature is not a package
// there (bootstrapped generically) or cannot be had (`error` set).
struct FeatureNames {
    std::vector<std::string> build_only;
    std::vector<std::string> system;
};
std::optional<FeatureNames> feature_names(const Lowering& l, Feature f, std::string& error);

// `ubuntu-mirror` from the settings, else the original's default (a
// setting written as "" also means the default).
std::string ubuntu_mirror(const Lowering& l);

// The release codename of an !UbuntuRelease ("" when only `url` is set).
std::string ubuntu_codename(const ir::step::UbuntuRelease& x);

// The environment a distribution step sets for the following steps.
std::vector<std::pair<std::string, std::string>> distro_env(plan::Distro d);

// Records a distribution step in l.distro (a second one is an error, as in
// the original).
void set_distro(Lowering& l, plan::Distro d, std::string release, source::Span span);

// `!Container X` in configuration-only mode: X's !Env variables and
// distribution (recursively through X's own !Container), no commands.
void replay_configuration(Lowering& l, const std::string& container,
                          std::vector<std::pair<std::string, std::string>>& env,
                          std::set<std::string>& seen);

} // namespace vagga::lower::build_detail
