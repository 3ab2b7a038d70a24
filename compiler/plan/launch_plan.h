// Launch plans: what the runtime does to start one command. Lowering
// (IR -> plan) is pure and produces these; the runtime (runtime/) carries
// them out; `vagga _plan` prints them with to_json() and tools/tests hand
// them back with from_json().
//
// The shape is the start-up order, so an ill-formed plan cannot be written
// down: the id maps and namespaces of the clone, then either one container
// (`Command`: pid 1's mode and the container) or several (`Supervise`). A
// container is its root, the mounts laid over it in order, and the process
// started in it (environment, directory, user, sockets, argv).
//
// Paths:
//  * "target"/"path" fields are paths INSIDE the container (absolute, e.g.
//    "/tmp"); the runtime resolves them inside the container root, so a
//    symlink in the image can never point a mount at the host.
//  * "source" fields are host paths (as the launcher sees them), opened as
//    their `Resolve` says.
// Every part keeps the Span of the config line that caused it (none = default).
//
// The parts and ops (id maps, namespaces, root, the mounts, environment,
// user, pid 1, sockets, exec) are declared once in launch.vs, which generates
// their types (plan_gen.h), names and JSON form; this header adds the shape
// that holds them.
#pragma once

#include "compiler/source/span.h"
#include "plan_gen.h"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace vagga::plan {

// The process started in a container once its mounts are in place.
struct Process {
    SetEnv env;
    WorkDir workdir;
    User user;
    std::vector<ListenSocket> sockets;
    Exec exec;
};

struct Container {
    Root root;
    std::vector<Mount> mounts;
    Process process;
};

// One container whose process is started by our pid 1.
struct Command {
    Pid1 pid1;
    Container container;
};

// The children share the supervisor's user, pid, ipc and net namespaces;
// each gets its own mount namespace and root.
struct SuperviseChild {
    std::string name;
    Container container;
};

struct Supervise {
    SuperviseMode mode = SuperviseMode::StopOnFailure;
    uint32_t kill_unresponsive_after = 2; // seconds
    std::vector<SuperviseChild> children; // in start order
    source::Span span;
};

struct LaunchPlan {
    IdMap ids;
    Namespaces namespaces;
    std::variant<Command, Supervise> run;
};

// Every container of the plan, in start order.
std::vector<const Container*> containers_of(const LaunchPlan& plan);

} // namespace vagga::plan
