// The only way the front end touches files: a narrow interface so that tests
// and the editor server can substitute in-memory contents.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace vagga::source {

struct ReadResult {
    bool ok = false;
    std::string data;
    std::string error; // an OS-style message when !ok
};

class FileSystem {
  public:
    virtual ~FileSystem() = default;
    // Reads a regular file of at most max_bytes; a directory, a device or a
    // larger file is an error, so no input can make us allocate without bound.
    virtual ReadResult read(const std::filesystem::path& path, uint64_t max_bytes) = 0;
    // Follows symlinks, as Rust's Path::exists does: a dangling link does not exist.
    virtual bool exists(const std::filesystem::path& path) = 0;
};

class RealFileSystem final : public FileSystem {
  public:
    ReadResult read(const std::filesystem::path& path, uint64_t max_bytes) override;
    bool exists(const std::filesystem::path& path) override;
};

// Editor buffers over another file system: unsaved text wins over the disk.
class OverlayFileSystem final : public FileSystem {
  public:
    explicit OverlayFileSystem(FileSystem& base) : base_(base) {}
    void set(const std::filesystem::path& path, std::string text) {
        files_[path.lexically_normal()] = std::move(text);
    }
    void erase(const std::filesystem::path& path) { files_.erase(path.lexically_normal()); }
    ReadResult read(const std::filesystem::path& path, uint64_t max_bytes) override;
    bool exists(const std::filesystem::path& path) override;

  private:
    FileSystem& base_;
    std::map<std::filesystem::path, std::string> files_;
};

} // namespace vagga::source
