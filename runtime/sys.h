// The runtime's only door to the kernel. Every system call the runtime makes
// goes through a function here; each returns an error value (errno, the
// operation, its argument, the config span that asked for it, and a hint
// naming the fix when we know one) instead of throwing or printing.
//
// One header, split by concern in its sources: sys.cpp (errors, fds,
// opening and reading), sys_fs.cpp (files and folders), sys_mount.cpp
// (mounts and roots), sys_process.cpp (namespaces, exec, ids, waiting),
// sys_signal.cpp (signals, terminal, the event loop), sys_beneath.cpp
// (host paths opened beneath a root), sys_confine.cpp (what a process
// gives up: fds, dumpability, TIOCSTI).
#pragma once

#include "compiler/source/span.h"
#include "process/spawn.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct open_how; // <linux/openat2.h>

namespace vagga::runtime {

struct Error {
    int err = 0;        // errno, 0 when the problem is not a failed syscall
    std::string op;     // "mount", "pivot_root", "newuidmap", ...
    std::string detail; // the path or argument, as the user would recognise it
    source::Span span;  // config line that asked for it (may be none)
    std::string hint;   // how to fix it, when known

    std::string message() const; // "mount /x/proc: Operation not permitted (hint)"
};

using Status = std::optional<Error>; // nullopt = success

template <class T> struct Result {
    T value{};
    std::optional<Error> error;

    bool ok() const { return !error.has_value(); }
};

Error make_error(int err, std::string op, std::string detail);

// Errors cross from the container's processes to the launcher through a
// close-on-exec pipe in this form.
std::string encode_error(const Error& e);
Error decode_error(const std::string& text);

// Owned file descriptor. Every fd the runtime opens is O_CLOEXEC.
class Fd {
  public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    Fd& operator=(Fd&& o) noexcept;
    ~Fd();

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    int release() { return std::exchange(fd_, -1); }
    void reset();

