// The hash stage's only access to files: lstat, directory listing, readlink
// and streaming reads, behind an interface so tests can use an in-memory
// tree. Paths here are host paths; mapping container paths (`/work/...`)
// to the host is the versioner's job (hash::Env).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace vagga::hash {

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

// Errors are errno values; 0 means success.
class FileSystem {
  public:
    virtual ~FileSystem() = default;
    virtual int lstat(const std::string& path, FileStat& out) = 0;
    // Entries other than `.` and `..`, in any order.
    virtual int list_dir(const std::string& path, std::vector<DirEntry>& out) = 0;
    virtual int read_link(const std::string& path, std::string& out) = 0;
    // Streams the contents of a regular file in chunks.
    virtual int read_file(const std::string& path,
                          const std::function<void(std::string_view)>& sink) = 0;
    // Follows symlinks (Rust's Path::exists / is_file).
    virtual bool is_file(const std::string& path) = 0;
    virtual bool exists(const std::string& path) = 0;
    // Rust `fs::canonicalize`; returns errno.
    virtual int canonicalize(const std::string& path, std::string& out) = 0;
};

// Reads a whole file (at most max_bytes, else EFBIG) through the interface.
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
    int lstat(const std::string& path, FileStat& out) override;
    int list_dir(const std::string& path, std::vector<DirEntry>& out) override;
    int read_link(const std::string& path, std::string& out) override;
    int read_file(const std::string& path,
                  const std::function<void(std::string_view)>& sink) override;
    bool is_file(const std::string& path) override;
    bool exists(const std::string& path) override;
    int canonicalize(const std::string& path, std::string& out) override;

  private:
    uint32_t map_uid(uint32_t id) const;
    uint32_t map_gid(uint32_t id) const;
    Ids ids_;
    uint32_t my_uid_;
    uint32_t my_gid_;
};

} // namespace vagga::hash
