// BLAKE2b-512 (unkeyed, 64-byte output) over libb2: the primitive of the
// container version hash (spec/version-hash.md §1). We wrap the library
// rather than hand-roll the compression function.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace vagga::hash {

using Digest512 = std::array<uint8_t, 64>;

// Streaming hasher. Owns its state; finish() may be called once, after which
// the object only accepts reset().
class Blake2b {
  public:
    Blake2b();
    ~Blake2b();
    Blake2b(const Blake2b&) = delete;
    Blake2b& operator=(const Blake2b&) = delete;
    Blake2b(Blake2b&&) noexcept;
    Blake2b& operator=(Blake2b&&) noexcept;

    void update(std::string_view bytes);
    void update(const uint8_t* data, size_t size);
    Digest512 finish();
    // The hash of what was given so far; the state goes on unchanged.
    Digest512 peek() const;
    void reset();

  private:
    struct State;
    std::unique_ptr<State> state_;
};

// Convenience: BLAKE2b-512 of one buffer.
Digest512 blake2b_512(std::string_view bytes);

// Lowercase hex of the first `bytes` bytes (all 64 by default).
std::string to_hex(const Digest512& digest, size_t bytes = 64);

} // namespace vagga::hash
