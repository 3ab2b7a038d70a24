# The ops of build plans (build_plan.h tells the whole shape, the path
# conventions and how the builder runs them). Same language and rules as
# launch.vs. A new op also needs its executor arm in runtime/build/steps.cpp
# (a missing one does not compile).

# Which files of a tree are taken (the same rules as the version hash).
struct BuildFilter {
  ignore_regex: string? doc "regex mode (rules empty)";
  include_regex: string?;
  rules: list<string> doc "glob mode, already combined with defaults";
  glob: bool;
}

enum ArchiveKind { tar, zip }

struct FetchSource
  doc "Where an archive or a download comes from: an http(s) URL (cached in
`<cache_dir>/downloads/<8 hex>-<basename>`), or a host file (`./x` in the
project, `/volumes/NAME/...` of an external volume) resolved by lowering."
{
  url: string doc "as written, for messages";
  host_path: string doc "set for a local file";
  host_root: string doc "what host_path stays beneath (Resolve::Beneath)";
  sha256: string?;
}

enum Distro { debian, ubuntu, alpine }

struct StepSnapshot
  doc "A kept root after the first `steps` steps, so that a rebuild which
changed only later steps starts from it (runtime/build/snapshot.h)."
{
  dir: string doc "host: its folder (key, state.json, root), in the build's folder";
  steps: u32 doc "how many steps it holds";
  key: string doc "what those steps are: the version's hash after them and their ops";
  reuse: bool doc "false for `_build --force`: a new one is kept all the same";
}

