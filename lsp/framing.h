// LSP base protocol: `Content-Length: N` headers, a blank line, N bytes of
// JSON. Bounded: a header section or a body larger than the limits is an
// error, never a growing buffer.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace vagga::lsp {

constexpr size_t kMaxHeaderBytes = 8 * 1024;
constexpr size_t kMaxBodyBytes = 64 * 1024 * 1024;

// Splits messages off the front of a byte stream fed in pieces.
class FrameParser {
  public:
    void feed(std::string_view bytes) { buffer_.append(bytes); }
    // The next whole body, or nullopt when more bytes are needed. After an
    // error (a bad or missing Content-Length, a limit exceeded) the stream
    // cannot be resynchronised: `error()` says why and nothing more comes.
    std::optional<std::string> next();
    const std::string& error() const { return error_; }
    // Bytes received and not yet returned as a message.
    size_t pending() const { return buffer_.size(); }

  private:
    std::string buffer_;
    std::string error_;
};

std::string frame(const std::string& body);

// Reads from a file descriptor into a FrameParser.
class FdReader {
  public:
    explicit FdReader(int fd) : fd_(fd) {}
    // Blocks until a message, the end of the input (nullopt, error empty)
    // or an error (nullopt, error set).
    std::optional<std::string> next();
    // True when a message or more bytes can be had without blocking: the
    // server drains a burst of edits before analysing.
    bool ready();
    const std::string& error() const { return parser_.error().empty() ? error_ : parser_.error(); }

  private:
    int fd_;
    FrameParser parser_;
    std::string error_;
    std::optional<std::string> held_;
};

bool write_all(int fd, const std::string& bytes);

} // namespace vagga::lsp
