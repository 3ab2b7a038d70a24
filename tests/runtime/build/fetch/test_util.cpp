#include "tests/runtime/build/fetch/test_util.h"

#include <archive.h>
#include <archive_entry.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vagga::testing {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

void write_archive(const std::string& file, const std::string& format,
                   const std::vector<Entry>& entries) {
    struct archive* a = archive_write_new();
    if (format == "zip") {
        archive_write_set_format_zip(a);
    } else {
        archive_write_set_format_pax_restricted(a);
        if (format == "tar.gz") {
            archive_write_add_filter_gzip(a);
        } else if (format == "tar.xz") {
            archive_write_add_filter_xz(a);
        } else if (format == "tar.bz2") {
            archive_write_add_filter_bzip2(a);
        }
    }
    if (archive_write_open_filename(a, file.c_str()) != ARCHIVE_OK) {
        throw std::runtime_error(archive_error_string(a));
    }
    for (const auto& e : entries) {
        archive_entry* en = archive_entry_new();
        archive_entry_set_pathname(en, e.path.c_str());
        archive_entry_set_uid(en, e.uid);
        archive_entry_set_gid(en, e.gid);
        archive_entry_set_mtime(en, 1500000000, 0);
        switch (e.type) {
        case 'd':
            archive_entry_set_filetype(en, AE_IFDIR);
            archive_entry_set_perm(en, e.mode);
            break;
        case 'l':
            archive_entry_set_filetype(en, AE_IFLNK);
            archive_entry_set_perm(en, 0777);
            archive_entry_set_symlink(en, e.data.c_str());
            break;
        case 'h':
            archive_entry_set_filetype(en, AE_IFREG);
            archive_entry_set_perm(en, e.mode);
            archive_entry_set_hardlink(en, e.data.c_str());
            break;
        default:
            archive_entry_set_filetype(en, AE_IFREG);
            archive_entry_set_perm(en, e.mode);
            archive_entry_set_size(en, static_cast<la_int64_t>(e.data.size()));
        }
        archive_write_header(a, en);
        if (e.type == 'f') {
            archive_write_data(a, e.data.data(), e.data.size());
        }
        archive_entry_free(en);
    }
    archive_write_close(a);
    archive_write_free(a);
}

HttpServer::HttpServer(std::map<std::string, std::string> files) : files_(std::move(files)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::listen(listen_fd_, 16) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        throw std::runtime_error("listen");
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
}

HttpServer::~HttpServer() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
}

std::string HttpServer::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void HttpServer::serve() {
    while (!stop_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) {
            continue;
        }
        int c = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0) {
            continue;
        }
        std::string req;
        char buf[4096];
        while (req.find("\r\n\r\n") == std::string::npos) {
            ssize_t n = ::read(c, buf, sizeof buf);
            if (n <= 0) {
                break;
            }
            req.append(buf, static_cast<size_t>(n));
        }
        ++requests_;
        std::string path = req.substr(req.find(' ') + 1);
        path = path.substr(0, path.find(' '));
        std::string resp;
        if (path.rfind("/redirect/", 0) == 0) {
            resp = "HTTP/1.0 302 Found\r\nLocation: /" + path.substr(10) +
                   "\r\nContent-Length: 0\r\n\r\n";
        } else if (auto it = files_.find(path); it != files_.end()) {
            // Folders are index pages (pip wants them typed as HTML).
            std::string type = path.back() == '/' ? "Content-Type: text/html\r\n" : "";
            resp = "HTTP/1.0 200 OK\r\n" + type +
                   "Content-Length: " + std::to_string(it->second.size()) + "\r\n\r\n" + it->second;
        } else {
            resp = "HTTP/1.0 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found";
        }
        size_t done = 0;
        while (done < resp.size()) {
            ssize_t n = ::write(c, resp.data() + done, resp.size() - done);
            if (n <= 0) {
                break;
            }
            done += static_cast<size_t>(n);
        }
        ::close(c);
    }
}

runtime::build::StepContext make_context(const std::string& root, const std::string& cache) {
    runtime::build::StepContext ctx;
    ctx.root = root;
    ctx.cache_dir = cache;
    return ctx;
}

} // namespace vagga::testing
