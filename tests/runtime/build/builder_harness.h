// Harness for the builder integration tests (with tests/common/temp_dir.h:
// temporary directories and files): a busybox-static image to start builds from, plan construction
// and an in-process run_build with its stderr captured.
#pragma once

#include "compiler/plan/build_plan.h"
#include "runtime/build/builder.h"
#include "tests/common/temp_dir.h"

#include <string>
#include <vector>

namespace vagga::test {

// A built-image-like tree: /bin/busybox with applet links, /etc files.
const std::string& busybox_image();

// A plan building into a fresh directory: step 1 copies busybox_image();
// env PATH=/bin. Add steps with add_step().
struct Build {
    TempDir dir; // .roots-like: container/root, cache/, project/
    plan::BuildPlan plan;
    runtime::Host host;
    std::string root() const { return plan.root_dir; }
    std::string container_dir() const { return dir.path() + "/container"; }

    Build();
    plan::BuildStep& add_step(const std::string& label, std::vector<plan::BuildOp> ops);
    // Runs the build; stderr of the builder is captured into `err`.
    runtime::build::BuildResult run();
    std::string err;
};

plan::BuildCommand sh(const std::string& script);

// Whether the id maps are a single id (no subordinate ids for us).
bool single_id();

} // namespace vagga::test
