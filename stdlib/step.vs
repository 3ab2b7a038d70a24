# Build steps (config.md §7): the original's 47 tags, in its validator order
# (which is also the order of the "one of the tags" message), then this
# project's extensions.
#
# How to add a build step
# -----------------------
# 1. Declare it here: its fields (or payload type), `doc`, `since`, and
#    - `hash(...)`: the fields the version hash encodes, in the original's
#      order, `"title": key` where the title is not the key in snake_case
#      (`value` is the payload). Irregular encodings (files read, a field
#      hashed only when set) leave it out and add an overload to StepHasher
#      in compiler/hash/version.cpp; a step with neither does not compile.
#    - `label(...)`: the progress label after the tag, literal text and keys
#      (lists show as `[a, b]`, maps as `{k: v}`); or an overload of Detail
#      in compiler/lower/build_label.cpp.
#    - `lowers Op(op_field: key, ...)` when the step is one plan op whose
#      fields are the step's; otherwise an overload of StepLowerer in
#      compiler/lower/build_steps.cpp that returns the ops.
#    The hash goldens (tests/compiler/hash, the corpus hash cases) guard the bytes: add
#    a case with the original's hash for the new step.
# 2. A step that needs an op the builder does not have yet also touches:
#    - compiler/plan/build.vs: the op (fields, `json` name, doc); its struct,
#      name and JSON form are generated;
#    - runtime/build/steps.cpp: the executor's arm (a missing one does not
#      compile), with the work itself in a runtime/build file of its own.
# So a step that reuses an op is this declaration plus at most its lowering;
# a step with a new op touches at most four places (declaration, lowering,
# op, executor). README.md's status table says which steps build.

