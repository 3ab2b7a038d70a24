// What the network build-cycle tests share: whether the Debian mirror can
// be reached, a wheel for a loopback Python index, and an Ubuntu mirror and
// core image for loopback (no Ubuntu mirror is reachable from here).
#pragma once

#include "tests/system/buildcycle/project.h"

#include <map>
#include <optional>
#include <string>

namespace vagga::test {

// Why the test cannot run (the host's apt names no Debian mirror, or it is
// unreachable); nullopt when it can.
std::optional<std::string> debian_skip();

// A wheel (a zip) made from a one-module source package, in `dir`; its
// file name.
std::string wheel(const std::string& dir, const std::string& name, const std::string& module);

// The files of an Ubuntu mirror under /ubuntu/ (main, restricted and
// universe of `codename` (xenial by default), -updates and -security; `debs`, name -> shell
// script, as one-script packages in xenial main) and a core image at
// /core.tar.gz: a Debian bookworm root that vagga builds in `p` with
// `image_steps` (YAML list items) and packs, with apt told to take the
// unsigned repository. `file_debs`, name -> (path in the root -> content),
// are packages of other files, in xenial main too.
using DebFiles = std::map<std::string, std::string>;
std::map<std::string, std::string>
loopback_ubuntu(const Project& p, const std::string& image_steps,
                const std::map<std::string, std::string>& debs,
                const std::map<std::string, DebFiles>& file_debs = {},
                const std::string& codename = "xenial");

// A shared library built with the host's cc from C `source` (a test's
// stand-in for a distribution's library).
std::string shared_library(const std::string& dir, const std::string& source);

} // namespace vagga::test
