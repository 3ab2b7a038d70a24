#include "runtime/build/sha256.h"

#include <fcntl.h>
#include <nettle/sha2.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace vagga::runtime::build {
namespace {

std::string hex_digest(sha256_ctx& ctx) {
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    static const char* const digits = "0123456789abcdef";
    std::string out;
    out.reserve(2 * sizeof digest);
    for (uint8_t b : digest) {
        out += digits[b >> 4];
        out += digits[b & 0xf];
    }
    return out;
}

} // namespace

std::string sha256_hex(std::string_view data) {
    sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
    return hex_digest(ctx);
}

Result<std::string> sha256_file(const std::string& path) {
    auto fd = sys::open(path, O_RDONLY);
    if (!fd.ok()) {
        return Result<std::string>{{}, fd.error};
    }
    sha256_ctx ctx;
    sha256_init(&ctx);
    uint8_t buf[65536];
    for (;;) {
        auto n = sys::read_some(fd.value.get(), buf, sizeof buf, path);
        if (!n.ok()) {
            return Result<std::string>{{}, n.error};
        }
        if (n.value == 0) {
            break;
        }
        sha256_update(&ctx, n.value, buf);
    }
    return Result<std::string>{hex_digest(ctx), std::nullopt};
}

Sha256::Sha256() : ctx_(std::make_unique<sha256_ctx>()) { sha256_init(ctx_.get()); }

Sha256::~Sha256() = default;

void Sha256::update(const void* data, size_t size) {
    sha256_update(ctx_.get(), size, static_cast<const uint8_t*>(data));
}

std::string Sha256::hex() {
    std::string out = hex_digest(*ctx_);
    sha256_init(ctx_.get());
    return out;
}

} // namespace vagga::runtime::build
