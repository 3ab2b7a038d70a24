#include "app/layer.h"

#include "process/spawn.h"
#include "runtime/build/sha256.h"
#include "runtime/host.h"
#include "runtime/userns.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string_view>
#include <thread>
#include <vector>

namespace vagga::app {
namespace {

using Sink = std::function<bool(const void* data, size_t size)>;

// A stream compressor: feed() the tar as it comes, then finish().
class Compressor {
  public:
    virtual ~Compressor() = default;
    virtual bool feed(const void* data, size_t size) = 0;
    virtual bool finish() = 0;
};

class Plain : public Compressor {
  public:
    explicit Plain(Sink sink) : sink_(std::move(sink)) {}
    bool feed(const void* data, size_t size) override { return sink_(data, size); }
    bool finish() override { return true; }

  private:
    Sink sink_;
};

// gzip in parallel, as pigz does: the stream is cut into blocks of 1 MiB,
// each deflated on its own thread with the 32 KiB before it as its
// dictionary and ended by a sync flush (the last one by the final block),
// so the pieces join into one deflate stream. The bytes depend on the data
// only, not on the number of threads; the header has no name and no time.
class Gzip : public Compressor {
  public:
    explicit Gzip(Sink sink) : sink_(std::move(sink)) {
        long cores = ::sysconf(_SC_NPROCESSORS_ONLN);
        workers_ = static_cast<size_t>(cores < 1 ? 1 : cores > 8 ? 8 : cores);
    }
    bool feed(const void* data, size_t size) override {
        crc_ = crc32(crc_, static_cast<const Bytef*>(data), static_cast<uInt>(size));
        total_ += size;
        pending_.append(static_cast<const char*>(data), size);
        while (pending_.size() >= kBlock * workers_) {
            if (!batch(kBlock * workers_, false)) {
                return false;
            }
        }
        return true;
    }
    bool finish() override {
        if (!batch(pending_.size(), true)) {
            return false;
        }
        unsigned char trailer[8];
        for (int i = 0; i < 4; ++i) {
            trailer[i] = static_cast<unsigned char>((crc_ >> (8 * i)) & 0xff);
            trailer[4 + i] = static_cast<unsigned char>((total_ >> (8 * i)) & 0xff);
        }
        return sink_(trailer, sizeof trailer);
    }

  private:
    static constexpr size_t kBlock = 1 << 20;
    static constexpr size_t kWindow = 32768;

    // Deflates `in` after `dict` into `out`; the final block when `last`.
    static bool deflate_block(std::string_view dict, std::string_view in, bool last,
                              std::string* out) {
        z_stream z{};
        if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) !=
            Z_OK) {
            return false;
        }
        if (!dict.empty()) {
            deflateSetDictionary(&z, reinterpret_cast<const Bytef*>(dict.data()),
                                 static_cast<uInt>(dict.size()));
        }
        out->resize(deflateBound(&z, static_cast<uLong>(in.size())) + 64);
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
        z.avail_in = static_cast<uInt>(in.size());
        z.next_out = reinterpret_cast<Bytef*>(out->data());
        z.avail_out = static_cast<uInt>(out->size());
        int rc = deflate(&z, last ? Z_FINISH : Z_SYNC_FLUSH);
        bool ok = last ? rc == Z_STREAM_END : rc == Z_OK && z.avail_in == 0;
        out->resize(out->size() - z.avail_out);
        deflateEnd(&z);
        return ok;
    }

