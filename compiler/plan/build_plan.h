// Build plans: how to build one container version, as an ordered list of
// steps, each lowered from one `setup` step of the config into ops from a
// closed set. Lowering (compiler/lower/build.h) produces them purely;
// `vagga-build` (runtime/build/) executes them in a user namespace;
// `vagga _plan --build CONTAINER` prints them with to_json().
//
// Paths:
//  * "path"/"target" fields are paths INSIDE the container being built
//    (absolute, e.g. "/etc/motd"); the builder resolves them inside the
//    new root, so a symlink in the image can never point outside it.
//  * host paths are named so: `host_source`, `root_dir`, `project_root`,
//    `cache_dir`, `host_root`.
//
// Execution (runtime.md §5.3-5.5): the builder makes a user namespace with
// `idmap`, new mount, pid and ipc namespaces, prepares `root_dir` (empty,
// with dev, sys, proc, run, tmp and work), binds the system directories and
// the project at /work, copies the host's resolv.conf and hosts into /etc,
// then runs the steps in order with `env` as the initial environment. Every
// command runs chrooted into the new root, with the environment as the
// steps so far have made it. After the last step it does the finish
// (runtime.md §5.4): distribution clean-up, unmounts, truncation of
// resolv.conf/hosts, !Remove and !EmptyDir paths, system and !EnsureDir
// directories, data-dirs.
//
// The ops and the records they hold are declared once in build.vs, which
// generates their types (plan_gen.h), names and JSON form.
#pragma once

#include "compiler/plan/launch_plan.h"
#include "compiler/source/span.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vagga::plan {

// One `setup` step: how progress and timings.log show it, and its ops.
struct BuildStep {
    std::string label; // e.g. `!Sh "make"`, shortened to one line
    std::vector<BuildOp> ops;
    source::Span span;
};

struct BuildPlan {
    std::string container;
    // The full version hash (128 hex), or "" when it is only known after
    // the build (then the CLI computes it afterwards).
    std::string version;
    IdMap idmap;              // the container's uids/gids (kind Container)
    std::string root_dir;     // host: the directory that becomes the image
    std::string project_root; // host: bound at /work
    std::string cache_dir;    // host: /vagga/cache (`cache-dir` or <base>/.cache)
    // The initial build environment (TERM, HOME, PATH, proxies).
    std::vector<std::pair<std::string, std::string>> env;
    std::vector<BuildStep> steps;
    // Finish: what to truncate (resolv-conf-path/hosts-file-path), and for a
    // data container what to keep.
    std::vector<std::string> truncate_files;
    std::vector<std::string> data_dirs;
    // `<root_dir>/../timings.log`, one line per phase (runtime.md §5.4).
    std::string timings_log;
    // `image-cache-url` with the name and hash filled in (runtime.md §5.3
    // step 7): a prebuilt image unpacked instead of running the steps. When
    // it cannot be had, the builder says so and builds from the steps.
    std::optional<FetchSource> image;
    // Set by the CLI for a real build, never by lowering (so `_plan` does
    // not show it).
    std::optional<StepSnapshot> snapshot;
};

} // namespace vagga::plan
