// Files for the tests: the one temporary-directory helper (header-only,
// for every test executable), and for the integration tests container
// roots made of busybox-static and whole-file reads and writes (temp_dir.cpp,
// compiled into each test executable that uses them, which defines
// BUSYBOX_PATH).
#pragma once

#include <stdlib.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>

namespace vagga::test {

// A fresh temporary directory (mode 0755, so that the test's container ids
// may enter it; its real path, so that it compares equal to what a lookup
// finds), removed recursively at destruction.
class TempDir {
  public:
    TempDir() : TempDir(base()) {} // under $TMPDIR, else /tmp
    explicit TempDir(const std::string& base) {
        std::string tmpl = base + "/vagga-test-XXXXXX";
        if (::mkdtemp(tmpl.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed in " + base);
        }
        path_ = std::filesystem::canonical(tmpl).string();
        ::chmod(path_.c_str(), 0755);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        // Files made by subordinate ids may resist removal; not a failure.
        std::filesystem::remove_all(path_, ec);
    }
    const std::string& path() const { return path_; }
    std::filesystem::path operator/(std::string_view rel) const {
        return std::filesystem::path(path_) / rel;
    }
    // Writes `text` to `rel` (its folders made) and returns its path.
    std::filesystem::path write(const std::string& rel, const std::string& text) const {
        auto p = *this / rel;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }

  private:
    static std::string base() {
        const char* t = std::getenv("TMPDIR");
        return t != nullptr && *t != '\0' ? t : "/tmp";
    }
    std::string path_;
};

// ROOT/bin/busybox (a copy of BUSYBOX_PATH) and a link ROOT/bin/APPLET to it
// for each applet; makes ROOT/bin.
void install_busybox(const std::string& root, std::initializer_list<const char*> applets);

// The /etc a container root needs: empty hosts and resolv.conf, and passwd
// and group that name root only.
void write_root_etc(const std::string& root);

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);
bool is_root();

// A temporary copy of one corpus project folder, with the modes a git
// checkout gives (0644/0755 by the exec bit, directories 0755).
class TempCopy {
  public:
    explicit TempCopy(const std::filesystem::path& src) : dest_(tmp_ / src.filename().string()) {
        std::filesystem::copy(src, dest_,
                              std::filesystem::copy_options::recursive |
                                  std::filesystem::copy_options::copy_symlinks);
        normalise(dest_);
    }
    ~TempCopy() {
        std::error_code ec;
        // Preconditions may have removed permissions we need to delete
        // (tmp_ removes the tree).
        for (auto it = std::filesystem::recursive_directory_iterator(tmp_.path(), ec);
             it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
            if (it->is_directory(ec) && !it->is_symlink(ec)) {
                std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                             std::filesystem::perm_options::add, ec);
            }
        }
    }
    TempCopy(const TempCopy&) = delete;
    TempCopy& operator=(const TempCopy&) = delete;
    const std::filesystem::path& path() const { return dest_; }

  private:
    static void normalise(const std::filesystem::path& p) {
        for (auto& e : std::filesystem::recursive_directory_iterator(p)) {
            if (e.is_symlink()) {
                continue;
            }
            struct stat st {};
            ::lstat(e.path().c_str(), &st);
            mode_t mode = e.is_directory() || (st.st_mode & S_IXUSR) != 0 ? 0755 : 0644;
            ::chmod(e.path().c_str(), mode);
        }
        ::chmod(p.c_str(), 0755);
    }
    TempDir tmp_;
    std::filesystem::path dest_;
};

} // namespace vagga::test
