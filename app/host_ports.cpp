#include "app/host_ports.h"

#include "compiler/diag/render.h"
#include "runtime/host.h"
#include "runtime/remove.h"
#include "runtime/spawn.h"

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <system_error>

namespace vagga::app {

namespace fs = std::filesystem;

namespace {

runtime::Status from(const std::error_code& ec, const char* op, const Path& p) {
    if (!ec)
        return std::nullopt;
    return runtime::make_error(ec.value(), op, p.string());
}

class FdLock final : public Lock {
  public:
    explicit FdLock(runtime::Fd fd) : fd_(std::move(fd)) {}

  private:
    runtime::Fd fd_;
};

} // namespace

Files::Kind HostFiles::kind(const Path& p) const {
    std::error_code ec;
    switch (fs::symlink_status(p, ec).type()) {
    case fs::file_type::none:
    case fs::file_type::not_found:
        return Kind::Missing;
    case fs::file_type::regular:
        return Kind::File;
    case fs::file_type::directory:
        return Kind::Dir;
    case fs::file_type::symlink:
        return Kind::Symlink;
    case fs::file_type::block:
    case fs::file_type::character:
    case fs::file_type::fifo:
    case fs::file_type::socket:
    case fs::file_type::unknown:
        return Kind::Other;
    }
    return Kind::Other;
}

bool HostFiles::exists(const Path& p) const {
    std::error_code ec;
    return fs::exists(p, ec);
}

bool HostFiles::is_dir(const Path& p) const {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

std::optional<Path> HostFiles::read_link(const Path& p) const {
    std::error_code ec;
    Path t = fs::read_symlink(p, ec);
    if (ec)
        return std::nullopt;
    return t;
}

std::optional<Path> HostFiles::canonical(const Path& p) const {
    std::error_code ec;
    Path t = fs::canonical(p, ec);
    if (ec)
        return std::nullopt;
    return t;
}

std::vector<Path> HostFiles::list(const Path& dir) const {
    std::vector<Path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<WallTime> HostFiles::mtime(const Path& p) const {
    std::error_code ec;
    auto t = fs::last_write_time(p, ec);
    if (ec)
        return std::nullopt;
    return std::chrono::file_clock::to_sys(t);
}

runtime::Status HostFiles::make_dirs(const Path& p) {
    std::error_code ec;
    fs::create_directories(p, ec);
    return from(ec, "mkdir", p);
}

runtime::Status HostFiles::symlink(const Path& target, const Path& link) {
    std::error_code ec;
    fs::create_symlink(target, link, ec);
    return from(ec, "symlink", link);
}

runtime::Status HostFiles::rename(const Path& from_path, const Path& to) {
    std::error_code ec;
    fs::rename(from_path, to, ec);
    return from(ec, "rename", from_path);
}

runtime::Status HostFiles::remove_tree(const Path& p) {
    return runtime::remove_trees({p.string()}, runtime::Host::from_process());
}

runtime::Status HostFiles::remove_file(const Path& p) {
    std::error_code ec;
    fs::remove(p, ec);
    return from(ec, "unlink", p);
}

runtime::Status HostFiles::touch(const Path& p) {
    std::ofstream(p, std::ios::app).close();
    std::error_code ec;
    fs::last_write_time(p, fs::file_time_type::clock::now(), ec);
    return from(ec, "utime", p);
}

runtime::Result<std::unique_ptr<Lock>> HostFiles::lock(const Path& p, bool wait) {
    auto l = runtime::take_lock(p.string(), wait);
    if (!l.ok())
        return {nullptr, l.error};
    return {std::make_unique<FdLock>(std::move(l.value)), std::nullopt};
}

runtime::Result<Processes::Finished>
HostProcesses::run_with_input(const std::vector<std::string>& argv, const std::string& input) {
    Finished f;
    auto r = runtime::run_with_input(argv, input, &f.report);
    if (!r.ok())
        return {{}, r.error};
    f.status = r.value;
    return {std::move(f), std::nullopt};
}

bool HostProcesses::alive(int pid) const {
    return pid > 0 && ::kill(pid, 0) == 0;
}

void StreamConsole::diagnostics(const diag::Diagnostics& d) {
    err_ << diag::render_text(sources_, d);
}

} // namespace vagga::app
