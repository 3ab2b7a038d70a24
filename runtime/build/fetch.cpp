#include "runtime/build/fetch.h"

#include "runtime/build/archive.h"
#include "runtime/build/sha256.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <mutex>

namespace vagga::runtime::build {
namespace {

Error with_span(Error e, source::Span span) {
    e.span = span;
    return e;
}

std::string env_value(const EnvVars& env, const std::string& name) {
    for (const auto& [k, v] : env) {
        if (k == name) {
            return v;
        }
    }
    return "";
}

// The proxy for `url` as the build environment says (lower case first, as curl).
std::string proxy_for(const EnvVars& env, const std::string& url) {
    std::string scheme = url.substr(0, url.find(':'));
    std::string v = env_value(env, scheme + "_proxy");
    if (v.empty() && scheme == "https") {
        v = env_value(env, "HTTPS_PROXY");
    }
    return v;
}

std::string url_basename(const std::string& url) {
    std::string path = url.substr(0, url.find_first_of("?#"));
    size_t scheme_end = path.find("://");
    size_t path_start = path.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
    if (path_start == std::string::npos) {
        return "download";
    }
    path = path.substr(path_start);
    while (!path.empty() && path.back() == '/') {
        path.pop_back();
    }
    std::string base = path.substr(path.rfind('/') + 1);
    return base.empty() ? "download" : base;
}

size_t write_to_fd(char* data, size_t size, size_t n, void* user) {
    int fd = *static_cast<int*>(user);
    size_t total = size * n;
    // curl reports CURLE_WRITE_ERROR when we take less than it gave.
    return sys::write_all(fd, data, total, "download") ? 0 : total;
}

// GET `url` into the file `dest` (created or truncated).
Status http_get(const StepContext& ctx, const std::string& url, const std::string& dest) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    auto fd = sys::open(dest, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (!fd.ok()) {
        return fd.error;
    }
    int raw = fd.value.get();
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) {
        return make_error(0, "download", url + ": cannot initialise libcurl");
    }
    char errbuf[CURL_ERROR_SIZE] = {0};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 20L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &write_to_fd);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &raw);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
    // A stalled transfer (under 1 byte/s for a minute) is an error, not a hang.
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "vagga");
    // The build environment, not the builder's own, decides the proxy: ""
    // turns off curl's reading of the process environment.
    std::string proxy = proxy_for(ctx.env, url);
    curl_easy_setopt(c, CURLOPT_PROXY, proxy.c_str());
    std::string no_proxy = env_value(ctx.env, "no_proxy");
    if (no_proxy.empty()) {
        no_proxy = env_value(ctx.env, "NO_PROXY");
    }
    if (!no_proxy.empty()) {
        curl_easy_setopt(c, CURLOPT_NOPROXY, no_proxy.c_str());
    }
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
        return make_error(0, "download",
                          url + ": " + (errbuf[0] ? errbuf : curl_easy_strerror(rc)));
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 400) {
        return make_error(0, "download", url + ": HTTP status " + std::to_string(status));
    }
    if (auto e = sys::fsync(raw, dest)) {
        return e;
    }
    return std::nullopt;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return s;
}

// A file whose sha256 is not the one expected is not kept in the cache.
Status check_sha256(const std::string& path, const std::string& expected, bool remove_bad) {
    auto got = sha256_file(path);
    if (!got.ok()) {
        return got.error;
    }
    if (got.value != lower(expected)) {
        if (remove_bad) {
            (void)sys::unlink_at(AT_FDCWD, path, 0, path);
        }
        return make_error(
            0, "Hashsum mismatch:", "expected " + lower(expected) + " but was " + got.value);
    }
    return std::nullopt;
}

} // namespace