    // Compresses the first `size` bytes of pending_ (whole blocks unless
    // `last`) and writes them out in order.
    bool batch(size_t size, bool last) {
        if (!header_) {
            static const unsigned char header[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
            if (!sink_(header, sizeof header)) {
                return false;
            }
            header_ = true;
        }
        std::string_view all(pending_.data(), size);
        size_t blocks = size == 0 ? 1 : (size + kBlock - 1) / kBlock;
        std::vector<std::string> out(blocks);
        std::vector<char> ok(blocks, 0);
        auto work = [&](size_t i) {
            std::string_view in = all.substr(i * kBlock, kBlock);
            std::string_view dict;
            if (i > 0) {
                dict = all.substr(i * kBlock - kWindow, kWindow);
            } else {
                dict = dict_;
            }
            ok[i] = deflate_block(dict, in, last && i + 1 == blocks, &out[i]);
        };
        std::vector<std::thread> threads;
        for (size_t i = 1; i < blocks; ++i) {
            threads.emplace_back(work, i);
        }
        work(0);
        for (auto& t : threads) {
            t.join();
        }
        for (size_t i = 0; i < blocks; ++i) {
            if (!ok[i] || !sink_(out[i].data(), out[i].size())) {
                return false;
            }
        }
        // The next batch's dictionary: the last 32 KiB of the stream so far.
        dict_ += all.substr(all.size() > kWindow ? all.size() - kWindow : 0);
        if (dict_.size() > kWindow) {
            dict_.erase(0, dict_.size() - kWindow);
        }
        pending_.erase(0, size);
        return true;
    }

    Sink sink_;
    size_t workers_ = 1;
    std::string pending_;
    std::string dict_;
    uLong crc_ = crc32(0L, Z_NULL, 0);
    uint64_t total_ = 0;
    bool header_ = false;
};

class Zstd : public Compressor {
  public:
    explicit Zstd(Sink sink) : sink_(std::move(sink)), ctx_(ZSTD_createCCtx()), out_(1 << 20) {
        long cores = ::sysconf(_SC_NPROCESSORS_ONLN);
        ZSTD_CCtx_setParameter(ctx_, ZSTD_c_compressionLevel, 3);
        // zstd's output does not depend on the number of workers.
        ZSTD_CCtx_setParameter(ctx_, ZSTD_c_nbWorkers, static_cast<int>(cores > 1 ? cores : 1));
    }
    ~Zstd() override { ZSTD_freeCCtx(ctx_); }
    bool feed(const void* data, size_t size) override { return run(data, size, ZSTD_e_continue); }
    bool finish() override { return run(nullptr, 0, ZSTD_e_end); }

