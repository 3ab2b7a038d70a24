#include "lsp/framing.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace vagga::lsp {

namespace {

bool iequals_prefix(std::string_view line, std::string_view name) {
    if (line.size() < name.size())
        return false;
    for (size_t i = 0; i < name.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) != name[i])
            return false;
    return true;
}

} // namespace

std::optional<std::string> FrameParser::next() {
    if (!error_.empty())
        return std::nullopt;
    size_t end = buffer_.find("\r\n\r\n");
    if (end == std::string::npos) {
        if (buffer_.size() > kMaxHeaderBytes)
            error_ = "header section too long";
        return std::nullopt;
    }
    if (end > kMaxHeaderBytes) {
        error_ = "header section too long";
        return std::nullopt;
    }
    std::optional<size_t> length;
    std::string_view headers(buffer_.data(), end);
    while (!headers.empty()) {
        size_t nl = headers.find("\r\n");
        std::string_view line = headers.substr(0, nl);
        headers = nl == std::string_view::npos ? std::string_view() : headers.substr(nl + 2);
        constexpr std::string_view kName = "content-length:";
        if (!iequals_prefix(line, kName))
            continue; // Content-Type and unknown headers are allowed
        std::string_view v = line.substr(kName.size());
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
            v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t'))
            v.remove_suffix(1);
        size_t n = 0;
        auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc() || ptr != v.data() + v.size() || v.empty()) {
            error_ = "bad Content-Length";
            return std::nullopt;
        }
        length = n;
    }
    if (!length) {
        error_ = "no Content-Length header";
        return std::nullopt;
    }
    if (*length > kMaxBodyBytes) {
        error_ = "message larger than 64 MiB";
        return std::nullopt;
    }
    size_t start = end + 4;
    if (buffer_.size() - start < *length)
        return std::nullopt;
    std::string body = buffer_.substr(start, *length);
    buffer_.erase(0, start + *length);
    return body;
}

std::string frame(const std::string& body) {
    return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::optional<std::string> FdReader::next() {
    if (held_) {
        auto m = std::move(held_);
        held_.reset();
        return m;
    }
    char buf[65536];
    for (;;) {
        if (auto m = parser_.next())
            return m;
        if (!parser_.error().empty())
            return std::nullopt;
        ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            error_ = std::string("read: ") + std::strerror(errno);
            return std::nullopt;
        }
        if (n == 0) {
            if (parser_.pending() > 0)
                error_ = "input ended inside a message";
            return std::nullopt;
        }
        parser_.feed({buf, static_cast<size_t>(n)});
    }
}

bool FdReader::ready() {
    if (held_)
        return true;
    if ((held_ = parser_.next()))
        return true;
    struct pollfd p {
        fd_, POLLIN, 0
    };
    return ::poll(&p, 1, 0) > 0;
}

bool write_all(int fd, const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

} // namespace vagga::lsp