Result<std::string> fetch(StepContext& ctx, const plan::FetchSource& src, source::Span span) {
    using R = Result<std::string>;
    if (!src.host_path.empty()) {
        // Opened once beneath the project (or the external volume) and read
        // through that fd: `../x` or a symlink out of the project is
        // refused. Non-blocking, so that a FIFO cannot hang the build.
        const int flags = O_RDONLY | O_NONBLOCK;
        auto fd = src.host_root.empty()
                      ? sys::open(src.host_path, flags)
                      : sys::open_under(src.host_path, src.host_root, sys::Beneath::Beneath, flags);
        if (!fd.ok()) {
            return R{{}, with_span(*fd.error, span)};
        }
        struct stat st;
        if (auto e = sys::fstat(fd.value.get(), &st, src.host_path)) {
            return R{{}, with_span(*e, span)};
        }
        if (!S_ISREG(st.st_mode)) {
            return R{
                {}, with_span(make_error(0, "open", src.host_path + ": not a regular file"), span)};
        }
        std::string path = sys::fd_path(fd.value.get());
        ctx.held.push_back(std::move(fd.value));
        if (src.sha256) {
            if (auto e = check_sha256(path, *src.sha256, false)) {
                return R{{}, with_span(*e, span)};
            }
        }
        return R{path, std::nullopt};
    }
    const std::string& url = src.url;
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
        return R{
            {},
            with_span(make_error(0, "download", url + ": only http and https URLs are supported"),
                      span)};
    }
    std::string prefix =
        src.sha256 ? lower(src.sha256->substr(0, 8)) : sha256_hex(url).substr(0, 8);
    std::string dir = ctx.cache_dir + "/downloads";
    if (auto e = sys::mkdir_p(dir, 0755)) {
        return R{{}, with_span(*e, span)};
    }
    std::string file = dir + "/" + prefix + "-" + url_basename(url);
    // Several builds may want the same file: one downloads, the others wait.
    auto lock = sys::lock_file(file + ".lock");
    if (!lock.ok()) {
        return R{{}, with_span(*lock.error, span)};
    }
    if (!sys::exists(file)) {
        std::string part = file + ".part";
        if (auto e = http_get(ctx, url, part)) {
            (void)sys::unlink_at(AT_FDCWD, part, 0, part);
            return R{{}, with_span(*e, span)};
        }
        if (auto e = sys::rename(part, file)) {
            return R{{}, with_span(*e, span)};
        }
    }
    if (src.sha256) {
        if (auto e = check_sha256(file, *src.sha256, true)) {
            return R{{}, with_span(*e, span)};
        }
    }
    return R{file, std::nullopt};
}

Status unpack(StepContext& ctx, const plan::BuildUnpack& op) {
    auto archive = fetch(ctx, op.source, op.span);
    if (!archive.ok()) {
        return archive.error;
    }
    auto dest = ensure_dir_in_root(ctx.root, op.path);
    if (!dest.ok()) {
        return with_span(*dest.error, op.span);
    }
    // The archive of a whole system brings its own resolv.conf and hosts;
    // the build needs the host's until the finish truncates them.
    // Both read and replaced in the image's /etc, resolved in the image:
    // an archive's `etc` symlink must not lead to a host file.
    bool at_root = op.path.find_first_not_of('/') == std::string::npos;
    auto read_etc = [&](const char* name) -> std::optional<std::string> {
        auto etc = ensure_dir_in_root(ctx.root, "/etc");
        if (!etc.ok()) {
            return std::nullopt;
        }
        struct stat st;
        if (sys::lstat_at(etc.value.get(), name, &st, name) || !S_ISREG(st.st_mode)) {
            return std::nullopt;
        }
        auto fd = sys::openat(etc.value.get(), name, O_RDONLY | O_NOFOLLOW);
        if (!fd.ok()) {
            return std::nullopt;
        }
        auto text = sys::read_all(fd.value.get());
        return text.ok() ? std::optional<std::string>(text.value) : std::nullopt;
    };
    std::vector<std::pair<std::string, std::string>> saved;
    if (at_root) {
        for (const char* f : {"resolv.conf", "hosts"}) {
            if (auto text = read_etc(f)) {
                saved.emplace_back(f, *text);
            }
        }
    }
    ExtractOptions opts{op.kind, op.subdir, {}, op.source.url};
    if (auto e = extract_archive(archive.value, dest.value.get(), opts)) {
        return with_span(*e, op.span);
    }
    for (const auto& [f, text] : saved) {
        if (read_etc(f.c_str()) == text) {
            continue;
        }
        auto etc = ensure_dir_in_root(ctx.root, "/etc");
        if (!etc.ok()) {
            return with_span(*etc.error, op.span);
        }
        (void)sys::unlink_at(etc.value.get(), f, 0, f); // absent, or replaced just below
        auto fd = sys::openat(etc.value.get(), f, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
        if (!fd.ok()) {
            return with_span(*fd.error, op.span);
        }
        if (auto e = sys::write_all(fd.value.get(), text, f)) {
            return with_span(*e, op.span);
        }
    }
    return std::nullopt;
}

Status download(StepContext& ctx, const plan::BuildDownload& op) {
    auto file = fetch(ctx, op.source, op.span);
    if (!file.ok()) {
        return file.error;
    }
    std::string parent = op.path.substr(0, op.path.rfind('/'));
    auto dir = ensure_dir_in_root(ctx.root, parent);
    if (!dir.ok()) {
        return with_span(*dir.error, op.span);
    }
    std::string name = op.path.substr(op.path.rfind('/') + 1);
    auto in = sys::open(file.value, O_RDONLY);
    if (!in.ok()) {
        return with_span(*in.error, op.span);
    }
    (void)sys::unlink_at(dir.value.get(), name, 0, op.path); // never write through a symlink
    auto out = sys::openat(dir.value.get(), name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
    if (!out.ok()) {
        return with_span(*out.error, op.span);
    }
    if (auto e = sys::copy_data(in.value.get(), out.value.get(), op.path)) {
        return with_span(*e, op.span);
    }
    if (auto e = sys::fchmod(out.value.get(), op.mode, op.path)) {
        return with_span(*e, op.span);
    }
    return std::nullopt;
}

} // namespace vagga::runtime::build
