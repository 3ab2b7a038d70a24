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
#pragma once

#include "compiler/plan/launch_plan.h"
#include "compiler/source/span.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace vagga::plan {

// A process run chrooted into the new root: !Sh, !Cmd, !RunAs, and the
// scripts of !TarInstall/!GitInstall. argv[0] without '/' is searched in
// the build environment's PATH inside the root.
struct BuildCommand {
    std::vector<std::string> argv;
    std::string work_dir = "/work";
    uint32_t uid = 0;
    uint32_t gid = 0;
    std::vector<uint32_t> supplementary_gids;
    std::optional<uint32_t> external_uid; // !RunAs external-user-id
    bool isolate_network = false;         // !RunAs isolate-network
    // Extra variables for this command only (e.g. apt's DEBIAN_FRONTEND is
    // in the environment already; this is for one-off needs).
    std::vector<std::pair<std::string, std::string>> env;
    source::Span span;
};

// !Env and the environment a distribution adds: set for the following
// commands (later values win).
struct BuildEnv {
    std::vector<std::pair<std::string, std::string>> vars;
    source::Span span;
};

// !Text (mode 0644; the parent must exist) and files a distribution writes.
struct BuildWriteFile {
    std::string path;
    std::string contents;
    uint32_t mode = 0644;
    bool make_parents = false; // !Text: false (the original creates nothing)
    source::Span span;
};

// !EnsureDir: mkdir -p now, and again at finish.
struct BuildEnsureDir {
    std::string path;
    source::Span span;
};

// !Remove: delete now, and again at finish.
struct BuildRemove {
    std::string path;
    source::Span span;
};

// !EmptyDir: the directory's contents are removed at finish.
struct BuildEmptyDir {
    std::string path;
    source::Span span;
};

// !CacheDirs (and distribution caches): `<cache_dir>/<name>` is bound at
// `path` for the rest of the build; the path is emptied first, and the
// image keeps an empty directory there.
struct BuildCacheMount {
    std::string path;
    std::string name;
    source::Span span;
};

// Which files of a tree are taken (the same rules as the version hash).
struct BuildFilter {
    std::optional<std::string> ignore_regex; // regex mode (rules empty)
    std::optional<std::string> include_regex;
    std::vector<std::string> rules; // glob mode, already combined with defaults
    bool glob = false;
};

// !Copy from the project (or any host path): the selected files are copied
// into `path` (runtime.md §5.5 for the mode/time defaults).
struct BuildCopy {
    std::string host_source; // host path (the project's file or folder)
    std::string source_root; // the project (Beneath) or the image (InRoot)
    Resolve resolve = Resolve::AsIs;
    std::string path;
    BuildFilter filter;
    std::optional<uint32_t> owner_uid;
    std::optional<uint32_t> owner_gid;
    uint32_t umask = 0002;
    bool preserve_permissions = false;
    bool preserve_times = false;
    source::Span span;
};

// !Container: the other container's whole root is copied into the new root
// (owners, modes, times and links kept).
struct BuildCopyRoot {
    std::string container;
    std::string host_root; // .roots/NAME.HASH8/root of the built container
    source::Span span;
};

// !Build: copy `host_source` (inside another container's built root) to
// `path`, or bind it there read-only until the build ends.
struct BuildFromContainer {
    std::string container;
    std::string host_source;
    std::string source_root; // the other container's root (Resolve::InRoot)
    std::string path;
    bool temporary_mount = false;
    source::Span span;
};

enum class ArchiveKind { Tar, Zip };

// Where an archive or a download comes from: an http(s) URL (cached in
// `<cache_dir>/downloads/<8 hex>-<basename>`), or a host file (`./x` in the
// project, `/volumes/NAME/...` of an external volume) resolved by lowering.
struct FetchSource {
    std::string url;       // as written, for messages
    std::string host_path; // set for a local file
    std::string host_root; // what host_path stays beneath (Resolve::Beneath)
    std::optional<std::string> sha256;
};

// !Tar, !Unzip, the unpack half of !TarInstall: unpack `source`'s `subdir`
// into `path` (intermediate directories 0755). Plain (uncompressed) tar is
// rejected as the original does.
struct BuildUnpack {
    ArchiveKind kind = ArchiveKind::Tar;
    FetchSource source;
    std::string path = "/";
    std::string subdir;
    source::Span span;
};

// !Download.
struct BuildDownload {
    FetchSource source;
    std::string path;
    uint32_t mode = 0644;
    source::Span span;
};

enum class Distro { Debian, Ubuntu, Alpine };

// !Debian SUITE (extension), !Ubuntu, !UbuntuRelease, !Alpine: make the
// root a minimal system of the distribution. Debian is bootstrapped with
// the host's mmdebstrap or debootstrap from `mirror` (the mirror the host's
// apt uses); Ubuntu from its core image tarball `image_url`; Alpine with
// apk from `mirror`.
struct BuildBootstrap {
    Distro distro = Distro::Debian;
    std::string release; // suite, codename or Alpine version
    std::string mirror;
    std::string image_url; // Ubuntu only
    std::string arch = "amd64";
    bool keep_chfn = false; // Ubuntu
    bool eatmydata = false; // Ubuntu
    source::Span span;
};

// !Install and !BuildDeps: packages through the root's package manager
// (apt on Debian/Ubuntu, apk on Alpine). Build dependencies are removed at
// finish.
struct BuildPackages {
    Distro distro = Distro::Debian;
    std::vector<std::string> packages;
    bool build_deps = false;
    source::Span span;
};

// !UbuntuRepo, !UbuntuPPA, !UbuntuUniverse, !AlpineRepo, !Repo: a line
// added to the package manager's sources (apt: a sources.list.d file named
// `file`; apk: /etc/apk/repositories), and apt's lists refreshed before the
// next install.
struct BuildRepo {
    Distro distro = Distro::Debian;
    std::string line;
    std::string file; // apt only: /etc/apt/sources.list.d/<file>
    source::Span span;
};

// !AptTrust: keys fetched from `server` into apt's trusted keys.
struct BuildAptTrust {
    std::string server;
    std::vector<std::string> keys;
    source::Span span;
};

using BuildOp =
    std::variant<BuildCommand, BuildEnv, BuildWriteFile, BuildEnsureDir, BuildRemove, BuildEmptyDir,
                 BuildCacheMount, BuildCopy, BuildCopyRoot, BuildFromContainer, BuildUnpack,
                 BuildDownload, BuildBootstrap, BuildPackages, BuildRepo, BuildAptTrust>;

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
};

std::string_view op_name(const BuildOp& op); // "command", "env", ...
std::string_view to_string(ArchiveKind k);
std::string_view to_string(Distro d);

} // namespace vagga::plan
