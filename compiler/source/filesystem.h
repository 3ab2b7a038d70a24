// The only way the front end and the version hash touch the project's files:
// one narrow read-only interface, so that tests (tests/support/
// fake_file_system.h) and the editor server substitute in-memory contents.
// Paths are host paths; mapping container paths (`/work/...`) to the host is
// the versioner's job (hash::Env). The storage the application writes goes
// through app::Files instead.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace vagga::source {

struct ReadResult {
    bool ok = false;
    std::string data;
    std::string error; // an OS-style message when !ok
};

enum class FileKind { Regular, Directory, Symlink, Other };

struct FileStat {
    FileKind kind = FileKind::Other;
    uint32_t mode = 0; // st_mode & 07777
    uint32_t uid = 0;  // as seen inside vagga's user namespace
    uint32_t gid = 0;
    uint64_t size = 0;
};

struct DirEntry {
    std::string name;
    FileKind kind = FileKind::Other;
};

class FileSystem {
  public:
    virtual ~FileSystem() = default;
    // Reads a regular file of at most max_bytes; a directory, a device or a
    // larger file is an error, so no input can make us allocate without bound.
    virtual ReadResult read(const std::string& path, uint64_t max_bytes) = 0;
    // Follow symlinks, as Rust's Path::exists and is_file do: a dangling link
    // does not exist.
    virtual bool exists(const std::string& path) = 0;
    virtual bool is_file(const std::string& path) = 0;

    // What the version hash walks. Errors are errno values; 0 is success.
    virtual int lstat(const std::string& path, FileStat& out) = 0;
    // Entries other than `.` and `..`, in any order.
    virtual int list_dir(const std::string& path, std::vector<DirEntry>& out) = 0;
    virtual int read_link(const std::string& path, std::string& out) = 0;
    // Streams the contents of a regular file in chunks.
    virtual int read_file(const std::string& path,
                          const std::function<void(std::string_view)>& sink) = 0;
    // Rust `fs::canonicalize`.
    virtual int canonicalize(const std::string& path, std::string& out) = 0;
};

// Reads a whole file (at most max_bytes, else EFBIG) through read_file().
int read_whole_file(FileSystem& fs, const std::string& path, std::string& out,
                    uint64_t max_bytes = uint64_t{1} << 30);

// The real file system. Owner ids are shown as vagga's user namespace shows
// them: when not running as root, our own uid/gid become 0 and every other
// id 65534 (unmapped), which is what the original's versioner saw for a
// project owned by the invoking user.
class RealFileSystem final : public FileSystem {
  public:
    enum class Ids { Namespace, Raw };
    explicit RealFileSystem(Ids ids = Ids::Namespace);
    ReadResult read(const std::string& path, uint64_t max_bytes) override;
    bool exists(const std::string& path) override;
    bool is_file(const std::string& path) override;
    int lstat(const std::string& path, FileStat& out) override;
    int list_dir(const std::string& path, std::vector<DirEntry>& out) override;
    int read_link(const std::string& path, std::string& out) override;
    int read_file(const std::string& path,
                  const std::function<void(std::string_view)>& sink) override;
    int canonicalize(const std::string& path, std::string& out) override;

  private:
    uint32_t map_uid(uint32_t id) const;
    uint32_t map_gid(uint32_t id) const;
    Ids ids_;
    uint32_t my_uid_;
    uint32_t my_gid_;
};

// Editor buffers over another file system: unsaved text wins over the disk
// for reading and existence; the tree walks of the hash see the disk.
class OverlayFileSystem final : public FileSystem {
  public:
    explicit OverlayFileSystem(FileSystem& base) : base_(base) {}
    void set(const std::filesystem::path& path, std::string text) {
        files_[path.lexically_normal()] = std::move(text);
    }
    void erase(const std::filesystem::path& path) { files_.erase(path.lexically_normal()); }
    ReadResult read(const std::string& path, uint64_t max_bytes) override;
    bool exists(const std::string& path) override;
    bool is_file(const std::string& path) override;
    int lstat(const std::string& path, FileStat& out) override { return base_.lstat(path, out); }
    int list_dir(const std::string& path, std::vector<DirEntry>& out) override {
        return base_.list_dir(path, out);
    }
    int read_link(const std::string& path, std::string& out) override {
        return base_.read_link(path, out);
    }
    int read_file(const std::string& path,
                  const std::function<void(std::string_view)>& sink) override {
        return base_.read_file(path, sink);
    }
    int canonicalize(const std::string& path, std::string& out) override {
        return base_.canonicalize(path, out);
    }

  private:
    const std::string* buffer(const std::string& path) const;
    FileSystem& base_;
    std::map<std::filesystem::path, std::string> files_;
};

} // namespace vagga::source
