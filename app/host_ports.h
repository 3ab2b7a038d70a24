// The real side effects behind app/ports.h: the host's files (with
// runtime::remove_trees for images), processes, clocks and streams.
#pragma once

#include "app/ports.h"
#include "compiler/source/source_manager.h"

#include <ostream>

namespace vagga::app {

class HostFiles final : public Files {
  public:
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
    runtime::Result<std::unique_ptr<Lock>> lock(const Path& p, bool wait) override;
};

class HostProcesses final : public Processes {
  public:
    runtime::Result<Finished> run_with_input(const std::vector<std::string>& argv,
                                             const std::string& input) override;
    bool alive(int pid) const override;
};

class SystemClock final : public Clock {
  public:
    WallTime now() const override { return std::chrono::system_clock::now(); }
    std::chrono::steady_clock::time_point monotonic() const override {
        return std::chrono::steady_clock::now();
    }
};

// Diagnostics are rendered as text against `sources`, on `err`.
class StreamConsole final : public Console {
  public:
    StreamConsole(std::ostream& out, std::ostream& err, const source::SourceManager& sources)
        : out_(out), err_(err), sources_(sources) {}
    void out(std::string_view text) override { out_ << text << std::flush; }
    void err(std::string_view text) override { err_ << text; }
    void diagnostics(const diag::Diagnostics& d) override;

  private:
    std::ostream& out_;
    std::ostream& err_;
    const source::SourceManager& sources_;
};

} // namespace vagga::app
