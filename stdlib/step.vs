# Build steps (config.md §7): the original's 47 tags, in its validator order
# (which is also the order of the "one of the tags" message), then this
# project's extensions.

union Step
  noun "build step"
  doc "A build step of a container's `setup`."
{
  Alpine(string) doc "Bootstrap Alpine Linux of this version (e.g. `v3.15`).";
  AlpineRepo {
    url: string? doc "The mirror; default: the distribution's.";
    branch: string? doc "The branch; default: the current version.";
    repo: string doc "The repository name (e.g. `community`).";
    tag: string? doc "A tag; packages use it as `pkg@tag`.";
  } doc "Add an Alpine package repository." since "0.7.0";
  Ubuntu(string) doc "Bootstrap Ubuntu of this codename (e.g. `bionic`).";
  UbuntuRepo {
    url: string? doc "The repository URL; default: the distribution's mirror.";
    suite: string? doc "The suite; default: the codename.";
    components: list<string> doc "The components.";
    trusted: bool = false doc "Trust the repository without a key.";
  } doc "Add an apt repository to Ubuntu.";
  UbuntuRelease {
    codename: string? doc "The release codename (preferred).";
    version: string? doc "The release number (deprecated)." deprecated "use `codename`";
    url: string? doc "A root filesystem tarball URL.";
    arch: string = "amd64" doc "The architecture." since "0.5.0";
    keep-chfn-command: bool = false doc "Keep `chfn` (removed by default).";
    eatmydata: bool = true doc "Speed up the build with eatmydata.";
  } doc "Bootstrap an Ubuntu release with options." since "0.3.0";
  UbuntuPPA(string) doc "Add a Launchpad PPA (`user/ppa`)." since "0.4.1";
  UbuntuUniverse doc "Enable Ubuntu's universe component.";
  AptTrust {
    server: string? doc "The key server. Required by this implementation (the original defaulted to Ubuntu's key server).";
    keys: list<string> doc "Key ids to fetch and trust.";
  } doc "Trust apt signing keys." since "0.4.1";
  Repo(string) doc "Add a repository of the current distribution (`suite/component` or `branch/repo`)." since "0.7.0";
  Install(list<string>) doc "Install distribution packages.";
  BuildDeps(list<string>) doc "Install packages for the build and remove them at the end.";
  Git {
    url: string doc "The repository URL.";
    revision: string? doc "The revision to check out.";
    branch: string? doc "The branch to check out.";
    path: abspath doc "Where to check it out in the container.";
  } doc "Check out a git repository." since "0.3.0";
  GitInstall {
    url: string doc "The repository URL.";
    revision: string? doc "The revision to check out.";
    branch: string? doc "The branch to check out.";
    subdir: relpath = "." doc "The folder to build in.";
    script: string = "./configure --prefix=/usr\nmake\nmake install\n" doc "The build script.";
  } doc "Check out a git repository and run a build script in it." since "0.3.0";
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
  } doc "Settings for the following pip steps (replaces earlier settings).";
  Py2Install(list<string>) doc "Install Python 2 packages with pip.";
  Py2Requirements(string) doc "Install Python 2 packages from a requirements file." since "0.2.1";
  Py3Install(list<string>) doc "Install Python 3 packages with pip.";
  Py3Requirements(string) doc "Install Python 3 packages from a requirements file." since "0.2.1";
  Tar {
    url: string doc "An http(s) URL, `./path` in the project, or `/volumes/<name>/...`.";
    sha256: string? doc "The archive's expected SHA-256." since "0.6.0";
    path: abspath = "/" doc "Where to unpack.";
    subdir: relpath = "" doc "The part of the archive to unpack.";
  } doc "Unpack a tar archive.";
  TarInstall {
    url: string doc "An http(s) URL, `./path` in the project, or `/volumes/<name>/...`.";
    sha256: string? doc "The archive's expected SHA-256." since "0.6.0";
    subdir: relpath? doc "The folder to build in; default: the archive's single top-level entry.";
    script: string = "./configure --prefix=/usr\nmake\nmake install\n" doc "The build script.";
  } doc "Unpack a tar archive and run a build script in it.";
  Unzip {
    url: string doc "An http(s) URL, `./path` in the project, or `/volumes/<name>/...`.";
    sha256: string? doc "The archive's expected SHA-256.";
    path: abspath = "/" doc "Where to unpack.";
    subdir: relpath = "" doc "The part of the archive to unpack.";
  } doc "Unpack a zip archive." since "0.6.0";
  Sh(string) doc "Run a shell script with `/bin/sh -exc`.";
  Cmd(list<string>) doc "Run a command (argv).";
  RunAs {
    script: string doc "The shell script.";
    user-id: u32(0..) = 0 doc "The user id.";
    group-id: u32(0..) = 0 doc "The group id.";
    external-user-id: u32(0..)? doc "The host user id to map to.";
    supplementary-gids: list<u32> doc "Additional group ids.";
    work-dir: path = "/work" doc "The working directory.";
    isolate-network: bool = false doc "Run without network access." since "0.7.0";
  } doc "Run a script as another user." since "0.6.0";
  Env(map<string, string>) doc "Set environment variables for the following build steps.";
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
  } doc "Copy files from the project into the container." since "0.5.0";
  Download {
    url: string doc "An http(s) URL, `./path` or `/volumes/<name>/...`.";
    path: abspath doc "Where to put the file.";
    mode: u32(0..0o1777) = 0o644 doc "The file's mode.";
    sha256: string? doc "The file's expected SHA-256." since "0.8.0";
  } doc "Download a file." since "0.5.0";
  EnsureDir(abspath) doc "Create a directory (and its parents).";
  CacheDirs(map<abspath, string>) doc "Mount cache directories during the build: path -> cache name.";
  EmptyDir(abspath) doc "Empty a directory.";
  Remove(abspath) doc "Remove a file or directory and keep it empty.";
  Depends {
    path: string doc "The file or folder the container depends on.";
    ignore-regex: string? doc "Paths to skip.";
    include-regex: string? doc "Only paths matching this count." since "0.7.0";
    rules: list<string> doc "Glob rules (`!` excludes) instead of regexes." since "0.8.0";
    no-default-rules: bool? doc "Do not add the default ignore rules." since "0.8.0";
  } shorthand path doc "Rebuild the container when these files change." since "0.2.0";
  Container(string) doc "Start from another container's setup and root." since "0.2.3";
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
  } doc "Build a container described in another config file." since "0.3.0";
  NpmConfig {
    npm-exe: string = "npm" doc "The npm executable.";
    yarn-exe: string = "/usr/bin/yarn" doc "The yarn executable." since "0.8.0";
    yarn-version: string? doc "The yarn version to install." since "0.8.0";
    install-node: bool = true doc "Install node itself.";
    install-yarn: bool = true doc "Install yarn." since "0.8.0";
  } doc "Settings for the following npm steps (replaces earlier settings).";
  NpmDependencies {
    file: string = "package.json" doc "The package file.";
    package: bool = true doc "Install `dependencies`.";
    dev: bool = true doc "Install `devDependencies`.";
    peer: bool = false doc "Install `peerDependencies`.";
    bundled: bool = true doc "Install `bundledDependencies`.";
    optional: bool = false doc "Install `optionalDependencies`.";
  } doc "Install the dependencies a package.json lists.";
  YarnDependencies {
    dir: relpath = "." doc "The folder with package.json.";
    production: bool = false doc "Skip development dependencies.";
    optional: bool = false doc "Install optional dependencies.";
  } doc "Install dependencies with yarn." since "0.8.0";
  NpmInstall(list<string>) doc "Install npm packages globally.";
  GemInstall(list<string>) doc "Install Ruby gems.";
  GemBundle {
    gemfile: string = "Gemfile" doc "The Gemfile.";
    without: list<string> doc "Groups to skip.";
    trust-policy: string? doc "The bundler trust policy.";
  } doc "Install the gems a Gemfile lists.";
  GemConfig {
    install-ruby: bool = true doc "Install ruby itself.";
    gem-exe: string? doc "The gem executable.";
    update-gem: bool = true doc "Update rubygems.";
  } doc "Settings for the following gem steps (replaces earlier settings).";
  ComposerInstall(list<string>) doc "Install PHP packages with composer.";
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
  } doc "Settings for the following composer steps (replaces earlier settings).";
  # An extension, after the original's 47 tags so their order (and the
  # "one of the tags" message) is unchanged.
  Debian(string) doc "Extension: bootstrap Debian of this suite (e.g. `bookworm`) from the Debian mirror the host's apt uses.";
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
