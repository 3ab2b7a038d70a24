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

#include <functional>
#include <memory>
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

class Gzip : public Compressor {
  public:
    explicit Gzip(Sink sink) : sink_(std::move(sink)), out_(1 << 20) {
        // windowBits 15 + 16: a gzip wrapper, whose header zlib writes
        // without a name or a time, so that the bytes depend on the data only.
        ok_ = deflateInit2(&z_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                           Z_DEFAULT_STRATEGY) == Z_OK;
    }
    ~Gzip() override { deflateEnd(&z_); }
    bool feed(const void* data, size_t size) override { return run(data, size, Z_NO_FLUSH); }
    bool finish() override { return run(nullptr, 0, Z_FINISH); }

  private:
    bool run(const void* data, size_t size, int flush) {
        if (!ok_) {
            return false;
        }
        z_.next_in = static_cast<Bytef*>(const_cast<void*>(data));
        z_.avail_in = static_cast<uInt>(size);
        int rc = Z_OK;
        do {
            z_.next_out = out_.data();
            z_.avail_out = static_cast<uInt>(out_.size());
            rc = deflate(&z_, flush);
            if (rc == Z_STREAM_ERROR) {
                return false;
            }
            size_t have = out_.size() - z_.avail_out;
            if (have && !sink_(out_.data(), have)) {
                return false;
            }
        } while (z_.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
        return true;
    }
    Sink sink_;
    z_stream z_{};
    std::vector<Bytef> out_;
    bool ok_ = false;
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
