// `vagga _pack_image` and `vagga _push_image` (runtime.md §1.8.8): a built
// container as a tar archive, for `image-cache-url` to find later.
#include "cli/image.h"

#include "cli/build.h"
#include "cli/storage.h"
#include "runtime/spawn.h"
#include "runtime/userns.h"

#include <fmt/format.h>

#include <system_error>

namespace vagga::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPackUsage = "Usage:\n  vagga _pack_image [OPTIONS] CONTAINER\n";

std::vector<plan::IdRange> ranges(const std::vector<ir::IdRange>& in) {
    std::vector<plan::IdRange> out;
    for (const auto& r : in)
        out.push_back({r.start, r.end});
    return out.empty() ? std::vector<plan::IdRange>{{0, 65535}} : out;
}

// The host's tar, run as root of a user namespace with the container's id
// map: the archive records the owners the files have inside the container.
// Sorted names and no atime make the same image give the same bytes.
int pack(Session& s, const std::string& container, const std::string& root,
         const std::string& compress, const std::string& file) {
    const auto& c = s.project().config.containers.at(ir::Str(container));
    plan::IdMap want{plan::MapKind::Container, ranges(c.uids), ranges(c.gids), {}};
    std::vector<std::string> argv{"tar", "--sort=name", "--numeric-owner", "-c"};
    if (!compress.empty()) {
        argv.push_back(compress);
        s.ctx().err << "Compressing the image... This may take a few minutes.\n";
    }
    argv.insert(argv.end(), {"-f", file.empty() ? "-" : file, "-C", root, "."});
    auto host = runtime::Host::from_process();
    auto r = runtime::in_user_namespace(want, host, [&argv](runtime::Status* error) {
        *error = runtime::sys::exec("/bin/tar", argv, {"PATH=/usr/bin:/bin"});
        return 124;
    });
    if (r.error) {
        s.ctx().err << "vagga: " << r.error->message() << "\n";
        return 121;
    }
    return r.value;
}

// The options both commands share: build mode flags and the container.
bool parse_common(Session& s, const std::string& a, BuildMode& mode, std::string& name) {
    if (a == "--no-build" || a == "--no-version-check" || a == "--no-image-download") {
        mode = build_mode_from_flag(a == "--no-build"           ? "no-build"
                                    : a == "--no-version-check" ? "no-version"
                                                                : "no-image");
        return true;
    }
    if (!a.empty() && a[0] != '-' && name.empty()) {
        name = a;
        return true;
    }
    (void)s;
    return false;
}

// Builds the container and returns its root and HASH8 directory name.
int built_root(Session& s, const std::string& name, BuildMode mode, std::string& root) {
    if (int code = ensure_built(s, name, mode))
        return code;
    std::string error;
    auto st = open_storage(s.project().root, s.project().settings, &error);
    auto r = st ? st->container_root(name) : std::nullopt;
    if (!r) {
        s.ctx().err << fmt::format("Container {} is not built\n", name);
        return 121;
    }
    root = *r;
    return 0;
}

} // namespace

int builtin_pack_image(Session& s, const std::vector<std::string>& args) {
    BuildMode mode = BuildMode::NoImage;
    std::string name, file, compress;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-z" || a == "-j" || a == "-J") {
            compress = a;
        } else if ((a == "-f" || a == "--file") && i + 1 < args.size()) {
            file = args[++i];
        } else if (!parse_common(s, a, mode, name)) {
            s.ctx().err << kPackUsage << fmt::format("vagga _pack_image: Unknown option {}\n", a);
            return 122;
        }
    }
    if (name.empty()) {
        s.ctx().err << kPackUsage << "vagga _pack_image: Argument container_name is required\n";
        return 122;
    }
    if (!s.project().config.containers.count(ir::Str(name))) {
        s.ctx().err << fmt::format("Container \"{}\" not found\n", name);
        return 121;
    }
    std::string root;
    if (int code = built_root(s, name, mode, root))
        return code;
    // A relative file is in the project, as /work/FILE would be.
    if (!file.empty() && file[0] != '/')
        file = (s.project().root / file).string();
    return pack(s, name, root, compress, file);
}

int builtin_push_image(Session& s, const std::vector<std::string>& args) {
    BuildMode mode = BuildMode::NoImage;
    std::string name;
    for (const auto& a : args) {
        if (!parse_common(s, a, mode, name)) {
            s.ctx().err << "Usage:\n  vagga _push_image [OPTIONS] CONTAINER\n"
                        << fmt::format("vagga _push_image: Unknown option {}\n", a);
            return 122;
        }
    }
    if (name.empty() || !s.project().config.containers.count(ir::Str(name))) {
        s.ctx().err << fmt::format("Container \"{}\" not found\n", name);
        return name.empty() ? 122 : 121;
    }
    const auto& script = s.project().settings.push_image_script;
    if (!script) {
        s.ctx().err << "You should specify 'push-image-script' setting\n";
        return 121;
    }
    std::string root;
    if (int code = built_root(s, name, mode, root))
        return code;
    fs::path version_dir = fs::path(root).parent_path();
    std::string image = (version_dir / "image.tar.xz").string();
    if (int code = pack(s, name, root, "-J", image))
        return code;
    // On the host, with the image's path and names in the environment.
    std::string hash = version_dir.filename().string().substr(name.size() + 1);
    auto status = runtime::run_on_host(
        {"/bin/sh", "-exc", *script},
        {"image_path=" + image, "container_name=" + name, "short_hash=" + hash});
    std::error_code ec;
    fs::remove(image, ec);
    if (!status.ok()) {
        s.ctx().err << "vagga: " << status.error->message() << "\n";
        return 121;
    }
    if (status.value != 0) {
        s.ctx().err << fmt::format("push-image-script {}\n",
                                   runtime::sys::describe_status(status.value));
        return 121;
    }
    return 0;
}

} // namespace vagga::cli
