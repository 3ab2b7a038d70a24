// What the language-package steps (pip, npm, gem, composer) need from the
// builder beyond commands: their distribution packages, pip's bootstrap on
// Ubuntu and Alpine, and the package lists at the end of a build
// (language-steps.md §1.3-1.8).
#pragma once

#include "runtime/build/context.h"

namespace vagga::runtime::build {

Status install_features(StepContext& ctx, const plan::BuildFeatures& op);
Status get_pip(StepContext& ctx, const plan::BuildGetPip& op);
// `container_dir` is `.roots/.tmp.NAME` (the list is written there).
Status capture_list(StepContext& ctx, const plan::BuildCapture& op,
                    const std::string& container_dir);

} // namespace vagga::runtime::build
