// Internal to lower_build: one `setup` step -> its label and ops.
#pragma once

#include "compiler/lower/build.h"

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

struct Lowering {
    const BuildInput& in;
    diag::Diagnostics& diags;
    DistroState distro;
    size_t step_index = 0; // for per-step scratch paths
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
