# Settings files (config.md §1.4-1.7). Every key is optional here: a later
# file overrides only the keys it has, so presence matters; the defaults
# live in the merged compiler/project/settings.h.

fields GlobalCommon
  doc "Keys of the user's settings files."
{
  storage-dir: string? doc "Where containers are stored; a leading `~` is the home folder.";
  storage-subdir-from-env-var: string? doc "A sub-folder of storage-dir named by this environment variable." since "0.7.2";
  cache-dir: string? doc "The shared cache folder; setting it turns shared-cache on.";
  version-check: bool? doc "Check that built containers are up to date (default true).";
  proxy-env-vars: bool? doc "Pass the proxy variables into containers (default true).";
  ubuntu-mirror: string? doc "The Ubuntu mirror.";
  ubuntu-skip-locking: bool? doc "Skip apt locking." since "0.8.1";
  versioned-build-dir: bool? doc "Build in a folder named after the version." since "0.8.1";
  alpine-mirror: string? doc "The Alpine mirror.";
  external-volumes: map<relpath, abspath> doc "Folders usable as `/volumes/<name>` in binds.";
  push-image-script: string? doc "The shell template `_push_image` runs.";
  build-lock-wait: bool? doc "Wait for another build's lock instead of failing.";
  auto-apply-sysctl: bool? doc "Raise the inotify limit with sudo when a command needs it.";
  index-all-images: bool? doc "Index every image built." since "0.7.1";
  hard-link-identical-files: bool? doc "Hard-link identical files between containers." since "0.7.2";
  hard-link-between-projects: bool? doc "Hard-link identical files between projects." since "0.8.1";
  run-symlinks-as-commands: bool? doc "Run a command when vagga is started through its symlink." since "0.7.1";
  disable-auto-clean: bool? doc "Never remove old containers automatically." since "0.8.0";
  environ: map<string, string> doc "Environment variables that win over containers' and commands'.";
  propagate-environ: list<string> doc "Host variables (with `*` patterns) passed into containers." since "0.8.1";
}

struct GlobalSettings
  doc "A user settings file (~/.config/vagga/settings.yaml, ~/.vagga/settings.yaml, ~/.vagga.yaml, $VAGGA_SETTINGS)."
{
  use GlobalCommon;
  site-settings: map<string, SiteSettings> doc "Settings for one project, keyed by its folder.";
}

struct SiteSettings
  doc "Settings applied to one project from a user settings file."
{
  use GlobalCommon;
}

struct LocalSettings
  doc "A project's own settings file (.vagga.settings.yaml, .vagga/settings.yaml)."
{
  version-check: bool? doc "Check that built containers are up to date.";
  shared-cache: bool? doc "Use the shared cache folder.";
  ubuntu-mirror: string? doc "The Ubuntu mirror.";
  ubuntu-skip-locking: bool? doc "Skip apt locking.";
  versioned-build-dir: bool? doc "Accepted; the original never applied it.";
  alpine-mirror: string? doc "The Alpine mirror.";
  run-symlinks-as-commands: bool? doc "Run a command when vagga is started through its symlink.";
  disable-auto-clean: bool? doc "Accepted; the original never applied it.";
  environ: map<string, string> doc "Environment variables that win over containers' and commands'.";
}
