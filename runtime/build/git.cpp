#include "runtime/build/git.h"

#include "compat/git_cache_name.h"
#include "process/spawn.h"
#include "runtime/build/archive.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace vagga::runtime::build {

namespace {

// The host's git, as the original's capsule had it at /usr/bin/git.
constexpr const char* kGit = "/usr/bin/git";

// Runs git builder-side: stdin /dev/null, output onto our stderr (build
// output), never a password prompt that would hang the build.
Status git(std::vector<std::string> args, const std::string& what) {
    process::Spec spec;
    spec.argv = {kGit};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.out = process::Stdio::from(2);
    std::vector<std::string> env = {"GIT_TERMINAL_PROMPT=0", "LC_ALL=C"};
    for (const char* keep : {"PATH", "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                             "no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"}) {
        if (const char* v = ::getenv(keep)) {
            env.push_back(std::string(keep) + "=" + v);
        }
    }
    spec.env = std::move(env);
    process::Finished f = process::run(spec, nullptr, false, false);
    if (f.status < 0) {
        return make_error(f.error, "git", what);
    }
    if (WIFEXITED(f.status) && WEXITSTATUS(f.status) == process::kExecFailed) {
        Error e = make_error(0, "git", std::string(kGit) + " cannot be run");
        e.hint = "install git on the host (the image needs none)";
        return e;
    }
    if (!WIFEXITED(f.status) || WEXITSTATUS(f.status) != 0) {
        return make_error(0, "Error running git " + what, sys::describe_status(f.status));
    }
    return std::nullopt;
}

bool is_dir(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

} // namespace

Status git_checkout(StepContext& ctx, const plan::BuildGitCheckout& op) {
    const std::string name = compat::git_cache_name(op.url);
    if (name.empty() || name == "." || name == ".." || name.size() > 200) {
        return make_error(0, "git", "\"" + op.url + "\" cannot name a cache folder");
    }
    const std::string rev = op.revision ? *op.revision : op.branch ? *op.branch : "HEAD";
    if (rev.empty() || rev[0] == '-') {
        return make_error(0, "git", "\"" + rev + "\" is not a revision");
    }
    const std::string dir = ctx.cache_dir + "/git";
    if (auto e = sys::mkdir_p(dir, 0755)) {
        return e;
    }
    const std::string repo = dir + "/" + name;
    if (is_dir(repo)) {
        // Only the remote HEAD into FETCH_HEAD, as the original: a clone
        // configures no refspec, so branches keep their clone-time values.
        if (auto e = git({"-C", repo, "fetch", "--quiet"}, "fetch " + op.url)) {
            return e;
        }
    } else {
        // A clone interrupted earlier leaves its temporary folder behind;
        // the original then failed for good.
        const std::string tmp = dir + "/.tmp." + name;
        if (auto e = sys::remove_tree(tmp)) {
            return e;
        }
        if (auto e = git({"clone", "--quiet", "--bare", "--", op.url, tmp}, "clone " + op.url)) {
            return e;
        }
        if (auto e = sys::rename(tmp, repo)) {
            return e;
        }
    }
    // The tree of the revision as a compressed tar (the extractor takes
    // only compressed ones), without a checkout that would move the bare
    // repository's branch (the original's `reset --hard` did).
    const std::string archive = dir + "/.archive." + name + ".tar.gz";
    if (auto e = git({"--git-dir", repo, "archive", "--format=tar.gz", "-o", archive,
                      "--end-of-options", rev},
                     "archive " + rev + " of " + op.url)) {
        ::unlink(archive.c_str());
        return e;
    }
    Status st;
    auto dest = ensure_dir_in_root(ctx.root, op.path);
    if (!dest.ok()) {
        st = dest.error;
    } else {
        st = extract_archive(archive, dest.value.get(),
                             ExtractOptions{plan::ArchiveKind::Tar, "", {}, op.url});
    }
    ::unlink(archive.c_str());
    return st;
}

} // namespace vagga::runtime::build
