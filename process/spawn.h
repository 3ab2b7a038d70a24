// The one way vagga starts a process: spawn with stdin, stdout, stderr and
// extra fds, then wait (or run() to the end, feeding and collecting its
// output). The CLI's builder and tar, the id-map helpers, the builder's
// chrooted commands and bootstrap tools, and the version hash's git all go
// through here; only namespace set-up (clone3, the pid 1 and container
// forks) stays in runtime::sys.
//
// Every fd of ours is close-on-exec, so a child gets exactly its three
// standard fds and the extra ones named in its Spec. Depends on libc only,
// so the compiler (git describe) and the runtime share it.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vagga::process {

// What one of the child's standard fds is.
struct Stdio {
    enum class Kind { Inherit, Null, Fd };
    Kind kind = Kind::Inherit;
    int fd = -1; // Kind::Fd: ours, copied onto the standard number

    static Stdio inherit() { return {}; }
    static Stdio null() { return {Kind::Null, -1}; }
    static Stdio from(int fd) { return {Kind::Fd, fd}; }
};

struct Spec {
    // argv[0] is the program: a path, or a name looked up in PATH when
    // search_path (the child's PATH when env sets one, else ours).
    std::vector<std::string> argv;
    bool search_path = false;
    std::string program; // when set, the file executed; argv[0] stays as it is
    std::optional<std::vector<std::string>> env; // "NAME=value"; nullopt: ours
    Stdio in = Stdio::null();
    Stdio out = Stdio::inherit();
    Stdio err = Stdio::inherit();
    // (our fd, the child's number >= 3): the only other fds it gets.
    std::vector<std::pair<int, int>> fds;
    bool reset_signals = false;   // default dispositions and an empty mask
    bool die_with_parent = false; // SIGKILL when we exit first
    // Runs in the child once its fds are in place, instead of exec'ing argv
    // when argv is empty, else before the exec (chroot, ids). Returns the
    // exit code of a child that cannot go on. The child of a single-threaded
    // parent, so it may allocate.
    std::function<int()> in_child;
};

// A started child: killed (SIGKILL) and reaped unless waited for or released.
class Child {
  public:
    Child() = default;
    explicit Child(pid_t pid) : pid_(pid) {}
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    Child(Child&& o) noexcept : pid_(std::exchange(o.pid_, -1)) {}
    Child& operator=(Child&& o) noexcept;
    ~Child();

    pid_t pid() const { return pid_; }
    bool running() const { return pid_ > 0; }
    pid_t release() { return std::exchange(pid_, -1); }

  private:
    pid_t pid_ = -1;
};

// Exit codes of a child that could not start: an fd could not be set up,
// or the program could not be executed (as a shell says).
constexpr int kSetupFailed = 121;
constexpr int kExecFailed = 127;

// Forks and starts the child; on failure `error` is the errno of fork.
struct Started {
    Child child;
    int error = 0;
};
Started spawn(const Spec& spec);

// The child's wait status (waitpid, EINTR retried); -1 and errno on failure.
int wait(Child& child);

// spawn(), then feed `input` to its stdin (when given; EPIPE from a child
// that stopped reading is not an error), collect stdout and stderr (when
// asked; both at once, so neither can fill up and block the child), and
// wait. `status` is the wait status, or -1 with `error` set.
struct Finished {
    int status = -1;
    int error = 0;
    std::string out;
    std::string err;
};
Finished run(Spec spec, const std::string* input, bool capture_out, bool capture_err);

// argv/envp for exec: pointers into `v`, which must outlive them.
std::vector<char*> c_strings(const std::vector<std::string>& v);
// Marks every fd >= first_fd close-on-exec.
void cloexec_from(int first_fd);
// Copies each (ours, theirs) fd onto its number, which clears close-on-exec
// on the copy, after marking every other fd >= 3 close-on-exec. The sources
// move out of the way of every target first, so they may overlap. False
// with errno set on failure. For a child about to exec.
bool place_fds(const std::vector<std::pair<int, int>>& from_to);
// Default dispositions for every signal and an empty mask.
void reset_signals();

} // namespace vagga::process
