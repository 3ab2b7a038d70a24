// The `vagga` binary: gathers the process's context and hands it to the CLI.
#include "cli/context.h"
#include "runtime/main_guard.h"
#include "runtime/sys.h"

#include <iostream>
#include <unistd.h>

extern char** environ;

namespace {

int vagga_main(int argc, char** argv) {
    // Nothing we inherited reaches a program we start (vagga-build, the
    // id-map helpers, host tools): pid 1 and the builder, which never exec,
    // close theirs themselves.
    (void)vagga::runtime::sys::cloexec_from(3);
    std::error_code ec;
    vagga::cli::Context ctx{std::filesystem::current_path(ec), {}, std::cout, std::cerr};
    for (char** e = environ; e && *e; ++e) {
        std::string kv = *e;
        auto eq = kv.find('=');
        if (eq != std::string::npos)
            ctx.environ.emplace(kv.substr(0, eq), kv.substr(eq + 1));
    }
    std::vector<std::string> args(argv + 1, argv + argc);
    int code = vagga::cli::run(args, ctx);
    std::cout.flush();
    return code;
}

} // namespace

// An unexpected exception is an internal launcher error: 121 (spec §6).
int main(int argc, char** argv) {
    return vagga::runtime::guarded_main("vagga", 121, [&] { return vagga_main(argc, argv); });
}
