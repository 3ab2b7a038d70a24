// The `vagga` binary: gathers the process's context and hands it to the CLI.
#include "cli/context.h"

#include <iostream>
#include <unistd.h>

extern char** environ;

int main(int argc, char** argv) {
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
