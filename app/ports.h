// The application layer's side effects, each behind a narrow interface, so
// that the build cycle and the collector are unit-tested with recording
// fakes (tests/support/), as ninja's builder is with its VirtualFileSystem
// and FakeCommandRunner. The real implementations are in host_ports.cpp.
//
// Every path here is a host path of the storage that the application made
// up itself (`.vagga/...`, `.roots/NAME.HASH8`); none is taken from a config.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "runtime/sys.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vagga::app {

using Path = std::filesystem::path;
using WallTime = std::chrono::system_clock::time_point;

// A lock that is held while the object lives.
class Lock {
  public:
    virtual ~Lock() = default;
};

class Files {
  public:
    enum class Kind { Missing, File, Dir, Symlink, Other };
    virtual ~Files() = default;

    // What `p` itself is: a symlink is not followed.
    virtual Kind kind(const Path& p) const = 0;
    // Whether `p` exists, and is a directory, following symlinks.
    virtual bool exists(const Path& p) const = 0;
    virtual bool is_dir(const Path& p) const = 0;
    virtual std::optional<Path> read_link(const Path& p) const = 0;
    // `p` with every symlink resolved; nullopt when a part is missing.
    virtual std::optional<Path> canonical(const Path& p) const = 0;
    // The entries of a folder, full paths, sorted; none when unreadable.
    virtual std::vector<Path> list(const Path& dir) const = 0;
    virtual std::optional<WallTime> mtime(const Path& p) const = 0;

    // Creates `p` and its missing parents.
    virtual runtime::Status make_dirs(const Path& p) = 0;
    virtual runtime::Status symlink(const Path& target, const Path& link) = 0;
    virtual runtime::Status rename(const Path& from, const Path& to) = 0;
    // Removes a tree, a file or a link; a missing path is fine. Images hold
    // files of the user's subordinate ids, which the real one removes from
    // inside a user namespace that maps them.
    virtual runtime::Status remove_tree(const Path& p) = 0;
    // Removes one file or link; a missing one is fine.
    virtual runtime::Status remove_file(const Path& p) = 0;
    // Creates `p` when missing and sets its modification time to now.
    virtual runtime::Status touch(const Path& p) = 0;
    // An exclusive lock on the file `p`, created when missing. Without
    // `wait`, a lock held elsewhere is an error with err == EWOULDBLOCK.
    virtual runtime::Result<std::unique_ptr<Lock>> lock(const Path& p, bool wait) = 0;
};

class Clock {
  public:
    virtual ~Clock() = default;
    virtual WallTime now() const = 0; // what file times compare to
    virtual std::chrono::steady_clock::time_point monotonic() const = 0; // for durations
};

class Processes {
  public:
    struct Finished {
        int status = 0;     // the wait status
        std::string report; // what the child wrote on its fd 3
    };
    virtual ~Processes() = default;

    // Runs `argv` (argv[0] absolute) with `input` on its stdin, its stdout
    // sent to our stderr and a pipe as its fd 3, and waits for it.
    virtual runtime::Result<Finished> run_with_input(const std::vector<std::string>& argv,
                                                     const std::string& input) = 0;
    // Whether a process with this pid exists.
    virtual bool alive(int pid) const = 0;
};

// What the user sees: results on stdout, progress and notes on stderr,
// diagnostics rendered against the project's sources.
class Console {
  public:
    virtual ~Console() = default;
    virtual void out(std::string_view text) = 0;
    virtual void err(std::string_view text) = 0;
    virtual void diagnostics(const diag::Diagnostics& d) = 0;
};

struct Ports {
    Files& files;
    Processes& processes;
    Clock& clock;
    Console& console;
};

} // namespace vagga::app