  private:
    int fd_ = -1;
};

struct Pipe {
    Fd read;
    Fd write;
};

// A child process that is killed (SIGKILL) and reaped unless waited for
// (the runner's; the namespace forks of launch, userns and the builder own
// theirs with it too).
using ChildPid = process::Child;

namespace sys {

// --- files ---
Result<Fd> open(const std::string& path, int flags, mode_t mode = 0);
Result<Fd> openat(int dirfd, const std::string& path, int flags, mode_t mode = 0);
// Resolves `path` inside the tree of `root_fd` (RESOLVE_IN_ROOT): absolute
// symlinks and ".." cannot leave the container root.
Result<Fd> open_in_root(int root_fd, const std::string& path, int flags, mode_t mode = 0);
// openat2(2) (errno set on failure), asked again when the kernel answers
// EAGAIN: with RESOLVE_IN_ROOT or RESOLVE_BENEATH, a `..` walked while any
// rename or mount happened on the system cannot be proven to stay inside,
// and the kernel asks the caller to retry. Under load (parallel builds,
// tests) that is not rare.
long openat2_retrying(int dir_fd, const char* path, const struct open_how* how);
Result<Pipe> pipe();
Status write_all(int fd, const std::string& data, const std::string& what);
Status write_all(int fd, const char* data, size_t size, const std::string& what);
// One read(2), retried on EINTR; 0 at EOF.
Result<size_t> read_some(int fd, void* buf, size_t size, const std::string& shown);
Status fsync(int fd, const std::string& shown);
Status unlink_at(int dirfd, const std::string& name, int flags, const std::string& shown);
Status link_at(int from_dir, const std::string& name, int to_dir, const std::string& shown);
// renameat(2): `name` in from_dir becomes `name` in to_dir (replacing a file there).
Status rename_at(int from_dir, const std::string& name, int to_dir, const std::string& shown);
Status chmod_at(int dirfd, const std::string& name, mode_t mode, const std::string& shown);
Status fchdir(int fd, const std::string& shown);
mode_t set_umask(mode_t mask); // the previous one
// Reads until EOF (bounded by `limit` bytes).
Result<std::string> read_all(int fd, size_t limit = 1 << 20);
Result<std::string> read_file(const std::string& path, size_t limit = 1 << 20);
Status mkdirat(int dirfd, const std::string& name, mode_t mode, const std::string& shown);
Status mkdir_p(const std::string& path, mode_t mode); // host path
Status fchmod(int fd, mode_t mode, const std::string& shown);
Status fchown(int fd, uid_t uid, gid_t gid, const std::string& shown);
Status symlinkat(const std::string& target, int dirfd, const std::string& name,
                 const std::string& shown);
bool exists(const std::string& path);
bool stat(const std::string& path, struct stat* st);
bool lstat(const std::string& path, struct stat* st); // the link itself
Status fstat(int fd, struct stat* st, const std::string& shown);
// Copies the tree under `src` into `dst` (dirs, regular files, symlinks;
// other types are skipped). Ownership is kept, or replaced by uid/gid when
// given; a chown the user namespace cannot do is skipped, not an error.
Status copy_tree(int src, int dst, const std::optional<uint32_t>& uid,
                 const std::optional<uint32_t>& gid, const std::string& shown);
// Removes `path` and everything under it (missing is fine).
Status remove_tree(const std::string& path);
Status rename(const std::string& from, const std::string& to);
// An exclusive flock on `path` (created if missing), held while the Fd lives.
Result<Fd> lock_file(const std::string& path);
// Brings `lo` up in a fresh network namespace.
Status loopback_up();
std::string fd_path(int fd); // "/proc/self/fd/N", to name an fd to mount(2)

// --- mounts ---
Status mount(const std::string& source, const std::string& target, const char* fstype,
             unsigned long flags, const std::string& data, const std::string& shown);
// Remounts the bind mount at `target` read-only, keeping the flags the
// kernel locked on it (nosuid, nodev, noexec, atime): in a user namespace a
// remount that drops them fails with EPERM.
Status remount_read_only(const std::string& target, const std::string& shown);
// Makes a whole mount tree read-only (mount_setattr AT_RECURSIVE); falls
// back to the top mount on kernels without mount_setattr.
Status make_tree_read_only(const std::string& target, const std::string& shown);
Status umount_detach(const std::string& target, const std::string& shown);
Status pivot_root_here(const std::string& new_root); // pivot_root(".", ".") trick
// The same into the directory `fd` (O_PATH is enough), by the fd: a mount
// stacked on its path later does not change where we land.
Status pivot_root_fd(int fd, const std::string& shown);
// A detached copy of the whole mount tree whose top is `fd` (open_tree,
// OPEN_TREE_CLONE | AT_RECURSIVE): it stays whole when the original is
// unmounted, and can be attached elsewhere with attach_mount_tree().
Result<Fd> clone_mount_tree(int fd, const std::string& shown);
// Attaches a detached tree at the directory `target` (move_mount).
Status attach_mount_tree(int fd, const std::string& target, const std::string& shown);
Status chdir(const std::string& path);

// --- processes ---
// clone3() with the given CLONE_NEW* flags; returns 0 in the child, like fork
// (but without glibc's fork handlers: the caller must be single-threaded,
// and the child should not use raise()/abort(), which use the parent's
// cached thread id; a later fork() in the child is fine).
Result<pid_t> clone_namespaces(uint64_t flags);
Result<pid_t> fork();
Status unshare(int flags);
Status set_pdeathsig(int sig);
Status exec(const std::string& path, const std::vector<std::string>& argv,
            const std::vector<std::string>& envp);
// Marks every fd >= 3 close-on-exec, so that nothing the launcher inherited
// reaches the container.
Status cloexec_from(int first_fd);

// --- paths beneath a root (sys_beneath.cpp) ---
// How a host path that a config names is kept inside the directory it
// belongs to. Beneath (RESOLVE_BENEATH): `..` past the top, an absolute
// symlink or one leading out fails with EXDEV: for the project, the cache
// and the volumes, where a refusal is clearer than a different file.
// InRoot (RESOLVE_IN_ROOT): `/` and `..` stop at the top, as for a process
// chrooted there: for an image, whose own absolute symlinks (/lib ->
// usr/lib) must work as they do inside the container.
enum class Beneath { Beneath, InRoot };
Result<Fd> open_beneath(int dir_fd, const std::string& rel, int flags, Beneath how,
                        const std::string& shown);
// The same for a host path `path` that starts with the directory `root`.
Result<Fd> open_under(const std::string& path, const std::string& root, Beneath how, int flags);
// Creates `path` (under `root`) and its missing parents with `mode`, never
// through a symlink or `..`; returns it opened (O_RDONLY|O_DIRECTORY), and
// whether the last component was created.
Result<Fd> mkdir_under(const std::string& path, const std::string& root, mode_t mode,
                       bool* created);

// --- confinement (sys_confine.cpp) ---
// Closes every fd >= 3 but `keep`: for processes that never exec (pid 1,
// the builder), where close-on-exec does nothing.
Status close_fds_except(std::vector<int> keep);
// PR_SET_DUMPABLE. A process that never exec'd after clone(CLONE_NEWUSER)
// has its memory owned by the parent's user namespace, so non-dumpable, the
// container's root (whatever its capabilities) cannot open its
// /proc/PID/{root,cwd,fd,mem,environ} or ptrace it. Children inherit it
// until they exec; one that must let a helper write its /proc/PID/uid_map
// (external-user-id) turns it back on once it is inside the container.
Status set_dumpable(bool dumpable);
// A seccomp filter that makes ioctl(TIOCSTI) and ioctl(TIOCLINUX) fail with
// EPERM: a container cannot push input into the user's terminal. Needs
// CAP_SYS_ADMIN in the current user namespace (call before dropping ids).
Status deny_terminal_injection();
// Like cloexec_from(3), except that each `from` fd is placed at its `to`
// number and stays open across exec (pass-tcp-socket).
Status pass_fds(const std::vector<std::pair<int, int>>& from_to);
// A TCP socket bound to ip:port and listening (backlog 128, SO_REUSEADDR).
Result<Fd> listen_tcp(const std::string& ip, uint16_t port, const std::string& shown);
Status set_ids(uid_t uid, gid_t gid, const std::vector<gid_t>* groups);
// Runs several helpers at the same time (newuidmap and newgidmap are
// independent); one status per helper, in order.
std::vector<Status> run_helpers(const std::vector<std::vector<std::string>>& argvs);

// --- signals ---
Status block_signals(const std::vector<int>& sigs, sigset_t* old);
Status restore_signals(const sigset_t& old);
Result<Fd> signalfd(const std::vector<int>& sigs);
// Installs a no-op handler: the kernel drops signals sent from the parent
// namespace to a namespace init whose disposition is the default.
Status catch_signals(const std::vector<int>& sigs);
void reset_signals(); // default dispositions and an empty mask (before exec)
// Sets `sig` to SIG_DFL and returns what it was; restore_disposition undoes it.
struct sigaction default_disposition(int sig);
void restore_disposition(int sig, const struct sigaction& old);

// --- process control ---
uid_t real_uid();
pid_t parent_pid();
gid_t real_gid();
bool executable(const std::string& path);
// The first executable `DIR/name` for the DIRs of a PATH value, or "".
// With `relative`, an empty entry is the current directory and relative
// entries count (a build command's shell semantics); without, only
// absolute entries do (a container's command).
std::string find_in_path(const std::string& name, const std::string& path, bool relative);
// Names a problem of the filesystem holding `path` (e.g. mounted noexec),
// or returns "" when there is none we know of.
std::string filesystem_problem(const std::string& path);
Status set_own_process_group();
void set_process_group(pid_t child);    // setpgid(child, child), best effort
bool is_foreground_tty(int fd);         // fd is a tty whose foreground group is ours
void give_terminal(int fd, pid_t pgrp); // best effort; SIGTTOU must be blocked
// Takes the terminal back for our process group when its foreground group
// no longer exists (the command that had it is gone).
void reclaim_terminal(int fd);
void give_terminal_to_self(int fd); // our own group (we lead it) becomes foreground
void take_terminal(int fd);         // make our group the foreground (if fd is a tty)
void stop_self();                   // SIGSTOP: the shell sees the job as stopped
void send_signal(pid_t pid, int sig);
void send_group_signal(pid_t pgrp, int sig);
struct Reaped {
    pid_t pid = 0;
    int status = 0;
    bool stopped = false; // only with report_stops: stopped, not dead
};
// Reaps every exited child without blocking; *none_left is set when the
// process has no children at all any more.
std::vector<Reaped> reap_all(bool* none_left, bool report_stops = false);
// Non-blocking wait for one child; nullopt while it runs.
Result<std::optional<int>> try_wait(pid_t pid);
Result<int> wait_for(pid_t pid); // blocking; the wait status
// What woke a wait loop: a signal from the signalfd, a byte on a control
// pipe (or its EOF), or the timeout.
struct Event {
    int signal = 0;
    int byte = -1;
    bool eof = false;
    bool timeout = false;
};
// Waits on a signalfd and optionally a pipe (`fd` < 0: none);
// timeout_ms -1 = no timeout.
Result<Event> next_event(int sigfd, int fd, int timeout_ms);
[[noreturn]] void exit_now(int code);

// Converts a wait status to a shell-style code: N, or 128+signal.
int exit_code_of(int wait_status);
// "exited with code N" / "killed by signal SIGTERM[15]" (runtime.md §3.4).
std::string describe_status(int wait_status);
std::string signal_name(int sig); // "SIGTERM"

// --- builder (runtime/build/): work relative to directory fds, so that
// paths inside the image being built are resolved without following a
// final symlink out of it ---
Status chroot(const std::string& path);
// fstatat(AT_SYMLINK_NOFOLLOW).
Status lstat_at(int dirfd, const std::string& name, struct stat* st, const std::string& shown);
// The names in a directory (without "." and ".."), in readdir order.
Result<std::vector<std::string>> list_dir(int dirfd, const std::string& shown);
Result<std::vector<std::string>> list_dir(const std::string& path);
Result<std::string> read_link_at(int dirfd, const std::string& name, const std::string& shown);
// Owner and times of `name` in `dirfd`, never following a final symlink.
Status chown_at(int dirfd, const std::string& name, uid_t uid, gid_t gid, const std::string& shown);
Status set_times_at(int dirfd, const std::string& name, const struct timespec& atime,
                    const struct timespec& mtime, const std::string& shown);
// Copies the bytes of `from` (read to EOF) to `to`.
Status copy_data(int from, int to, const std::string& shown);

} // namespace sys
} // namespace vagga::runtime