union BuildOp doc "What one `setup` step does, in order." {
  BuildCommand {
    argv: list<string>;
    work_dir: string = "/work";
    uid: u32;
    gid: u32;
    supplementary_gids: list<u32>;
    external_uid: u32? doc "!RunAs external-user-id";
    isolate_network: bool doc "!RunAs isolate-network";
    hide: list<string> doc "folders of the project (paths in the image) covered by an
empty one of the builder's while the command runs, so that it cannot change them
(yarn and the project's node_modules); a missing one is made for the command and
removed after. The symlinks the command left in the cover's `.bin` are copied into
/usr/bin with the same target text (language-steps.md §3.5, runtime/build/hidden.h)";
    env: list<pair<string, string>>
      doc "Extra variables for this command only (e.g. apt's DEBIAN_FRONTEND is in
the environment already; this is for one-off needs).";
  } json "command"
    doc "A process run chrooted into the new root: !Sh, !Cmd, !RunAs, and the
scripts of !TarInstall/!GitInstall. argv[0] without '/' is searched in the
build environment's PATH inside the root.";
  BuildEnv {
    vars: list<pair<string, string>>;
  } json "env"
    doc "!Env and the environment a distribution adds: set for the following
commands (later values win).";
  BuildWriteFile {
    path: string;
    contents: string;
    mode: u32 = 0o644;
    make_parents: bool doc "!Text: false (the original creates nothing)";
  } json "write_file" doc "!Text (mode 0644; the parent must exist) and files a distribution writes.";
  BuildEnsureDir {
    path: string;
  } json "ensure_dir" doc "!EnsureDir: mkdir -p now, and again at finish.";
  BuildRemove {
    path: string;
  } json "remove" doc "!Remove: delete now, and again at finish.";
  BuildEmptyDir {
    path: string;
  } json "empty_dir" doc "!EmptyDir: the directory's contents are removed at finish.";
  BuildCacheMount {
    path: string;
    name: string;
    prefix_script: string doc "when set, a shell command run in the root whose
output, trimmed, goes before `path` (gem's folder is only known once ruby is
installed)";
  } json "cache_mount"
    doc "!CacheDirs (and distribution caches): `<cache_dir>/<name>` is bound at
`path` for the rest of the build; the path is emptied first, and the image
keeps an empty directory there.";
  BuildCopy {
    host_source: string doc "host path (the project's file or folder)";
    source_root: string doc "the project (Beneath) or the image (InRoot)";
    resolve: Resolve = as-is;
    path: string;
    filter: BuildFilter;
    owner_uid: u32?;
    owner_gid: u32?;
    umask: u32 = 0o002;
    preserve_permissions: bool;
    preserve_times: bool;
  } json "copy"
    doc "!Copy from the project (or any host path): the selected files are copied
into `path` (runtime.md §5.5 for the mode/time defaults).";
  BuildCopyRoot {
    container: string;
    host_root: string doc "`.roots/NAME.HASH8/root` of the built container";
  } json "copy_root"
    doc "!Container: the other container's whole root is copied into the new root
(owners, modes, times and links kept).";
  BuildFromContainer {
    container: string;
    host_source: string;
    source_root: string doc "the other container's root (Resolve::InRoot)";
    path: string;
    temporary_mount: bool;
  } json "from_container"
    doc "!Build: copy `host_source` (inside another container's built root) to
`path`, or bind it there read-only until the build ends.";
  BuildUnpack {
    kind: ArchiveKind;
    source: FetchSource;
    path: string = "/";
    subdir: string;
  } json "unpack"
    doc "!Tar, !Unzip, the unpack half of !TarInstall: unpack `source`'s `subdir`
into `path` (intermediate directories 0755). Plain (uncompressed) tar is
rejected as the original does.";
  BuildDownload {
    source: FetchSource;
    path: string;
    mode: u32 = 0o644;
  } json "download" doc "!Download.";
  BuildBootstrap {
    distro: Distro;
    release: string doc "suite, codename or Alpine version";
    mirror: string;
    image_url: string doc "Ubuntu only";
    image_fallback_url: string doc "Ubuntu: tried when image_url cannot be had";
    arch: string = "amd64";
    keep_chfn: bool doc "Ubuntu";
    eatmydata: bool doc "Ubuntu";
  } json "bootstrap"
    doc "!Debian SUITE (extension), !Ubuntu, !UbuntuRelease, !Alpine: make the root
a minimal system of the distribution. Debian is bootstrapped with the host's
mmdebstrap or debootstrap from `mirror` (the mirror the host's apt uses);
Ubuntu from its core image tarball `image_url`; Alpine with apk from `mirror`.";
  BuildPackages {
    distro: Distro;
    packages: list<string>;
    build_deps: bool;
  } json "packages"
    doc "!Install and !BuildDeps: packages through the root's package manager
(apt on Debian/Ubuntu, apk on Alpine). Build dependencies are removed at
finish.";
  BuildRepo {
    distro: Distro;
    line: string;
    file: string doc "apt only: /etc/apt/sources.list.d/<file>";
  } json "repo"
    doc "!UbuntuRepo, !UbuntuPPA, !UbuntuUniverse, !AlpineRepo, !Repo: a line added
to the package manager's sources (apt: a sources.list.d file named `file`;
apk: /etc/apk/repositories), and apt's lists refreshed before the next
install.";
  BuildGitCheckout {
    url: string;
    revision: string?;
    branch: string?;
    path: string;
  } json "git_checkout"
    doc "!Git and the checkout half of !GitInstall: the repository is cloned bare
into `<cache_dir>/git/<url with % and / escaped>` (fetched again when it is
there), and the tree of `revision`, else `branch`, else its HEAD is unpacked
into `path` (made with its parents), without a .git and without moving the
cache's branches.";
  BuildFeatures {
    distro: Distro;
    build_only: list<string> doc "removed at finish unless kept by !Install or a system name";
    system: list<string> doc "kept";
  } json "features"
    doc "The distribution packages a language step needs (language-steps.md §1.3-1.4):
build-only names already installed as kept packages are skipped, system names
are kept even when an earlier step installed them as build dependencies; one
install command for what is missing.";
  BuildGetPip {
    python: string doc "the interpreter, run inside the root";
    major: u32 doc "2 reads the version from stderr, 3 from stdout";
    args: list<string> doc "PipConfig get-pip-args";
  } json "get_pip"
    doc "pip bootstrapped as the original does on Ubuntu and Alpine (language-steps.md
§2.4): the interpreter's version is probed, get-pip.py for that version is
fetched (the unversioned one when that fails), cached in
`<cache_dir>/downloads`, and run as `python /tmp/get-pip.py
--target=/tmp/pip-install ARGS`.";
  BuildCapture {
    argv: list<string>;
    env: list<pair<string, string>>;
    work_dir: string = "/";
    file: string doc "a plain name in the container's folder (`.roots/NAME.HASH8/`)";
  } json "capture"
    doc "The package lists at the end of a build (pip freeze, npm ls, gem list,
composer show): the command runs in the root and its output is written to
`file` beside the image. A failing command only warns, as in the original.";
  BuildAptTrust {
    server: string;
    keys: list<string>;
  } json "apt_trust" doc "!AptTrust: keys fetched from `server` into apt's trusted keys.";
}
