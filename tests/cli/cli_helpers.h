// Runs `vagga ARGS` in-process in a given folder and captures everything.
#pragma once

#include "cli/context.h"
#include "compiler/project/project.h"
#include "helpers.h"

#include <sstream>

namespace vagga::testing {

// Canonical, as getcwd() would give it.
const std::filesystem::path kCorpus = std::filesystem::canonical(VAGGA_CORPUS_DIR);

struct CliResult {
    int code = -1;
    std::string out;
    std::string err;
};

// No HOME: the user's settings files are not read, so results do not
// depend on the machine.
inline CliResult vagga_in(const std::filesystem::path& cwd, std::vector<std::string> args,
                          std::map<std::string, std::string> env = {}) {
    std::ostringstream out, err;
    cli::Context ctx{cwd, std::move(env), out, err};
    CliResult r;
    r.code = cli::run(args, ctx);
    r.out = out.str();
    r.err = err.str();
    return r;
}

} // namespace vagga::testing
