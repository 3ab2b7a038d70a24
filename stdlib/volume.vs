# Volumes (config.md §6), in the original's validator order.

union Volume
  noun "volume"
  doc "A filesystem mounted into a container."
{
  Tmpfs {
    size: u64(0..) = "100Mi"
      doc "The size limit in bytes (units such as `100Mi` are allowed).";
    mode: u32(0..0o1777) = 0o1777
      doc "The mode of the mount point.";
    subdirs: map<relpath, TmpfsSubdir>
      doc "Directories created in the tmpfs."
      since "0.4.0";
    files: map<relpath, string?>
      doc "Files created in the tmpfs (null means empty); their parents are not created."
      since "0.7.0";
  } doc "A memory-backed filesystem.";
  VaggaBin doc "vagga's own binary directory, read-only.";
  BindRW(string) doc "A read-write bind of `/work/...` or `/volumes/<name>/...`." since "0.3.0";
  BindRO(string) doc "A read-only bind of `/work/...` or `/volumes/<name>/...`." since "0.5.0";
  CacheDir(string) doc "A directory under vagga's cache directory, created when missing." since "0.7.1";
  Empty doc "An empty read-only filesystem that hides what is below it." since "0.5.0";
  Snapshot {
    size: u64(0..) = "100Mi"
      doc "The size limit in bytes.";
    owner-uid: u32(0..)?
      doc "The owner of the copy (default: the source's).";
    owner-gid: u32(0..)?
      doc "The group of the copy (default: the source's).";
    container: string?
      doc "Copy the same path out of this container instead."
      since "0.7.0";
  } doc "A writable tmpfs copy of the directory." since "0.5.0";
  Container(string) doc "Another container's root, read-only." since "0.6.0";
  Persistent {
    name: string
      doc "The volume's name; it lives in `.vagga/.volumes/<name>`.";
    init-command: string?
      doc "A command that fills the volume the first time.";
    owner-uid: u32(0..) = 0
      doc "The owner of the volume directory.";
    owner-gid: u32(0..) = 0
      doc "The group of the volume directory.";
  } shorthand name doc "A directory that survives container rebuilds." since "0.7.0";
}

struct TmpfsSubdir
  doc "A directory created in a tmpfs volume."
{
  mode: u32(0..0o1777) = 0o755
    doc "The directory's mode.";
}
