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
#pragma once

#include "compiler/source/span.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace vagga::plan {

// Inclusive range of ids as written in `uids: [0-65535]`.
struct IdRange {
    uint32_t start = 0;
    uint32_t end = 0; // inclusive
    bool operator==(const IdRange&) const = default;
};

// How the invoking user's ids are laid out in the new user namespace
// (runtime.md §2.3). Container: 0 -> own id, then the container's `uids` /
// `gids` (minus 0) laid over /etc/subuid. Max: 0 -> own id, then every
// subordinate range mapped to itself (for `_clean` and passthroughs).
enum class MapKind { Container, Max };

struct IdMap {
    MapKind kind = MapKind::Container;
    std::vector<IdRange> uids{{0, 65535}};
    std::vector<IdRange> gids{{0, 65535}};
    source::Span span;
};

// Namespaces besides user/mount/pid, which are always created.
struct Namespaces {
    bool ipc = true;
    bool net = false; // isolate-network: a fresh netns with only `lo` (down)
    source::Span span;
};

// The container's root: bound onto itself, read-only unless writable.
struct Root {
    std::string source; // host path of the image's root
    bool writable = false;
    // transient-hard-link-copy (and `_run -W`): a host path where a copy of
    // `source` made of hard links is created (a stale one is wiped first);
    // the copy is the writable root, and the launcher removes it at exit.
    std::string transient_copy;
    source::Span span;
};

// How the runtime opens a host path that a config named: never outside the
// directory it belongs to (docs/isolation.md).
//  * AsIs: chosen by vagga or the user's own settings (vagga's folder, a
//    container version in the storage): opened as it is.
//  * Beneath: under `root` (the project, the cache or volumes folder, an
//    external volume), with openat2 RESOLVE_BENEATH: `..` past it, an
//    absolute symlink or one leading out of it is refused.
//  * InRoot: under `root` (a container's image), with RESOLVE_IN_ROOT: `/`
//    and `..` stop at the image, as they do inside the container.
enum class Resolve { AsIs, Beneath, InRoot };

// Where a MakeDir path lives.
enum class PathBase {
    Host,      // a host path, e.g. a !Persistent or !CacheDir directory
    Container, // a path inside the container root
};

struct MakeDir {
    PathBase base = PathBase::Container;
    std::string path;
    // Host base: the folder `path` is created beneath (the cache or
    // volumes folder), never through a symlink; empty = `path` as it is.
    std::string root;
    uint32_t mode = 0755;
    bool parents = true;
    std::optional<uint32_t> uid; // inside-namespace ids; only for new dirs
    std::optional<uint32_t> gid;
    source::Span span;
};

// !BindRW, !BindRO, !VaggaBin, !CacheDir, !Persistent, !Container, /work.
struct Bind {
    std::string source;      // host path
    std::string source_root; // what `source` stays beneath (see Resolve)
    Resolve resolve = Resolve::AsIs;
    std::string target; // container path; must exist (image mount point)
    bool read_only = false;
    bool recursive = true;
    source::Span span;
};

struct TmpfsDir {
    std::string path; // relative to the tmpfs
    uint32_t mode = 0755;
};

struct TmpfsFile {
    std::string path;                    // relative to the tmpfs
    std::optional<std::string> contents; // null in the config = empty file
    uint32_t mode = 0644;
};

// !Tmpfs, !Empty (size 1, mode 0, read_only), the default /tmp and /run.
struct Tmpfs {
    std::string target;
    uint64_t size = 100ull << 20;
    uint32_t mode = 01777;
    bool read_only = false;
    std::vector<TmpfsDir> subdirs;
    std::vector<TmpfsFile> files;
    source::Span span;
};

// A fresh procfs for the new pid namespace.
struct Proc {
    std::string target = "/proc";
    source::Span span;
};

// The host /sys, bound recursively and read-only.
struct Sysfs {
    std::string target = "/sys";
    source::Span span;
};

