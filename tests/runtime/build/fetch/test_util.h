// Helpers of the fetch tests: temporary directories, archives written
// with libarchive, and a tiny HTTP server on 127.0.0.1.
#pragma once

#include "tests/common/temp_dir.h"

#include "runtime/build/context.h"

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace vagga::testing {

using test::TempDir;

std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);

// One entry of an archive written by write_archive().
struct Entry {
    std::string path;
    char type = 'f';  // 'f' file, 'd' dir, 'l' symlink, 'h' hard link
    std::string data; // file contents, or the link target
    unsigned mode = 0644;
    long uid = 0;
    long gid = 0;
};
// format: "tar.gz", "tar.xz", "tar.bz2", "tar" (uncompressed) or "zip".
void write_archive(const std::string& file, const std::string& format,
                   const std::vector<Entry>& entries);

// Serves `files` (URL path -> body) over HTTP/1.0; "/redirect/X" answers
// 302 to "/X"; anything else 404. Counts the requests.
class HttpServer {
  public:
    explicit HttpServer(std::map<std::string, std::string> files);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;
    std::string url(const std::string& path) const;
    int requests() const { return requests_.load(); }

  private:
    void serve();
    std::map<std::string, std::string> files_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<int> requests_{0};
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

runtime::build::StepContext make_context(const std::string& root, const std::string& cache);

} // namespace vagga::testing