union Step
  noun "build step"
  doc "A build step of a container's `setup`."
{
  Alpine(string) hash("version": value) label(value) doc "Bootstrap Alpine Linux of this version (e.g. `v3.15`).";
  AlpineRepo {
    url: string? doc "The mirror; default: the distribution's.";
    branch: string? doc "The branch; default: the current version.";
    repo: string doc "The repository name (e.g. `community`).";
    tag: string? doc "A tag; packages use it as `pkg@tag`.";
  } hash(url, branch, repo, tag) doc "Add an Alpine package repository." since "0.7.0";
  Ubuntu(string) hash("codename": value) label(value) doc "Bootstrap Ubuntu of this codename (e.g. `bionic`).";
  UbuntuRepo {
    url: string? doc "The repository URL; default: the distribution's mirror.";
    suite: string? doc "The suite; default: the codename.";
    components: list<string> doc "The components.";
    trusted: bool = false doc "Trust the repository without a key.";
  } hash(url, suite, components, trusted) doc "Add an apt repository to Ubuntu.";
  UbuntuRelease {
    codename: string? doc "The release codename (preferred).";
    version: string? doc "The release number (deprecated)." deprecated "use `codename`";
    url: string? doc "A root filesystem tarball URL.";
    arch: string = "amd64" doc "The architecture." since "0.5.0";
    keep-chfn-command: bool = false doc "Keep `chfn` (removed by default).";
    eatmydata: bool = true doc "Speed up the build with eatmydata.";
  } hash(codename, version, url, arch, keep-chfn-command) # eatmydata is not hashed
    doc "Bootstrap an Ubuntu release with options." since "0.3.0";
  UbuntuPPA(string) hash("ppa_name": value) label(value) doc "Add a Launchpad PPA (`user/ppa`)." since "0.4.1";
  UbuntuUniverse hash() label() doc "Enable Ubuntu's universe component.";
  AptTrust {
    server: string? doc "The key server; default `hkps://keyserver.ubuntu.com:443`, as the original's.";
    keys: list<string> doc "Key ids to fetch and trust.";
  } hash(server, keys) label(keys) doc "Trust apt signing keys." since "0.4.1";
  Repo(string) hash("name": value) label(value) doc "Add a repository of the current distribution (`suite/component` or `branch/repo`)." since "0.7.0";
  Install(list<string>) hash("packages": value) label(value) doc "Install distribution packages.";
  BuildDeps(list<string>) hash("packages": value) label(value) doc "Install packages for the build and remove them at the end.";
  Git {
    url: string doc "The repository URL.";
    revision: string? doc "The revision to check out.";
    branch: string? doc "The branch to check out.";
    path: abspath doc "Where to check it out in the container.";
  } hash(url, revision, branch, path) label(url " -> " path)
    lowers BuildGitCheckout(url: url, revision: revision, branch: branch, path: path)
    doc "Check out a git repository." since "0.3.0";
  GitInstall {
    url: string doc "The repository URL.";
    revision: string? doc "The revision to check out.";
    branch: string? doc "The branch to check out.";
    subdir: relpath = "." doc "The folder to build in.";
    script: string = "./configure --prefix=/usr\nmake\nmake install\n" doc "The build script.";
  } hash(url, revision, branch, subdir, script) label(url) doc "Check out a git repository and run a build script in it." since "0.3.0";
  GitDescribe {
    repo: path = "/work" doc "The repository; a relative path is under `/work`.";
    pattern: string? doc "A `git describe --match` pattern." since "0.8.1";
    output-file: abspath? doc "Where to write the description in the container.";
  } shorthand output-file doc "Make the container version depend on `git describe`." since "0.8.0";
  PipConfig {
    dependencies: bool = false doc "Install dependencies of listed packages.";
    cache-wheels: bool = true doc "Cache built wheels.";
    find-links: list<string> doc "Extra `--find-links` locations.";
    index-urls: list<string> doc "Package indexes.";
    trusted-hosts: list<string> doc "Hosts trusted without HTTPS." since "0.3.0";
    python-exe: string? doc "The python executable.";
    install-python: bool = true doc "Install python itself.";
    allow-pre-releases: bool = false doc "Allow pre-release packages." since "0.8.0";
    get-pip-args: list<string> doc "Extra arguments of get-pip.py.";
  } label() doc "Settings for the following pip steps (replaces earlier settings).";
  Py2Install(list<string>) hash("packages": value) label(value) doc "Install Python 2 packages with pip.";
  Py2Requirements(string) label(value) doc "Install Python 2 packages from a requirements file." since "0.2.1";
  Py3Install(list<string>) hash("packages": value) label(value) doc "Install Python 3 packages with pip.";
  Py3Requirements(string) label(value) doc "Install Python 3 packages from a requirements file." since "0.2.1";
  Tar {
    url: string doc "An http(s) URL, `./path` in the project, or `/volumes/<name>/...`.";
    sha256: string? doc "The archive's expected SHA-256." since "0.6.0";
    path: abspath = "/" doc "Where to unpack.";
    subdir: relpath = "" doc "The part of the archive to unpack.";
  } label(url " -> " path) doc "Unpack a tar archive.";
  TarInstall {
    url: string doc "An http(s) URL, `./path` in the project, or `/volumes/<name>/...`.";
    sha256: string? doc "The archive's expected SHA-256." since "0.6.0";
    subdir: relpath? doc "The folder to build in; default: the archive's single top-level entry.";
    script: string = "./configure --prefix=/usr\nmake\nmake install\n" doc "The build script.";
  } label(url) doc "Unpack a tar archive and run a build script in it.";
  Unzip {
    url: string doc "An http(s) URL, `./path` in the project, or `/volumes/<name>/...`.";
    sha256: string? doc "The archive's expected SHA-256.";
    path: abspath = "/" doc "Where to unpack.";
    subdir: relpath = "" doc "The part of the archive to unpack.";
  } label(url " -> " path) doc "Unpack a zip archive." since "0.6.0";
  Sh(string) hash("script": value) doc "Run a shell script with `/bin/sh -exc`.";
  Cmd(list<string>) hash("command-line": value) label(value) doc "Run a command (argv).";
  RunAs {
    script: string doc "The shell script.";
    user-id: u32(0..) = 0 doc "The user id.";
    group-id: u32(0..) = 0 doc "The group id.";
    external-user-id: u32(0..)? doc "The host user id to map to.";
    supplementary-gids: list<u32> doc "Additional group ids.";
    work-dir: path = "/work" doc "The working directory.";
    isolate-network: bool = false doc "Run without network access." since "0.7.0";
  } hash(user-id, group-id, external-user-id, supplementary-gids, work-dir, isolate-network, script) doc "Run a script as another user." since "0.6.0";
  Env(map<string, string>) label(value) doc "Set environment variables for the following build steps.";
  Text(map<abspath, string>) doc "Write files with the given contents." since "0.2.4";
  Copy {
    source: string doc "The file or folder to copy (usually under `/work`).";
    path: abspath doc "Where to copy it in the container.";
    ignore-regex: string? doc "Paths to skip; default `(^|/)\\.(git|hg|svn|vagga)($|/)|~$|\\.bak$|\\.orig$|^#.*#$`.";
    include-regex: string? doc "Only paths matching this are copied." since "0.7.0";
    rules: list<string> doc "Glob rules (`!` excludes) instead of regexes." since "0.8.0";
    no-default-rules: bool? doc "Do not add the default ignore rules." since "0.8.0";
    owner-uid: u32(0..)? doc "The owner of the copies.";
    owner-gid: u32(0..)? doc "The group of the copies.";
    umask: u32(0..0o777) = 0o002 doc "The umask of the copies." since "0.7.0";
    preserve-permissions: bool = false doc "Keep the source's modes.";
    preserve-times: bool = false doc "Keep the source's times." since "0.8.0";
  } label(source " -> " path) doc "Copy files from the project into the container." since "0.5.0";
  Download {
    url: string doc "An http(s) URL, `./path` or `/volumes/<name>/...`.";
    path: abspath doc "Where to put the file.";
    mode: u32(0..0o1777) = 0o644 doc "The file's mode.";
    sha256: string? doc "The file's expected SHA-256." since "0.8.0";
  } label(url " -> " path) doc "Download a file." since "0.5.0";
  EnsureDir(abspath) hash("path": value) label(value) lowers BuildEnsureDir(path: value) doc "Create a directory (and its parents).";
  CacheDirs(map<abspath, string>) label(value) doc "Mount cache directories during the build: path -> cache name.";
  EmptyDir(abspath) hash("path": value) label(value) lowers BuildEmptyDir(path: value) doc "Empty a directory.";
  Remove(abspath) hash("path": value) label(value) lowers BuildRemove(path: value) doc "Remove a file or directory and keep it empty.";
  Depends {
    path: string doc "The file or folder the container depends on.";
    ignore-regex: string? doc "Paths to skip.";
    include-regex: string? doc "Only paths matching this count." since "0.7.0";
    rules: list<string> doc "Glob rules (`!` excludes) instead of regexes." since "0.8.0";
    no-default-rules: bool? doc "Do not add the default ignore rules." since "0.8.0";
  } label(path) shorthand path doc "Rebuild the container when these files change." since "0.2.0";
  Container(string) label(value) doc "Start from another container's setup and root." since "0.2.3";
  Build {
    container: string doc "The container to copy from.";
    source: abspath = "/" doc "The path in that container.";
    path: abspath? doc "Where to copy it.";
    temporary-mount: abspath? doc "Mount it there during the build instead of copying.";
    content-hash: bool = false doc "Hash the copied files instead of the container's version." since "0.8.1";
    rules: list<string> doc "Glob rules for the copied files." since "0.8.1";
  } doc "Copy files out of another container." since "0.5.0";
  SubConfig {
    source: SubConfigSource doc "Where the other config file is.";
    path: relpath = "vagga.yaml" doc "The config file's path.";
    container: string doc "The container to use from that file.";
    cache: bool? doc "Unused.";
  } label(container) doc "Build a container described in another config file." since "0.3.0";
  NpmConfig {
    npm-exe: string = "npm" doc "The npm executable.";
    yarn-exe: string = "/usr/bin/yarn" doc "The yarn executable." since "0.8.0";
    yarn-version: string? doc "The yarn version to install." since "0.8.0";
    install-node: bool = true doc "Install node itself.";
    install-yarn: bool = true doc "Install yarn." since "0.8.0";
  } label() doc "Settings for the following npm steps (replaces earlier settings).";
  NpmDependencies {
    file: string = "package.json" doc "The package file.";
    package: bool = true doc "Install `dependencies`.";
    dev: bool = true doc "Install `devDependencies`.";
    peer: bool = false doc "Install `peerDependencies`.";
    bundled: bool = true doc "Install `bundledDependencies`.";
    optional: bool = false doc "Install `optionalDependencies`.";
  } label(file) doc "Install the dependencies a package.json lists.";
  YarnDependencies {
    dir: relpath = "." doc "The folder with package.json.";
    production: bool = false doc "Skip development dependencies.";
    optional: bool = false doc "Install optional dependencies.";
  } label(dir) doc "Install dependencies with yarn." since "0.8.0";
  NpmInstall(list<string>) hash("packages": value) label(value) doc "Install npm packages globally.";
  GemInstall(list<string>) hash("packages": value) label(value) doc "Install Ruby gems.";
  GemBundle {
    gemfile: string = "Gemfile" doc "The Gemfile.";
    without: list<string> doc "Groups to skip.";
    trust-policy: string? doc "The bundler trust policy.";
  } label(gemfile) doc "Install the gems a Gemfile lists.";
  GemConfig {
    install-ruby: bool = true doc "Install ruby itself.";
    gem-exe: string? doc "The gem executable.";
    update-gem: bool = true doc "Update rubygems.";
  } hash(install-ruby, gem-exe, update-gem) label() doc "Settings for the following gem steps (replaces earlier settings).";
  ComposerInstall(list<string>) hash("packages": value) label(value) doc "Install PHP packages with composer.";
  ComposerDependencies {
    working-dir: string? doc "The folder with composer.json.";
    dev: bool = true doc "Install development dependencies.";
    prefer: string? doc "`source` or `dist`.";
    ignore-platform-reqs: bool = false doc "Ignore platform requirements.";
    no-autoloader: bool = false doc "Skip the autoloader.";
    no-scripts: bool = false doc "Skip scripts.";
    no-plugins: bool = false doc "Skip plugins.";
    optimize-autoloader: bool = false doc "Optimize the autoloader.";
    classmap-authoritative: bool = false doc "Autoload from the classmap only.";
  } doc "Install the dependencies composer.json lists.";
  ComposerConfig {
    install-runtime: bool = true doc "Install PHP itself.";
    install-dev: bool = false doc "Install PHP development files.";
    runtime-exe: string? doc "The PHP executable.";
    include-path: string? doc "PHP's include path.";
    keep-composer: bool = false doc "Keep composer in the container." since "0.6.0";
    vendor-dir: path? doc "The vendor folder." since "0.6.0";
  } hash(runtime-exe, include-path, install-runtime, install-dev, keep-composer, vendor-dir) label() doc "Settings for the following composer steps (replaces earlier settings).";
  # An extension, after the original's 47 tags so their order (and the
  # "one of the tags" message) is unchanged. Hashed like !Ubuntu: the tag name
  # in front of every step's fields keeps it apart from every original step.
  Debian(string) hash("suite": value) label(value) doc "Extension: bootstrap Debian of this suite (e.g. `bookworm`) from the Debian mirror the host's apt uses.";
}

union SubConfigSource
  noun "sub-config source"
  default Directory
  doc "Where a `!SubConfig` file comes from."
{
  Directory doc "The project folder.";
  Container(string) doc "Another container's root.";
  Git {
    url: string doc "The repository URL.";
    revision: string? doc "The revision.";
    branch: string? doc "The branch.";
  } doc "A git repository (the original aborted when it met this).";
}
