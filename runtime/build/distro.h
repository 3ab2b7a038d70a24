// Distributions in a build: bootstrapping a root (!Debian, !Ubuntu,
// !UbuntuRelease, !Alpine), packages (!Install, !BuildDeps), repositories
// and keys, and each distribution's finish (build dependencies removed,
// package lists written, caches and logs cleaned) (runtime.md §5.6).
#pragma once

#include "runtime/build/context.h"

namespace vagga::runtime::build {

Status bootstrap(StepContext& ctx, const plan::BuildBootstrap& op);
Status install_packages(StepContext& ctx, const plan::BuildPackages& op);
// One install command of the root's package manager for `names` (none for
// an empty list), without the build-dependency bookkeeping.
Status install_names(StepContext& ctx, plan::Distro distro, const std::vector<std::string>& names,
                     source::Span span);
Status add_repo(StepContext& ctx, const plan::BuildRepo& op);
Status apt_trust(StepContext& ctx, const plan::BuildAptTrust& op);
// Runs while the system directories are still mounted; `container_dir` is
// `.roots/.tmp.NAME` (package lists are written there).
Status finish_distro(StepContext& ctx, const std::string& container_dir);

} // namespace vagga::runtime::build
