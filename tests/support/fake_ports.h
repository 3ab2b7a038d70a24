// Recording fakes of the application's side effects (app/ports.h), in the
// manner of ninja's VirtualFileSystem and FakeCommandRunner: an in-memory
// file tree with symlinks and locks, a process runner whose runs are
// scripted, a clock that moves only when told, and a console that keeps
// what was printed. Each keeps a log of what was done to it, in order.
#pragma once

#include "app/ports.h"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace vagga::test {

using app::Path;
using app::WallTime;

class FakeClock final : public app::Clock {
  public:
    WallTime now() const override { return wall_; }
    std::chrono::steady_clock::time_point monotonic() const override { return mono_; }
    void advance(std::chrono::seconds s) {
        wall_ += s;
        mono_ += s;
    }

  private:
    WallTime wall_ = WallTime(std::chrono::hours(24 * 365 * 50));
    std::chrono::steady_clock::time_point mono_{};
};

class FakeFiles final : public app::Files {
  public:
    explicit FakeFiles(const FakeClock& clock) : clock_(clock) {
        nodes_["/"] = {Kind::Dir, {}, {}};
    }

    // Seeding, with the parents made as folders.
    void dir(const Path& p);
    void file(const Path& p, WallTime mtime = {});
    void link(const Path& p, const Path& target);
    // Another process holds the lock on `p`. A waiting lock() then calls
    // `on_wait` (which may change the tree or move the clock) and gets it.
    void hold(const Path& p) { held_.insert(p); }
    std::function<void()> on_wait;
    // The next remove_tree of `p` fails with EACCES.
    void fail_removing(const Path& p) { fail_remove_.insert(p); }

    // Every path in the tree, "/" excepted, with a trailing "/" for folders
    // and " -> TARGET" for links; sorted.
    std::vector<std::string> tree() const;
    const std::vector<std::string>& log() const { return log_; }

    Kind kind(const Path& p) const override;
    bool exists(const Path& p) const override;
    bool is_dir(const Path& p) const override;
    std::optional<Path> read_link(const Path& p) const override;
    std::optional<Path> canonical(const Path& p) const override;
    std::vector<Path> list(const Path& dir) const override;
    std::optional<WallTime> mtime(const Path& p) const override;
    runtime::Status make_dirs(const Path& p) override;
    runtime::Status symlink(const Path& target, const Path& link) override;
    runtime::Status rename(const Path& from, const Path& to) override;
    runtime::Status remove_tree(const Path& p) override;
    runtime::Status remove_file(const Path& p) override;
    runtime::Status touch(const Path& p) override;
    runtime::Result<std::unique_ptr<app::Lock>> lock(const Path& p, bool wait) override;

  private:
    struct Node {
        Kind kind = Kind::Missing;
        Path target; // for a symlink
        WallTime mtime{};
    };
    // `p` with the symlinks of its folders resolved (and of itself with
    // `follow`); nullopt when a folder on the way is missing.
    std::optional<Path> resolve(const Path& p, bool follow) const;
    const Node* find(const Path& p, bool follow) const;
    void erase_tree(const Path& p);

    const FakeClock& clock_;
    std::map<Path, Node> nodes_;
    std::set<Path> held_;
    std::set<Path> fail_remove_;
    mutable std::vector<std::string> log_;
};

class FakeProcesses final : public app::Processes {
  public:
    struct Run {
        std::vector<std::string> argv;
        std::string input;
    };
    // What a run does and returns; by default it succeeds (status 0).
    std::function<Finished(const Run&)> on_run;
    std::set<int> alive_pids;
    std::vector<Run> runs;

    runtime::Result<Finished> run_with_input(const std::vector<std::string>& argv,
                                             const std::string& input) override;
    bool alive(int pid) const override { return alive_pids.count(pid) != 0; }
};

class RecordingConsole final : public app::Console {
  public:
    std::string out_text;
    std::string err_text;
    std::vector<std::string> diagnostics_seen; // "code: message" each

    void out(std::string_view text) override { out_text += text; }
    void err(std::string_view text) override { err_text += text; }
    void diagnostics(const diag::Diagnostics& d) override;
};

// The four fakes together, and their Ports.
struct FakePorts {
    FakeClock clock;
    FakeFiles files{clock};
    FakeProcesses processes;
    RecordingConsole console;
    app::Ports ports() { return {files, processes, clock, console}; }
};

} // namespace vagga::test
