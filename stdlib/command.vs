# Commands (config.md §5).

fields CommandCommon
  doc "Fields every kind of command has."
{
  description: string?
    doc "Shown in the command list; the first paragraph of `--help` for commands with `options`.";
  banner: string?
    doc "Accepted for compatibility; the original never used it.";
  banner-delay: u32(0..)?
    doc "Accepted for compatibility; the original never used it.";
  epilog: string?
    doc "Printed after a run that exits with status 0.";
  tags: list<string>
    doc "Tags of a supervise child, for `--only` and `--exclude`.";
  pass-tcp-socket: string?
    doc "Bind a listening TCP socket and pass it as fd 3: `PORT`, `*:PORT`, `IP:PORT` or `host:PORT`."
    since "0.6.0";
  expect-inotify-limit: dec_u64?
    doc "The minimum `fs.inotify.max_user_watches` the command needs (a plain decimal number)."
    since "0.7.0";
  symlink-name: string?
    doc "The name of the symlink `vagga _update_symlinks` creates for this command."
    since "0.7.1";
  prerequisites: list<string>
    doc "Commands to run before this one, each at most once."
    since "0.6.0";
  aliases: list<string>
    doc "Other names this command can be run by."
    since "0.8.1";
  group: string?
    doc "The section title under which the command is listed."
    since "0.8.1";
  isolate-network: bool = false
    doc "Run in a network namespace that only has the loopback interface."
    since "0.7.0";
}

fields RunFields
  doc "Fields of a command that runs one process in a container."
{
  container: string
    doc "The container the command runs in.";
  run: run
    doc "What to run: a list is an argv, a string is run by `/bin/sh -c` (or the container's `default-shell`).";
  work-dir: string?
    doc "The working directory, relative to `/work`; an absolute path replaces `/work`. Default: the directory vagga was started in.";
  accepts-arguments: bool?
    doc "Whether extra command-line arguments are passed on. Default: true when `run` is a list, false when it is a string.";
  environ: map<string, string>
    doc "Environment variables; they win over the container's.";
  volumes: map<abspath, Volume>
    doc "Volumes that replace the container's at the same mount points."
    since "0.6.0";
  pid1mode: Pid1Mode = wait
    doc "How PID 1 behaves: `exec`, `wait` or `wait-all-children`.";
  write-mode: WriteMode = read-only
    doc "`read-only`, or `transient-hard-link-copy` for a writable copy of the root that is thrown away.";
  user-id: u32(0..1073741824) = 0
    doc "The user id the command runs as inside the container.";
  external-user-id: u32(0..1073741824)?
    doc "Experimental: the host user id the command's user maps to."
    since "0.3.0";
  group-id: u32(0..1073741824) = 0
    doc "The group id the command runs as inside the container.";
  supplementary-gids: list<u32(0..1073741824)>
    doc "Additional group ids.";
}

enum Pid1Mode doc "How vagga's PID 1 waits for the command." {
  exec doc "Exec the command as PID 1.",
  wait doc "Wait for the command, then exit.",
  wait-all-children doc "Wait for the command and every process it started.",
}

enum WriteMode doc "Whether the container root is writable." {
  read-only doc "The root is mounted read-only.",
  transient-hard-link-copy doc "A hard-linked copy of the root is made for the run and removed after it.",
}

enum SuperviseMode doc "When a supervise command stops." {
  stop-on-failure doc "Stop every child as soon as one exits.",
  wait-all-successful doc "Wait for all children to exit successfully; stop on the first failure." since "0.7.1",
}

union Command
  noun "command"
  doc "A command: `!Command`, `!CapsuleCommand` or `!Supervise`."
{
  Command {
    use CommandCommon;
    options: string?
      doc "A docopt usage text; the parsed values are exported as `VAGGAOPT_*` and `VAGGACLI_*`."
      since "0.7.0";
    use RunFields;
  } doc "Run one process in a container.";
  CapsuleCommand {
    use CommandCommon;
    options: string?
      doc "A docopt usage text; the parsed values are exported as `VAGGAOPT_*` and `VAGGACLI_*`."
      since "0.7.0";
    uids: list<range>
      doc "User ids mapped into the capsule; empty means 0-65535.";
    gids: list<range>
      doc "Group ids mapped into the capsule; empty means 0-65535.";
    work-dir: string?
      doc "The working directory, relative to `/work`.";
    run: run
      doc "What to run: a list is an argv, a string is run by `/bin/sh -c`.";
    environ: map<string, string>
      doc "Environment variables.";
    accepts-arguments: bool?
      doc "Whether extra command-line arguments are passed on.";
  } doc "Run a command in vagga's own capsule, where containers are built and run on demand." since "0.7.1";
  Supervise {
    use CommandCommon;
    options: string?
      doc "A docopt usage text; the parsed values are exported as `VAGGAOPT_*` and `VAGGACLI_*`."
      since "0.7.0";
    mode: SuperviseMode = stop-on-failure
      doc "`stop-on-failure` or `wait-all-successful`.";
    children: map<string, Child>
      doc "The processes to run together, by name.";
    kill-unresponsive-after: u32(1..86400) = 2
      doc "Seconds between SIGTERM and SIGKILL when stopping children."
      since "0.4.0";
  } doc "Run several processes together and stop them together.";
}

union Child
  noun "supervise child"
  doc "A child of `!Supervise`: `!Command` or `!BridgeCommand`."
{
  Command {
    use CommandCommon;
    use RunFields;
    network: Network?
      doc "The child's address in a network created by `vagga _create_netns`.";
  } doc "A process in its own container.";
  BridgeCommand {
    use CommandCommon;
    use RunFields;
  } doc "A process that runs in the bridge network namespace.";
}

struct Network
  doc "A supervise child's place in the test network."
{
  ip: string
    doc "The child's IP address.";
  hostname: string?
    doc "The child's host name.";
  ports: map<u16, u16>
    doc "External port to internal port.";
}
