// SHA-256 (through nettle) for download cache names and integrity checks.
#pragma once

#include "runtime/sys.h"

#include <memory>
#include <string>
#include <string_view>

struct sha256_ctx; // nettle's

namespace vagga::runtime::build {

// Lower-case hex digest of `data`.
std::string sha256_hex(std::string_view data);
// Lower-case hex digest of a file's contents.
Result<std::string> sha256_file(const std::string& path);

// A digest of data that comes in pieces (a layer as it is written).
class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(const void* data, size_t size);
    // Lower-case hex; the digest starts again after it.
    std::string hex();

  private:
    std::unique_ptr<sha256_ctx> ctx_;
};

} // namespace vagga::runtime::build
