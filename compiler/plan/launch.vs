# The parts and ops of launch plans (launch_plan.h tells the whole shape).
# schemagen --plan turns these into the C++ types (generated/plan_gen.h), the
# enum and op names, and the JSON readers and writers (plan_json_gen.cpp).
#
# A struct is a record; its fields are written to JSON in this order, under
# their key (or `json "name"`). `located` adds the span of the config line
# that caused the value (written as "span" when known). A union is a closed
# set of ops, each a located record written as {"op": NAME, fields..., span}.
# launch_plan.h tells the path conventions; a new mount op also needs its arm
# in runtime/mount_tree.cpp (a missing one does not compile).

struct IdRange tuple noun "an id range"
  doc "Inclusive range of ids as written in `uids: [0-65535]`; JSON [start, end]."
{
  start: u32;
  end: u32 doc "inclusive";
}

enum MapKind
  doc "How the invoking user's ids are laid out in the new user namespace
(runtime.md §2.3). Container: 0 -> own id, then the container's `uids` /
`gids` (minus 0) laid over /etc/subuid. Max: 0 -> own id, then every
subordinate range mapped to itself (for `_clean` and passthroughs)."
{ container, max }

struct IdMap located {
  kind: MapKind json "map";
  uids: list<IdRange> = [[0, 65535]];
  gids: list<IdRange> = [[0, 65535]];
}

struct Namespaces located
  doc "Namespaces besides user/mount/pid, which are always created."
{
  ipc: bool = true;
  net: bool = false doc "isolate-network: a fresh netns with only `lo` (down)";
}

struct Root located
  doc "The container's root: bound onto itself, read-only unless writable."
{
  source: string doc "host path of the image's root";
  writable: bool;
  transient_copy: string
    doc "transient-hard-link-copy (and `_run -W`): a host path where a copy of
`source` made of hard links is created (a stale one is wiped first); the copy
is the writable root, and the launcher removes it at exit.";
}

enum Resolve
  doc "How the runtime opens a host path that a config named: never outside the
directory it belongs to (docs/isolation.md).
 * as-is: chosen by vagga or the user's own settings (vagga's folder, a
   container version in the storage): opened as it is.
 * beneath: under `root` (the project, the cache or volumes folder, an
   external volume), with openat2 RESOLVE_BENEATH: `..` past it, an absolute
   symlink or one leading out of it is refused.
 * in-root: under `root` (a container's image), with RESOLVE_IN_ROOT: `/` and
   `..` stop at the image, as they do inside the container."
{ as-is, beneath, in-root }

enum PathBase doc "Where a MakeDir path lives."
{
  host doc "a host path, e.g. a !Persistent or !CacheDir directory",
  container doc "a path inside the container root",
}

struct TmpfsDir {
  path: string required doc "relative to the tmpfs";
  mode: u32 = 0o755;
}

struct TmpfsFile {
  path: string required doc "relative to the tmpfs";
  contents: string? doc "null in the config = empty file";
  mode: u32 = 0o644;
}

enum HostFileKind
  doc "resolv-conf-path / hosts-file-path: the host's file is bound (read-only)
over `target`, which is created if missing."
{ hosts, resolv_conf }

union Mount doc "What is laid over a container's root, in order." {
  MakeDir {
    base: PathBase = container;
    path: string;
    root: string
      doc "Host base: the folder `path` is created beneath (the cache or volumes
folder), never through a symlink; empty = `path` as it is.";
    mode: u32 = 0o755;
    parents: bool = true;
    uid: u32? doc "inside-namespace ids; only for new dirs";
    gid: u32?;
  } json "mkdir";
  Bind {
    source: string doc "host path";
    source_root: string doc "what `source` stays beneath (see Resolve)";
    resolve: Resolve = as-is;
    target: string doc "container path; must exist (image mount point)";
    read_only: bool;
    recursive: bool = true;
  } json "bind" doc "!BindRW, !BindRO, !VaggaBin, !CacheDir, !Persistent, !Container, /work.";
  Tmpfs {
    target: string;
    size: u64 = 104857600 doc "100 MiB";
    mode: u32 = 0o1777;
    read_only: bool;
    subdirs: list<TmpfsDir>;
    files: list<TmpfsFile>;
  } json "tmpfs" doc "!Tmpfs, !Empty (size 1, mode 0, read_only), the default /tmp and /run.";
  Proc {
    target: string = "/proc";
  } json "proc" doc "A fresh procfs for the new pid namespace.";
  Sysfs {
    target: string = "/sys";
  } json "sysfs" doc "The host /sys, bound recursively and read-only.";
  Dev {
    target: string = "/dev";
  } json "dev"
    doc "A minimal /dev: a small tmpfs with null, zero, full, random, urandom and
tty bound from the host, a new devpts instance with ptmx, shm, and the
fd/stdin/stdout/stderr symlinks.";
  WriteFile {
    path: string;
    contents: string;
    mode: u32 = 0o644;
  } json "write_file";
  Symlink {
    path: string doc "the link, inside the container";
    link_target: string doc "what it points to (not resolved)";
  } json "symlink";
  HostFile {
    kind: HostFileKind;
    target: string;
  } json "host_file";
  Snapshot {
    target: string;
    source: string doc "empty = the target's own content";
    source_root: string doc "the other container's root (Resolve::InRoot)";
    size: u64 = 104857600 doc "100 MiB";
    owner_uid: u32?;
    owner_gid: u32?;
  } json "snapshot"
    doc "!Snapshot: a tmpfs over `target` filled with a copy of `source` (a host
path, e.g. another container's root + target) or, when empty, of the target's
own current content. Keeps the target's mode and owner unless
owner_uid/owner_gid override them.";
  InitVolume {
    volumes_dir: string doc "host path of .volumes";
    name: string;
    target: string;
    owner_uid: u32 doc "inside-namespace ids of the new directory";
    owner_gid: u32;
  } json "init_volume"
    doc "!Persistent with `init-command`, when the running command is that init
command (runtime.md §2.5): under the lock `<volumes_dir>/.tmp.<name>.lock` the
volume is built in a fresh `<volumes_dir>/.tmp.<name>` bound on `target`, and
renamed to `<volumes_dir>/<name>` when the command exits 0. If `<name>`
already exists, it is bound as usual. (Without init-command, !Persistent is
MakeDir{Host} + Bind.)";
}

struct SetEnv located
  doc "The complete environment of the command (lowering has merged every source)."
{
  vars: list<pair<string, string>>;
}

struct WorkDir located {
  path: string = "/work";
}

struct User located {
  uid: u32;
  gid: u32;
  supplementary_gids: list<u32>;
  external_uid: u32?
    doc "`external-user-id`: run in one more user namespace where `uid` is this
id of the container's namespace (and every gid maps to itself).";
}

enum Pid1Mode
  doc "wait: our pid 1 waits for the command, then exits (the kernel kills the
rest of the namespace). wait-all-children: also waits for every other process.
exec: the command itself is pid 1 (the original ignored pid1mode)."
{ wait, wait-all-children, exec }

struct Pid1 located {
  mode: Pid1Mode;
}

struct ListenSocket located
  doc "`pass-tcp-socket`: the launcher binds and listens on `address` (PORT,
*:PORT, IP:PORT; backlog 128, SO_REUSEADDR) before anything starts, and the
command gets the socket as file descriptor `fd`."
{
  address: string;
  fd: u32 = 3;
}

struct Exec located {
  argv: list<string>;
  search_path: bool = true doc "argv[0] without '/' is searched in SetEnv's PATH";
}

enum SuperviseMode { stop-on-failure, wait-all-successful }