  private:
    bool run(const void* data, size_t size, ZSTD_EndDirective mode) {
        ZSTD_inBuffer in{data, size, 0};
        for (;;) {
            ZSTD_outBuffer out{out_.data(), out_.size(), 0};
            size_t left = ZSTD_compressStream2(ctx_, &out, &in, mode);
            if (ZSTD_isError(left)) {
                return false;
            }
            if (out.pos && !sink_(out_.data(), out.pos)) {
                return false;
            }
            bool done = mode == ZSTD_e_end ? left == 0 : in.pos == in.size;
            if (done) {
                return true;
            }
        }
    }
    Sink sink_;
    ZSTD_CCtx* ctx_;
    std::vector<char> out_;
};

std::unique_ptr<Compressor> compressor(LayerCompression c, Sink sink) {
    switch (c) {
    case LayerCompression::Gzip:
        return std::make_unique<Gzip>(std::move(sink));
    case LayerCompression::Zstd:
        return std::make_unique<Zstd>(std::move(sink));
    case LayerCompression::None:
        return std::make_unique<Plain>(std::move(sink));
    }
    return nullptr;
}

const char* media_type(LayerCompression c) {
    switch (c) {
    case LayerCompression::Gzip:
        return "application/vnd.oci.image.layer.v1.tar+gzip";
    case LayerCompression::Zstd:
        return "application/vnd.oci.image.layer.v1.tar+zstd";
    case LayerCompression::None:
        return "application/vnd.oci.image.layer.v1.tar";
    }
    return "";
}

// In the user namespace: tar into a pipe, digested and compressed into
// `tmp`; the digests go to `result` as "DIFF_ID DIGEST SIZE".
int layer_in_namespace(const std::string& root, const LayerOptions& o, const std::string& tmp,
                       int result, runtime::Status* error) {
    namespace sys = runtime::sys;
    auto out = sys::open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    auto pipe = sys::pipe();
    if (!out.ok() || !pipe.ok()) {
        *error = out.ok() ? pipe.error : out.error;
        return 1;
    }
    std::vector<std::string> argv{
        "tar", "--sort=name", "--numeric-owner", "--format=gnu", "-c", "-f", "-", "-C", root};
    if (o.clamp_mtime) {
        argv.insert(argv.begin() + 1,
                    {fmt::format("--mtime=@{}", *o.clamp_mtime), "--clamp-mtime"});
    }
    argv.push_back(".");
    process::Spec spec;
    spec.argv = argv;
    spec.program = "/bin/tar";
    spec.env = std::vector<std::string>{"PATH=/usr/bin:/bin", "LC_ALL=C"};
    spec.out = process::Stdio::from(pipe.value.write.get());
    auto started = process::spawn(spec);
    pipe.value.write.reset();
    if (started.error != 0) {
        *error = runtime::make_error(started.error, "fork", "tar");
        return 1;
    }
    runtime::build::Sha256 raw, packed;
    uint64_t size = 0;
    bool write_failed = false;
    auto c = compressor(o.compression, [&](const void* data, size_t n) {
        packed.update(data, n);
        size += n;
        if (sys::write_all(out.value.get(), static_cast<const char*>(data), n, tmp)) {
            write_failed = true;
            return false;
        }
        return true;
    });
    std::vector<char> buf(1 << 20);
    bool ok = true;
    for (;;) {
        auto n = sys::read_some(pipe.value.read.get(), buf.data(), buf.size(), "tar");
        if (!n.ok()) {
            *error = *n.error;
            return 1;
        }
        if (n.value == 0) {
            break;
        }
        raw.update(buf.data(), n.value);
        if (ok && !c->feed(buf.data(), n.value)) {
            ok = false;
        }
    }
    int status = process::wait(started.child);
    if (!ok || !c->finish()) {
        *error = runtime::make_error(0, write_failed ? "write" : "compress", tmp);
        return 1;
    }
    if (status != 0) {
        *error = runtime::make_error(0, "tar", sys::describe_status(status));
        return 1;
    }
    std::string line =
        "sha256:" + raw.hex() + " sha256:" + packed.hex() + " " + std::to_string(size) + "\n";
    (void)sys::write_all(result, line, "result pipe");
    return 0;
}

} // namespace

Status write_layer(const plan::IdMap& ids, const std::string& root, const LayerOptions& options,
                   const std::string& blobs_dir, Layer* out) {
    namespace sys = runtime::sys;
    const std::string tmp = blobs_dir + "/.layer." + std::to_string(::getpid()) + ".tmp";
    auto result = sys::pipe();
    if (!result.ok()) {
        return failed("vagga: " + result.error->message());
    }
    auto host = runtime::Host::from_process();
    auto r = runtime::in_user_namespace(ids, host, [&](runtime::Status* error) {
        result.value.read.reset();
        return layer_in_namespace(root, options, tmp, result.value.write.get(), error);
    });
    result.value.write.reset();
    auto text = sys::read_all(result.value.read.get());
    if (r.error || r.value != 0 || !text.ok() || text.value.empty()) {
        (void)::unlink(tmp.c_str());
        return failed("vagga: the layer of " + root + " could not be written" +
                      (r.error ? ": " + r.error->message() : ""));
    }
    char diff[80], digest[80];
    unsigned long long size = 0;
    if (std::sscanf(text.value.c_str(), "%79s %79s %llu", diff, digest, &size) != 3) {
        (void)::unlink(tmp.c_str());
        return failed("vagga: the layer writer answered " + text.value);
    }
    out->diff_id = diff;
    out->digest = digest;
    out->size = size;
    out->media_type = media_type(options.compression);
    if (auto e = sys::rename(tmp, blobs_dir + "/" + out->digest.substr(7))) {
        (void)::unlink(tmp.c_str());
        return failed("vagga: " + e->message());
    }
    return std::nullopt;
}

} // namespace vagga::app