// A minimal /dev: a small tmpfs with null, zero, full, random, urandom and tty
// bound from the host, a new devpts instance with ptmx, shm, and the
// fd/stdin/stdout/stderr symlinks.
struct Dev {
    std::string target = "/dev";
    source::Span span;
};

struct WriteFile {
    std::string path;
    std::string contents;
    uint32_t mode = 0644;
    source::Span span;
};

struct Symlink {
    std::string path;        // the link, inside the container
    std::string link_target; // what it points to (not resolved)
    source::Span span;
};

// resolv-conf-path / hosts-file-path: the host's file is bound (read-only)
// over `target`, which is created if missing.
enum class HostFileKind { Hosts, ResolvConf };

struct HostFile {
    HostFileKind kind = HostFileKind::Hosts;
    std::string target;
    source::Span span;
};

// !Persistent with `init-command`, when the running command is that init
// command (runtime.md §2.5): under the lock `<volumes_dir>/.tmp.<name>.lock`
// the volume is built in a fresh `<volumes_dir>/.tmp.<name>` bound on
// `target`, and renamed to `<volumes_dir>/<name>` when the command exits 0.
// If `<name>` already exists, it is bound as usual. (Without init-command,
// !Persistent is MakeDir{Host} + Bind.)
struct InitVolume {
    std::string volumes_dir; // host path of .volumes
    std::string name;
    std::string target;
    uint32_t owner_uid = 0; // inside-namespace ids of the new directory
    uint32_t owner_gid = 0;
    source::Span span;
};

// !Snapshot: a tmpfs over `target` filled with a copy of `source` (a host
// path, e.g. another container's root + target) or, when empty, of the
// target's own current content. Keeps the target's mode and owner unless
// owner_uid/owner_gid override them.
struct Snapshot {
    std::string target;
    std::string source;      // empty = the target's own content
    std::string source_root; // the other container's root (Resolve::InRoot)
    uint64_t size = 100ull << 20;
    std::optional<uint32_t> owner_uid;
    std::optional<uint32_t> owner_gid;
    source::Span span;
};

// The complete environment of the command (lowering has merged every source).
struct SetEnv {
    std::vector<std::pair<std::string, std::string>> vars;
    source::Span span;
};

struct WorkDir {
    std::string path = "/work";
    source::Span span;
};

struct User {
    uint32_t uid = 0;
    uint32_t gid = 0;
    std::vector<uint32_t> supplementary_gids;
    // `external-user-id`: run in one more user namespace where `uid` is
    // this id of the container's namespace (and every gid maps to itself).
    std::optional<uint32_t> external_uid;
    source::Span span;
};

// wait: our pid 1 waits for the command, then exits (the kernel kills the
// rest of the namespace). wait_all_children: also waits for every other
// process. exec: the command itself is pid 1 (the original ignored pid1mode).
enum class Pid1Mode { Wait, WaitAllChildren, Exec };

struct Pid1 {
    Pid1Mode mode = Pid1Mode::Wait;
    source::Span span;
};

// `pass-tcp-socket`: the launcher binds and listens on `address` (PORT,
// *:PORT, IP:PORT; backlog 128, SO_REUSEADDR) before anything starts, and
// the command gets the socket as file descriptor `fd`.
struct ListenSocket {
    std::string address;
    uint32_t fd = 3;
    source::Span span;
};

struct Exec {
    std::vector<std::string> argv;
    bool search_path = true; // argv[0] without '/' is searched in SetEnv's PATH
    source::Span span;
};

// What is laid over a container's root, in order.
using Mount = std::variant<MakeDir, Bind, Tmpfs, Proc, Sysfs, Dev, WriteFile, Symlink, HostFile,
                           Snapshot, InitVolume>;

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

enum class SuperviseMode { StopOnFailure, WaitAllSuccessful };

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


// Enum vocabularies, shared by JSON and messages.
std::string_view to_string(MapKind k);
std::string_view to_string(PathBase b);
std::string_view to_string(Resolve r);
std::string_view to_string(HostFileKind k);
std::string_view to_string(Pid1Mode m);
std::string_view to_string(SuperviseMode m);

} // namespace vagga::plan
