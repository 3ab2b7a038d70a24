// Bootstrapping a distribution into the root (runtime.md §5.6).
#include "runtime/build/distro.h"

#include "runtime/build/apk_verify.h"
#include "runtime/build/archive.h"
#include "runtime/build/copy.h"
#include "runtime/build/distro_util.h"
#include "runtime/build/fetch.h"
#include "runtime/build/sha256.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <ctime>

namespace vagga::runtime::build {
namespace {

Error with_span(Error e, source::Span span) {
    e.span = span;
    return e;
}

std::vector<std::string> dir_names(const std::string& dir) {
    auto names = sys::list_dir(dir);
    return names.ok() ? names.value : std::vector<std::string>{};
}

bool has_mount_under(const std::string& dir) {
    auto info = sys::read_file("/proc/self/mountinfo", 16 << 20);
    return info.ok() && info.value.find(" " + dir + "/") != std::string::npos;
}

// Moves `from/name` over `to/name` (what was at `to/name` is removed).
Status replace_entry(const std::string& from, const std::string& to, const std::string& name) {
    if (auto e = sys::remove_tree(to + "/" + name)) {
        return e;
    }
    return sys::rename(from + "/" + name, to + "/" + name);
}

// Removes a bootstrap's working directory, unless something is still
// mounted under it (a killed mmdebstrap leaves /dev and /proc there): a
// recursive delete would reach into the host's /dev or /sys.
Status remove_work_dir(const std::string& dir) {
    if (has_mount_under(dir)) {
        return make_error(0, "bootstrap", dir + " still has mounts; not removed");
    }
    return sys::remove_tree(dir);
}

// Moves the bootstrapped system in `tmp` into the root. The builder's own
// parts of the root stay: dev, proc, sys and work (possibly mounted), run
// and tmp (possibly tmpfs: a rename into them would fail with EXDEV, and
// what the bootstrap left there is only runtime state), and the host's
// resolv.conf and hosts; the rest of etc is merged in.
Status move_system(const std::string& tmp, const std::string& root) {
    for (const auto& name : dir_names(tmp)) {
        bool builders = name == "dev" || name == "proc" || name == "sys" || name == "work" ||
                        name == "run" || name == "tmp";
        if (builders && sys::exists(root + "/" + name)) {
            continue;
        }
        if (name == "etc" && sys::exists(root + "/etc")) {
            for (const auto& child : dir_names(tmp + "/etc")) {
                bool ours = child == "resolv.conf" || child == "hosts";
                if (ours && sys::exists(root + "/etc/" + child)) {
                    continue;
                }
                if (auto e = replace_entry(tmp + "/etc", root + "/etc", child)) {
                    return e;
                }
            }
            continue;
        }
        if (auto e = replace_entry(tmp, root, name)) {
            return e;
        }
    }
    return remove_work_dir(tmp);
}

// A user namespace mapping one id (no subuids): tar and dpkg cannot give
// files to root's groups (e.g. staff), so a Debian bootstrap fails.
bool single_id_namespace() {
    auto map = sys::read_file("/proc/self/uid_map");
    if (!map.ok()) {
        return false;
    }
    unsigned long inner = 0, outer = 0, count = 0, total = 0;
    const char* p = map.value.c_str();
    int used = 0;
    while (std::sscanf(p, "%lu %lu %lu%n", &inner, &outer, &count, &used) == 3) {
        total += count;
        p += used;
    }
    return total == 1;
}

// What every apt-based root gets: no daemons started by package scripts,
// no recommended packages, no questions.
Status configure_apt(StepContext& ctx) {
    if (auto e = write_in_root(ctx, "/usr/sbin/policy-rc.d", "#!/bin/sh\nexit 101\n", 0755)) {
        return e;
    }
    if (auto e = write_in_root(ctx, "/etc/apt/apt.conf.d/00vagga",
                               "APT::Install-Recommends \"false\";\n"
                               "APT::Install-Suggests \"false\";\n",
                               0644)) {
        return e;
    }
    // The original's dpkg setting (runtime.md §5.6): no fsync per file. A
    // build that dies is thrown away whole, so what fsync protects is never
    // used, and it is most of dpkg's time on a slow disk.
    if (auto e = write_in_root(ctx, "/etc/dpkg/dpkg.cfg.d/02vagga", "force-unsafe-io\n", 0644)) {
        return e;
    }
    ctx.set_env("DEBIAN_FRONTEND", "noninteractive");
    ctx.apt_lists_fresh = false;
    return std::nullopt;
}

namespace {

bool is_release_word(const std::string& v) {
    if (v.empty() || !std::isalnum(static_cast<unsigned char>(v[0]))) {
        return false;
    }
    return std::all_of(v.begin(), v.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '~' ||
               c == '_' || c == '-';
    });
}

} // namespace

// A minimal Debian is the same whichever container asks for it, and making
// one is most of a cold build (about a minute): the last one made for a
// suite, architecture and mirror is kept in the cache and copied from there
// for a week, after which packages are old enough to fetch afresh (the
// version hash never named them; later steps still update apt's lists).
constexpr time_t kBootstrapMaxAge = 7 * 24 * 3600;

std::string bootstrap_cache(const StepContext& ctx, const plan::BuildBootstrap& op) {
    return ctx.cache_dir + "/debian-bootstrap/" + op.release + "-" + op.arch + "-" +
           sha256_hex(op.mirror).substr(0, 8);
}

bool fresh_bootstrap(const std::string& entry) {
    struct stat st;
    return sys::stat(entry + "/done", &st) && time(nullptr) - st.st_mtime < kBootstrapMaxAge;
}

// Keeps what mmdebstrap made in `tmp` as the cache entry (best effort: a
// build goes on without it).
void keep_bootstrap(const std::string& tmp, const std::string& entry) {
    const std::string part = entry + ".part";
    if (sys::remove_tree(part) || sys::mkdir_p(part + "/root", 0755) ||
        copy_tree(tmp, part + "/root")) {
        (void)sys::remove_tree(part);
        return;
    }
    auto done = sys::open(part + "/done", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    // Another build may have kept one meanwhile: either is as good.
    if (!done.ok() || sys::remove_tree(entry) || sys::rename(part, entry)) {
        (void)sys::remove_tree(part);
    }
}

Status bootstrap_debian(StepContext& ctx, const plan::BuildBootstrap& op) {
    // mmdebstrap wants an empty target, and the root already has the
    // builder's dev, proc, sys (mounted: extracting base-files onto them
    // fails) and etc: bootstrap next to it, on the same filesystem.
    const std::string tmp = ctx.root + ".bootstrap";
    if (auto e = remove_work_dir(tmp)) {
        return e;
    }
    if (auto e = sys::mkdir_p(tmp, 0755)) {
        return e;
    }
    // The release and arch come from the config (`vagga check` validates
    // them too): nothing that a host tool could take for an option, and the
    // operands after `--` for the tool that understands it.
    for (const std::string* v : {&op.release, &op.arch}) {
        if (!is_release_word(*v)) {
            Error e =
                make_error(0, "!Debian", "`" + *v + "` is not a release or architecture name");
            e.span = op.span;
            return e;
        }
    }
    const std::string entry = bootstrap_cache(ctx, op);
    if (fresh_bootstrap(entry)) {
        std::fprintf(stderr, "vagga: Debian %s from the cache (made less than a week ago)\n",
                     op.release.c_str());
        if (auto e = copy_tree(entry + "/root", tmp)) {
            return e;
        }
        if (auto e = move_system(tmp, ctx.root)) {
            return e;
        }
        return configure_apt(ctx);
    }
    std::vector<std::string> argv;
    if (sys::executable("/usr/bin/mmdebstrap")) {
        // root mode works as uid 0 of a user namespace with a range of ids
        // (tested with 65536); device nodes cannot be made there, and
        // mmdebstrap binds the host's into its chroot instead.
        argv = {"/usr/bin/mmdebstrap",
                "--mode=root",
                "--variant=minbase",
                "--arch=" + op.arch,
                "--skip=output/mknod",
                "--",
                op.release,
                tmp,
                op.mirror};
    } else {
        // debootstrap detects the user namespace and binds /dev itself.
        argv = {"debootstrap", "--variant=minbase", "--arch=" + op.arch, op.release, tmp,
                op.mirror};
    }
    if (auto e = run_host(ctx, argv)) {
        if (single_id_namespace()) {
            e->hint = "the packages' files belong to several users and groups: the build "
                      "needs a range of ids (subuids/subgids), not only one";
        }
        return e;
    }
    keep_bootstrap(tmp, entry);
    if (auto e = move_system(tmp, ctx.root)) {
        return e;
    }
    return configure_apt(ctx);
}

Status bootstrap_ubuntu(StepContext& ctx, const plan::BuildBootstrap& op) {
    plan::FetchSource src;
    src.url = op.image_url;
    auto image = fetch(ctx, src, op.span);
    if (!image.ok() && !op.image_fallback_url.empty()) {
        // Releases Canonical no longer supports move to core/unsupported/.
        plan::FetchSource fallback;
        fallback.url = op.image_fallback_url;
        auto second = fetch(ctx, fallback, op.span);
        if (second.ok()) {
            image = std::move(second);
        }
    }
    if (!image.ok()) {
        return image.error;
    }
    auto root_fd = ensure_dir_in_root(ctx.root, "/");
    if (!root_fd.ok()) {
        return root_fd.error;
    }
    ExtractOptions opts{plan::ArchiveKind::Tar,
                        "",
                        {"dev", "sys", "proc", "run", "etc/resolv.conf", "etc/hosts"},
                        op.image_url};
    if (auto e = extract_archive(image.value, root_fd.value.get(), opts)) {
        return e;
    }
    if (auto e = configure_apt(ctx)) {
        return e;
    }
    std::string list;
    for (const char* suffix : {"", "-updates", "-security"}) {
        list += "deb " + op.mirror + " " + op.release + suffix + " main restricted\n";
    }
    if (auto e = write_in_root(ctx, "/etc/apt/sources.list", list, 0644)) {
        return e;
    }
    // eatmydata is installed by the first install (distro_packages.cpp);
    // locale-gen is not run: the build works in the C.UTF-8 locale the
    // image has.
    // trusty and precise have it only as `eatmydata`, in universe.
    bool old = op.release == "trusty" || op.release == "precise";
    ctx.eatmydata_package = !op.eatmydata ? "" : old ? "eatmydata" : "libeatmydata1";
    if (!op.keep_chfn) {
        // chfn fails in a user namespace (no setuid); useradd scripts call it.
        auto dir = ensure_dir_in_root(ctx.root, "/usr/bin");
        if (!dir.ok()) {
            return dir.error;
        }
        (void)sys::unlink_at(dir.value.get(), "chfn", 0, "/usr/bin/chfn");
        if (auto e = sys::symlinkat("/bin/true", dir.value.get(), "chfn", "/usr/bin/chfn")) {
            return e;
        }
    }
    return std::nullopt;
}

// A file from an Alpine mirror that must be signed by one of Alpine's keys
// before anything of it is used (the mirror is plain http by default).
Status check_signed(const std::string& file, const std::string& url, bool whole_package) {
    auto data = sys::read_file(file, 256 << 20);
    if (!data.ok()) {
        return data.error;
    }
    if (auto problem = apk_signature_problem(data.value, alpine_keys(), whole_package)) {
        Error e = make_error(0, "bootstrap", url + ": " + *problem);
        e.hint = "the mirror did not serve what Alpine signed; try another `alpine-mirror`";
        return e;
    }
    return std::nullopt;
}

// Alpine: apk.static from the release's main repository installs
// alpine-base into the root. Trust: the index and the apk-tools-static
// package are checked against Alpine's keys (compiled in) before apk.static
// runs, and apk itself checks every package against the same keys, which
// it finds in the new root's /etc/apk/keys. Not run here (no Alpine mirror
// on this machine); the checks are tested with a key of the tests' own.
Status bootstrap_alpine(StepContext& ctx, const plan::BuildBootstrap& op) {
    std::string rel = op.release.empty() || op.release[0] == 'v' || op.release == "edge"
                          ? op.release
                          : "v" + op.release;
    std::string arch = op.arch == "amd64" ? "x86_64" : op.arch == "arm64" ? "aarch64" : op.arch;
    std::string repo = op.mirror + "/" + rel + "/main";
    plan::FetchSource index_src;
    index_src.url = repo + "/" + arch + "/APKINDEX.tar.gz";
    auto index = fetch(ctx, index_src, op.span);
    if (!index.ok()) {
        return index.error;
    }
    if (auto e = check_signed(index.value, index_src.url, false)) {
        return e;
    }
    // The index is cached under the URL's name: a new apk-tools version
    // appears after the cache is cleaned.
    const std::string work = ctx.root + ".apk";
    if (auto e = sys::remove_tree(work)) {
        return e;
    }
    if (auto e = sys::mkdir_p(work, 0755)) {
        return e;
    }
    auto work_fd = sys::open(work, O_RDONLY | O_DIRECTORY);
    if (!work_fd.ok()) {
        return work_fd.error;
    }
    if (auto e = extract_archive(index.value, work_fd.value.get(),
                                 {plan::ArchiveKind::Tar, "", {}, index_src.url})) {
        return e;
    }
    auto text = sys::read_file(work + "/APKINDEX", 64 << 20);
    if (!text.ok()) {
        return text.error;
    }
    size_t at = text.value.find("\nP:apk-tools-static\n");
    size_t v = at == std::string::npos ? at : text.value.find("\nV:", at + 1);
    if (v == std::string::npos) {
        return make_error(0, "bootstrap", index_src.url + ": no apk-tools-static");
    }
    std::string version = text.value.substr(v + 3, text.value.find('\n', v + 3) - v - 3);
    plan::FetchSource apk_src;
    apk_src.url = repo + "/" + arch + "/apk-tools-static-" + version + ".apk";
    auto apk = fetch(ctx, apk_src, op.span);
    if (!apk.ok()) {
        return apk.error;
    }
    if (auto e = check_signed(apk.value, apk_src.url, true)) {
        return e;
    }
    if (auto e = extract_archive(apk.value, work_fd.value.get(),
                                 {plan::ArchiveKind::Tar, "", {}, apk_src.url})) {
        return e;
    }
    std::string repos = repo + "\n" + op.mirror + "/" + rel + "/community\n";
    if (auto e = write_in_root(ctx, "/etc/apk/repositories", repos, 0644)) {
        return e;
    }
    for (const auto& [name, pem] : alpine_keys()) {
        if (auto e = write_in_root(ctx, "/etc/apk/keys/" + name, pem, 0644)) {
            return e;
        }
    }
    if (auto e = run_host(ctx, {work + "/sbin/apk.static", "--root", ctx.root, "--initdb",
                                "--update-cache", "--repository", repo, "add", "alpine-base"})) {
        return e;
    }
    return sys::remove_tree(work);
}

} // namespace

Status bootstrap(StepContext& ctx, const plan::BuildBootstrap& op) {
    Status st;
    switch (op.distro) {
    case plan::Distro::Debian:
        st = bootstrap_debian(ctx, op);
        break;
    case plan::Distro::Ubuntu:
        st = bootstrap_ubuntu(ctx, op);
        break;
    case plan::Distro::Alpine:
        st = bootstrap_alpine(ctx, op);
        break;
    }
    if (st) {
        return with_span(*st, op.span);
    }
    ctx.distro = op.distro;
    ctx.have_distro = true;
    return std::nullopt;
}

} // namespace vagga::runtime::build
