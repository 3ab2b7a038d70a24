// Files for the integration tests: temporary directories, container roots
// made of busybox-static, whole-file reads and writes. Compiled into each
// test executable that uses it (tests/common has no library of its own),
// which defines BUSYBOX_PATH.
#pragma once

#include <initializer_list>
#include <string>

namespace vagga::test {

// A fresh temporary directory (mode 0755, so that the test's container ids
// may enter it), removed recursively at destruction.
class TempDir {
  public:
    TempDir();                                 // under $TMPDIR, else /tmp
    explicit TempDir(const std::string& base); // under `base`
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir();
    const std::string& path() const { return path_; }

  private:
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

} // namespace vagga::test
