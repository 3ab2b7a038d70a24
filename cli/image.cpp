// `vagga _pack_image` and `vagga _push_image` (runtime.md §1.8.8): a built
// container as a tar archive, for `image-cache-url` to find later.
#include "cli/image.h"

#include "app/packer.h"
#include "cli/build.h"
#include "cli/builtin_docs.h"

#include <fmt/format.h>

#include <system_error>

namespace vagga::cli {

namespace {

// The options both commands share: build mode flags and the container.
bool parse_common(Session& s, const std::string& a, app::BuildMode& mode, std::string& name) {
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
int built_root(Session& s, const std::string& name, app::BuildMode mode, std::string& root) {
    if (int code = ensure_built(s, name, mode))
        return code;
    auto st = s.storage();
    auto r = st ? app::container_root(s.ports().files, *st, name) : std::nullopt;
    if (!r) {
        s.ctx().err << fmt::format("Container {} is not built\n", name);
        return exit_code::launcher_error;
    }
    root = *r;
    return 0;
}

} // namespace

int builtin_pack_image(Session& s, const std::vector<std::string>& args) {
    app::BuildMode mode = app::BuildMode::NoImage;
    std::string name, file;
    app::Compression compress = app::Compression::None;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-z" || a == "--gzip") {
            compress = app::Compression::Gzip;
        } else if (a == "-j" || a == "--bzip2") {
            compress = app::Compression::Bzip2;
        } else if (a == "-J" || a == "--xz") {
            compress = app::Compression::Xz;
        } else if ((a == "-f" || a == "--file") && i + 1 < args.size()) {
            file = args[++i];
        } else if (!parse_common(s, a, mode, name)) {
            s.ctx().err << usage_text(*find_builtin_doc("_pack_image"))
                        << fmt::format("vagga _pack_image: Unknown option {}\n", a);
            return exit_code::usage;
        }
    }
    if (name.empty()) {
        s.ctx().err << usage_text(*find_builtin_doc("_pack_image"))
                    << "vagga _pack_image: Argument container_name is required\n";
        return exit_code::usage;
    }
    if (!s.project().config.containers.count(ir::Str(name))) {
        s.ctx().err << fmt::format("Container \"{}\" not found\n", name);
        return exit_code::launcher_error;
    }
    std::string root;
    if (int code = built_root(s, name, mode, root))
        return code;
    // A relative file is in the project, as /work/FILE would be.
    if (!file.empty() && file[0] != '/')
        file = (s.project().root / file).string();
    return report(app::pack_image(s.project(), name, root, compress, file, s.ports().console),
                  s.ctx().err);
}

int builtin_push_image(Session& s, const std::vector<std::string>& args) {
    app::BuildMode mode = app::BuildMode::NoImage;
    std::string name;
    for (const auto& a : args) {
        if (!parse_common(s, a, mode, name)) {
            s.ctx().err << usage_text(*find_builtin_doc("_push_image"))
                        << fmt::format("vagga _push_image: Unknown option {}\n", a);
            return exit_code::usage;
        }
    }
    if (name.empty() || !s.project().config.containers.count(ir::Str(name))) {
        s.ctx().err << fmt::format("Container \"{}\" not found\n", name);
        return name.empty() ? exit_code::usage : exit_code::launcher_error;
    }
    if (!s.project().settings.push_image_script) {
        s.ctx().err << "You should specify 'push-image-script' setting\n";
        return exit_code::launcher_error;
    }
    std::string root;
    if (int code = built_root(s, name, mode, root))
        return code;
    return report(app::push_image(s.project(), name, root, s.ports().files, s.ports().console),
                  s.ctx().err);
}

} // namespace vagga::cli
