// What every step executor of the builder works with, inside the build's
// namespaces (we are uid 0 of the container's user namespace, in our own
// mount namespace, still seeing the host's filesystem; the image being
// built is at `root`, the cache at `cache_dir`).
#pragma once

#include "compiler/plan/build_plan.h"
#include "runtime/sys.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace vagga::runtime::build {

using EnvVars = std::vector<std::pair<std::string, std::string>>;

// A mount on a path of the root, undone at the finish.
struct RootMount {
    std::string target; // host path, as resolved in the root
    // A step's mount of a host folder (a cache), which a root restored from
    // a snapshot gets again (snapshot.h). Empty for the builder's own
    // mounts (made again anyway) and for a step's mount of something that
    // cannot be named again (a file of another container, held by an fd).
    std::string source;
    bool by_step = false;
    bool read_only = false;
};

struct StepContext {
    const plan::BuildPlan* plan = nullptr;
    std::string root;      // host path of the new root (plan.root_dir)
    std::string cache_dir; // host path of the cache (plan.cache_dir)
    EnvVars env;           // the build environment as the steps so far made it

    // Runs a command pivoted into the root with the current environment
    // (plus cmd.env), output to stderr, stdin /dev/null; an error names the
    // command and its exit status ("exited with code N").
    std::function<Status(const plan::BuildCommand& cmd)> run;

    // What the distribution steps learned, for later steps and the finish.
    plan::Distro distro = plan::Distro::Debian;
    bool have_distro = false;
    bool apt_lists_fresh = false; // apt-get update done since the last repo change
    // Ubuntu's `eatmydata`: the package the first install installs ("" when
    // not wanted or tried already); then the library apt-get preloads ("" if
    // it could not be installed).
    std::string eatmydata_package;
    std::string eatmydata_preload;
    std::vector<std::string> build_deps;
    std::vector<std::string> packages;     // kept: !Install and language steps' system names
    std::vector<std::string> ensure_dirs;  // !EnsureDir, again at finish
    std::vector<std::string> remove_paths; // !Remove, again at finish
    std::vector<std::string> empty_dirs;   // !EmptyDir, at finish
    std::vector<RootMount> mounts;         // unmounted at finish, last first
    // Local sources (`./x.tar.gz`) opened beneath their root and used
    // through /proc/self/fd/N until the build ends.
    std::vector<Fd> held;

    // Host path of a container path inside the root ("/etc/x" -> root + "/etc/x").
    // Callers that open it must resolve it in the root (sys::open_in_root).
    std::string host_path(const std::string& container_path) const { return root + container_path; }
    // Sets (or replaces) an environment variable for the following commands.
    void set_env(const std::string& name, const std::string& value) {
        for (auto& kv : env)
            if (kv.first == name) {
                kv.second = value;
                return;
            }
        env.emplace_back(name, value);
    }
};

} // namespace vagga::runtime::build
