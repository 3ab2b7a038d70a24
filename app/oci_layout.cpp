#include "app/oci_layout.h"

#include "compiler/export/oci.h"
#include "process/spawn.h"
#include "runtime/build/sha256.h"
#include "runtime/sys.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ctime>

namespace vagga::app {
namespace {

using json = nlohmann::json;
namespace sys = runtime::sys;

constexpr const char* kManifest = "application/vnd.oci.image.manifest.v1+json";
constexpr const char* kConfig = "application/vnd.oci.image.config.v1+json";
constexpr const char* kIndex = "application/vnd.oci.image.index.v1+json";

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

Status write_text(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp";
    auto fd = sys::open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (!fd.ok()) {
        return failed("vagga: " + fd.error->message());
    }
    if (auto e = sys::write_all(fd.value.get(), text, path)) {
        return failed("vagga: " + e->message());
    }
    fd.value.reset();
    if (auto e = sys::rename(tmp, path)) {
        return failed("vagga: " + e->message());
    }
    return std::nullopt;
}

// A JSON blob under its digest; its descriptor.
Status write_blob(const std::string& dir, const json& j, const char* media_type, json* descriptor) {
    std::string text = j.dump();
    std::string digest = "sha256:" + runtime::build::sha256_hex(text);
    if (auto e = write_text(dir + "/blobs/sha256/" + digest.substr(7), text)) {
        return e;
    }
    *descriptor = {{"mediaType", media_type}, {"digest", digest}, {"size", text.size()}};
    return std::nullopt;
}

// SOURCE_DATE_EPOCH as reproducible builds define it; nullopt when unset.
std::optional<int64_t> source_date_epoch() {
    const char* v = std::getenv("SOURCE_DATE_EPOCH");
    if (!v || !*v) {
        return std::nullopt;
    }
    char* end = nullptr;
    long long n = std::strtoll(v, &end, 10);
    if (*end || n < 0) {
        return std::nullopt;
    }
    return n;
}

std::string rfc3339(int64_t t) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// index.json with this image's manifest in place of any with the same name.
Status update_index(const std::string& dir, const json& manifest, const std::string& tag) {
    json index = {{"schemaVersion", 2}, {"mediaType", kIndex}, {"manifests", json::array()}};
    if (sys::exists(dir + "/index.json")) {
        auto text = sys::read_file(dir + "/index.json", 16 << 20);
        try {
            index = json::parse(text.ok() ? text.value : "");
        } catch (const std::exception& e) {
            return failed(
                fmt::format("vagga: {}/index.json is not an image index: {}", dir, e.what()));
        }
    }
    json kept = json::array();
    for (const auto& m : index.value("manifests", json::array())) {
        std::string name = m.value("annotations", json::object())
                               .value("org.opencontainers.image.ref.name", std::string());
        if (name != tag || tag.empty()) {
            kept.push_back(m);
        }
    }
    json entry = manifest;
    if (!tag.empty()) {
        entry["annotations"] = {{"org.opencontainers.image.ref.name", tag}};
    }
    kept.push_back(entry);
    index["manifests"] = kept;
    if (auto e = write_text(dir + "/index.json", index.dump())) {
        return e;
    }
    return write_text(dir + "/oci-layout", json{{"imageLayoutVersion", "1.0.0"}}.dump());
}

// The layout folder as an oci-archive: entries sorted, owned by 0, at time 0.
Status archive(const std::string& dir, const std::string& file) {
    process::Spec spec;
    spec.argv = {"tar",
                 "--sort=name",
                 "--numeric-owner",
                 "--owner=0",
                 "--group=0",
                 "--mtime=@0",
                 "--format=gnu",
                 "-c",
                 "-f",
                 file,
                 "-C",
                 dir,
                 "."};
    spec.program = "/bin/tar";
    spec.env = std::vector<std::string>{"PATH=/usr/bin:/bin", "LC_ALL=C"};
    auto done = process::run(spec, nullptr, false, true);
    if (done.status != 0) {
        return failed("vagga: tar could not write " + file + ": " + done.err);
    }
    return std::nullopt;
}

} // namespace

Status export_oci(const OciExport& x, Console& console) {
    const bool to_archive = ends_with(x.output, ".tar");
    const std::string dir = to_archive ? x.output + ".tmp.d" : x.output;
    if (to_archive) {
        (void)sys::remove_tree(dir);
    } else if (sys::exists(dir) && !sys::exists(dir + "/oci-layout") &&
               !sys::list_dir(dir).value.empty()) {
        return failed(fmt::format("vagga: {} is a folder that is not an image layout; name an "
                                  "empty or new folder, or FILE.tar",
                                  dir));
    }
    if (auto e = sys::mkdir_p(dir + "/blobs/sha256", 0755)) {
        return failed("vagga: " + e->message());
    }
    LayerOptions lo = x.layer;
    auto epoch = source_date_epoch();
    if (epoch) {
        lo.clamp_mtime = epoch;
    }
    Layer layer;
    if (auto e = write_layer(x.ids, x.root, lo, dir + "/blobs/sha256", &layer)) {
        return e;
    }
    exporter::Image image;
    image.container = x.container;
    image.version = x.version;
    image.diff_ids = {layer.diff_id};
    image.created = rfc3339(epoch.value_or(0));
    json config_desc, manifest_desc;
    if (auto e = write_blob(dir, exporter::image_config(image, x.process), kConfig, &config_desc)) {
        return e;
    }
    json manifest = {{"schemaVersion", 2},
                     {"mediaType", kManifest},
                     {"config", config_desc},
                     {"layers", json::array({{{"mediaType", layer.media_type},
                                              {"digest", layer.digest},
                                              {"size", layer.size}}})},
                     {"annotations", exporter::image_annotations(image, x.tag)}};
    if (auto e = write_blob(dir, manifest, kManifest, &manifest_desc)) {
        return e;
    }
    if (auto e = update_index(dir, manifest_desc, x.tag)) {
        return e;
    }
    if (to_archive) {
        Status e = archive(dir, x.output);
        (void)sys::remove_tree(dir);
        if (e) {
            return e;
        }
    }
    console.out(manifest_desc["digest"].get<std::string>() + "\n");
    return std::nullopt;
}

} // namespace vagga::app
