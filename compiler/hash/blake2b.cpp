#include "compiler/hash/blake2b.h"

#include <blake2.h>

#include <stdexcept>

namespace vagga::hash {

struct Blake2b::State {
    blake2b_state s;
    bool finished = false;
};

Blake2b::Blake2b() : state_(std::make_unique<State>()) {
    reset();
}
Blake2b::~Blake2b() = default;
Blake2b::Blake2b(Blake2b&&) noexcept = default;
Blake2b& Blake2b::operator=(Blake2b&&) noexcept = default;

void Blake2b::reset() {
    // blake2b_init only fails for an out-of-range length, and 64 is in range.
    if (blake2b_init(&state_->s, BLAKE2B_OUTBYTES) != 0) {
        throw std::logic_error("blake2b_init failed");
    }
    state_->finished = false;
}

void Blake2b::update(const uint8_t* data, size_t size) {
    if (state_->finished) {
        throw std::logic_error("Blake2b::update after finish");
    }
    if (size != 0) {
        blake2b_update(&state_->s, data, size);
    }
}

Digest512 Blake2b::peek() const {
    Blake2b copy;
    copy.state_->s = state_->s;
    copy.state_->finished = state_->finished;
    return copy.finish();
}

void Blake2b::update(std::string_view bytes) {
    update(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

Digest512 Blake2b::finish() {
    if (state_->finished) {
        throw std::logic_error("Blake2b::finish called twice");
    }
    Digest512 out{};
    blake2b_final(&state_->s, out.data(), out.size());
    state_->finished = true;
    return out;
}

Digest512 blake2b_512(std::string_view bytes) {
    Blake2b h;
    h.update(bytes);
    return h.finish();
}

std::string to_hex(const Digest512& digest, size_t bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    if (bytes > digest.size()) {
        bytes = digest.size();
    }
    std::string out;
    out.reserve(bytes * 2);
    for (size_t i = 0; i < bytes; ++i) {
        out.push_back(kHex[digest[i] >> 4]);
        out.push_back(kHex[digest[i] & 0xF]);
    }
    return out;
}

} // namespace vagga::hash
