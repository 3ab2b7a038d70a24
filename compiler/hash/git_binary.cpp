// GitBinary: `git describe` through the git executable, standing in for the
// libgit2 call of the original (DescribeOptions::default, format(None)).
#include "compiler/hash/project_files.h"

#include "process/spawn.h"

#include <cstring>
#include <sys/wait.h>

extern char** environ;

namespace vagga::hash {

Git::Result GitBinary::describe(const std::string& host_dir,
                                const std::optional<std::string>& pattern, std::string& out,
                                std::string& error) {
    // safe.directory: libgit2 as vagga used it did not refuse repositories
    // owned by another user, and the project may be owned by one.
    process::Spec spec;
    spec.argv = {exe_, "-c", "safe.directory=*", "-C", host_dir, "describe", "--abbrev=7"};
    if (pattern) {
        spec.argv.push_back("--match=" + *pattern);
    }
    spec.search_path = true;
    // English messages, so "not a git repository" can be recognised.
    std::vector<std::string> env = {"LC_ALL=C"};
    for (char** e = environ; *e != nullptr; ++e) {
        if (std::strncmp(*e, "LC_ALL=", 7) != 0 && std::strncmp(*e, "LANG=", 5) != 0) {
            env.emplace_back(*e);
        }
    }
    spec.env = std::move(env);
    process::Finished f = process::run(spec, nullptr, true, true);
    if (f.status < 0) {
        error = std::string("can't run git: ") + std::strerror(f.error);
        return Result::Failed;
    }
    if (WIFEXITED(f.status) && WEXITSTATUS(f.status) == process::kExecFailed && f.out.empty() &&
        f.err.empty()) {
        error = "can't run " + exe_;
        return Result::Failed;
    }
    if (WIFEXITED(f.status) && WEXITSTATUS(f.status) == 0) {
        while (!f.out.empty() && (f.out.back() == '\n' || f.out.back() == '\r')) {
            f.out.pop_back();
        }
        out = f.out;
        return Result::Ok;
    }
    error = f.err;
    while (!error.empty() && error.back() == '\n') {
        error.pop_back();
    }
    if (f.err.find("not a git repository") != std::string::npos ||
        f.err.find("cannot change to") != std::string::npos) {
        return Result::NoRepository;
    }
    return Result::Failed;
}

} // namespace vagga::hash
