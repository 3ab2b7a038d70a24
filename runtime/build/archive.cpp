#include "runtime/build/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

namespace vagga::runtime::build {
namespace {

using ReadPtr = std::unique_ptr<struct archive, decltype(&archive_read_free)>;
using WritePtr = std::unique_ptr<struct archive, decltype(&archive_write_free)>;

Error archive_error(struct archive* a, const std::string& shown) {
    const char* msg = archive_error_string(a);
    return make_error(0, "unpack", shown + ": " + (msg ? msg : "archive error"));
}

// "./a//b/" -> "a/b"; "" for the top.
std::string normalize(std::string p) {
    std::string out;
    size_t i = 0;
    while (i < p.size()) {
        size_t j = p.find('/', i);
        if (j == std::string::npos) {
            j = p.size();
        }
        std::string part = p.substr(i, j - i);
        if (!part.empty() && part != ".") {
            out += out.empty() ? part : "/" + part;
        }
        i = j + 1;
    }
    return out;
}

// The entry's path relative to `subdir`, or nullopt when it is not under it.
std::optional<std::string> strip_subdir(const std::string& path, const std::string& subdir) {
    std::string p = normalize(path);
    if (subdir.empty()) {
        return p;
    }
    if (p == subdir) {
        return std::string();
    }
    if (p.size() > subdir.size() && p.compare(0, subdir.size(), subdir) == 0 &&
        p[subdir.size()] == '/') {
        return p.substr(subdir.size() + 1);
    }
    return std::nullopt;
}

bool skipped(const std::string& p, const std::vector<std::string>& skip) {
    for (const auto& s : skip) {
        if (p == s ||
            (p.size() > s.size() && p.compare(0, s.size(), s) == 0 && p[s.size()] == '/')) {
            return true;
        }
    }
    return false;
}

// Restores the working directory and umask changed for the extraction.
struct CwdGuard {
    Fd old;
    mode_t old_umask;
    ~CwdGuard() {
        if (old.valid()) {
            // Nothing relies on the cwd after a build step; keep going.
            (void)sys::fchdir(old.get(), ".");
        }
        sys::set_umask(old_umask);
    }
};

} // namespace

Status extract_archive(const std::string& archive, int dest_fd, const ExtractOptions& opts) {
    ReadPtr in(archive_read_new(), &archive_read_free);
    switch (opts.kind) {
    case plan::ArchiveKind::Tar:
        archive_read_support_filter_all(in.get());
        archive_read_support_format_tar(in.get());
        break;
    case plan::ArchiveKind::Zip:
        archive_read_support_format_zip(in.get());
        break;
    }
    if (archive_read_open_filename(in.get(), archive.c_str(), 1 << 16) != ARCHIVE_OK) {
        return archive_error(in.get(), opts.shown);
    }
    // The original accepts only compressed tarballs.
    if (opts.kind == plan::ArchiveKind::Tar &&
        archive_filter_code(in.get(), 0) == ARCHIVE_FILTER_NONE) {
        return make_error(0, "unpack", opts.shown + ": unexpected compression");
    }
    WritePtr out(archive_write_disk_new(), &archive_write_free);
    archive_write_disk_set_options(
        out.get(), ARCHIVE_EXTRACT_OWNER | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME |
                       ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                       ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS);
    // Numeric ids: the names in the archive mean nothing in the new root.
    archive_write_disk_set_standard_lookup(out.get());

    // libarchive works with paths: extract relative to the destination.
    auto cwd = sys::open(".", O_RDONLY | O_DIRECTORY);
    CwdGuard guard{cwd.ok() ? std::move(cwd.value) : Fd(), sys::set_umask(022)};
    if (auto e = sys::fchdir(dest_fd, opts.shown)) {
        return e;
    }
    const std::string subdir = normalize(opts.subdir);
    archive_entry* entry = nullptr;
    for (;;) {
        int r = archive_read_next_header(in.get(), &entry);
        if (r == ARCHIVE_EOF) {
            break;
        }
        if (r < ARCHIVE_WARN) {
            return archive_error(in.get(), opts.shown);
        }
        auto rel = strip_subdir(archive_entry_pathname(entry), subdir);
        if (!rel || rel->empty() || skipped(*rel, opts.skip)) {
            continue;
        }
        // normalize() made an absolute name relative, as tar does; a ".." is
        // kept, for the write side to refuse (failing the step, not hiding it).
        archive_entry_set_pathname(entry, rel->c_str());
        if (const char* link = archive_entry_hardlink(entry)) {
            auto target = strip_subdir(link, subdir);
            if (!target || target->empty()) {
                continue; // a link to outside the taken part
            }
            archive_entry_set_hardlink(entry, target->c_str());
        }
        r = archive_write_header(out.get(), entry);
        if (r < ARCHIVE_WARN) {
            return make_error(0, "unpack",
                              opts.shown + ": " + *rel + ": " + archive_error_string(out.get()));
        }
        if (archive_entry_size(entry) > 0) {
            const void* buf = nullptr;
            size_t size = 0;
            la_int64_t offset = 0;
            while ((r = archive_read_data_block(in.get(), &buf, &size, &offset)) == ARCHIVE_OK) {
                if (archive_write_data_block(out.get(), buf, size, offset) < ARCHIVE_WARN) {
                    return make_error(0, "unpack",
                                      opts.shown + ": " + *rel + ": " +
                                          archive_error_string(out.get()));
                }
            }
            if (r < ARCHIVE_WARN) {
                return archive_error(in.get(), opts.shown);
            }
        }
        // ARCHIVE_WARN here is an owner the namespace cannot map: the entry
        // stays ours, as the brief of the user namespace allows.
        if (archive_write_finish_entry(out.get()) < ARCHIVE_WARN) {
            return make_error(0, "unpack",
                              opts.shown + ": " + *rel + ": " + archive_error_string(out.get()));
        }
    }
    if (archive_write_close(out.get()) < ARCHIVE_WARN) {
        return make_error(0, "unpack", opts.shown + ": " + archive_error_string(out.get()));
    }
    return std::nullopt;
}

Result<Fd> ensure_dir_in_root(const std::string& root, const std::string& path) {
    auto root_fd = sys::open(root, O_PATH | O_DIRECTORY);
    if (!root_fd.ok()) {
        return root_fd;
    }
    std::string rel = normalize(path);
    std::string prefix;
    size_t i = 0;
    while (i < rel.size()) {
        size_t j = rel.find('/', i);
        if (j == std::string::npos) {
            j = rel.size();
        }
        prefix = rel.substr(0, j);
        auto d = sys::open_in_root(root_fd.value.get(), prefix, O_PATH | O_DIRECTORY);
        if (!d.ok()) {
            if (d.error->err != ENOENT) {
                return d;
            }
            std::string parent =
                prefix.find('/') == std::string::npos ? "." : prefix.substr(0, prefix.rfind('/'));
            auto pfd = sys::open_in_root(root_fd.value.get(), parent, O_PATH | O_DIRECTORY);
            if (!pfd.ok()) {
                return pfd;
            }
            std::string name = rel.substr(i, j - i);
            if (auto e = sys::mkdirat(pfd.value.get(), name, 0755, path); e && e->err != EEXIST) {
                return Result<Fd>{{}, e};
            }
            (void)sys::chmod_at(pfd.value.get(), name, 0755, path); // whatever the umask
        }
        i = j + 1;
    }
    return sys::open_in_root(root_fd.value.get(), rel.empty() ? "." : rel, O_RDONLY | O_DIRECTORY);
}

} // namespace vagga::runtime::build
