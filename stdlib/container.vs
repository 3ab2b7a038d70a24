# A container (config.md §4).

struct Container
  doc "How to build a container and how to run processes in it."
{
  setup: list<Step>
    doc "The build steps, in order.";
  data-dirs: list<abspath>
    doc "After the build, keep only these paths (a data container)."
    since "0.7.0";
  image-cache-url: string?
    doc "URL template of a prebuilt image: `${container_name}` and `${short_hash}` are substituted."
    since "0.5.0";
  auto-clean: bool = false
    doc "Remove older versions of this container after a successful build."
    since "0.2.3";
  environ: map<string, string>
    doc "Environment variables of processes run in the container.";
  environ-file: string?
    doc "A file inside the container with KEY=VALUE lines, read at each start; `environ` wins per key.";
  default-shell: list<string>
    doc "The argv used when a command's `run` is a string; an argument `$cmdline` is replaced by the string. Empty means `/bin/sh -c`."
    since "0.8.1";
  resolv-conf-path: abspath? = "/etc/resolv.conf"
    doc "Where the host's resolv.conf is mounted; null turns it off.";
  hosts-file-path: abspath? = "/etc/hosts"
    doc "Where the host's hosts file is mounted; null turns it off.";
  uids: list<range>
    doc "User ids mapped into the container (`N` or `A-B`); empty means 0-65535.";
  gids: list<range>
    doc "Group ids mapped into the container (`N` or `A-B`); empty means 0-65535.";
  volumes: map<abspath, Volume>
    doc "Filesystems mounted into the container, by absolute mount point. Without `/tmp` and `/run` entries, 100 MiB tmpfs volumes are mounted there.";
}
