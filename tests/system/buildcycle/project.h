// A throw-away vagga project for the build-cycle tests, and running the
// real `vagga` binary in it as a subprocess (with a timeout, so a hung
// build fails the test instead of hanging it).
#pragma once

#include "tests/common/processes.h"
#include "tests/common/temp_dir.h"

#include <sys/types.h>

#include <string>
#include <vector>

namespace vagga::test {

struct Output {
    int code = -1;
    std::string out;
    std::string err;
    bool timed_out = false;
};

class Project {
  public:
    Project();
    Project(const Project&) = delete;
    Project& operator=(const Project&) = delete;
    ~Project();

    const std::string& dir() const { return dir_; }
    void write(const std::string& rel, const std::string& text) const;
    std::string read(const std::string& rel) const;
    bool exists(const std::string& rel) const;
    // `root.tar.gz` in the project: a busybox-static root with /bin/sh.
    void add_busybox_tarball() const;
    // `.vagga/NAME` -> `.roots/NAME.HASH8/root`: the HASH8 part, or "".
    std::string linked_version(const std::string& name) const;
    // The version directories `.roots/NAME.*` (not .tmp ones).
    std::vector<std::string> versions(const std::string& name) const;

    // Runs `vagga ARGS` in the project (HOME is the project's .home, so no
    // user settings are read; `env` adds variables like VAGGA_SETTINGS).
    Output vagga(const std::vector<std::string>& args, double timeout_s = 120,
                 const std::vector<std::string>& env = {}) const;
    // Runs any program (argv[0] a path) in the project, as vagga() does.
    Output run(const std::vector<std::string>& argv, double timeout_s = 120,
               const std::vector<std::string>& env = {}) const;
    // Starts `vagga ARGS` in the background; returns its pid.
    pid_t start(const std::vector<std::string>& args,
                const std::vector<std::string>& env = {}) const;

  private:
    test::TempDir tmp_;
    std::string dir_;
};

// Output of a finished background vagga (its stdout/stderr are discarded).
int wait_exit(pid_t pid, double timeout_s);

} // namespace vagga::test
