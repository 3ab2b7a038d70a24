#include "app/packer.h"

#include "runtime/spawn.h"
#include "runtime/userns.h"

#include <fmt/format.h>

namespace vagga::app {

namespace {

std::vector<plan::IdRange> ranges(const std::vector<ir::IdRange>& in) {
    std::vector<plan::IdRange> out;
    for (const auto& r : in)
        out.push_back({r.start, r.end});
    return out.empty() ? std::vector<plan::IdRange>{{0, 65535}} : out;
}

const char* tar_flag(Compression c) {
    switch (c) {
    case Compression::None:
        return "";
    case Compression::Gzip:
        return "-z";
    case Compression::Bzip2:
        return "-j";
    case Compression::Xz:
        return "-J";
    }
    return "";
}

} // namespace

plan::IdMap container_id_map(const ir::Container& c) {
    return plan::IdMap{plan::MapKind::Container, ranges(c.uids), ranges(c.gids), {}};
}

Status pack_image(const project::Project& project, const std::string& container,
                  const std::string& root, Compression compression, const std::string& file,
                  Console& console) {
    const auto& c = project.config.containers.at(ir::Str(container));
    plan::IdMap want = container_id_map(c);
    // Sorted names and no atime make the same image give the same bytes.
    std::vector<std::string> argv{"tar", "--sort=name", "--numeric-owner", "-c"};
    if (compression != Compression::None) {
        argv.push_back(tar_flag(compression));
        console.err("Compressing the image... This may take a few minutes.\n");
    }
    argv.insert(argv.end(), {"-f", file.empty() ? "-" : file, "-C", root, "."});
    auto host = runtime::Host::from_process();
    auto r = runtime::in_user_namespace(want, host, [&argv](runtime::Status* error) {
        *error = runtime::sys::exec("/bin/tar", argv, {"PATH=/usr/bin:/bin"});
        return 124;
    });
    if (r.error)
        return failed("vagga: " + r.error->message());
    if (r.value != 0)
        return Error{ErrorKind::Exited, "", r.value};
    return std::nullopt;
}

Status push_image(const project::Project& project, const std::string& container,
                  const std::string& root, Files& files, Console& console) {
    const auto& script = project.settings.push_image_script;
    if (!script)
        return failed("You should specify 'push-image-script' setting");
    const Path version_dir = Path(root).parent_path();
    const std::string image = (version_dir / "image.tar.xz").string();
    if (auto e = pack_image(project, container, root, Compression::Xz, image, console))
        return e;
    // On the host, with the image's path and names in the environment.
    std::string hash = version_dir.filename().string().substr(container.size() + 1);
    auto status = runtime::run_on_host(
        {"/bin/sh", "-exc", *script},
        {"image_path=" + image, "container_name=" + container, "short_hash=" + hash});
    (void)files.remove_file(image);
    if (!status.ok())
        return failed("vagga: " + status.error->message());
    if (status.value != 0)
        return failed(
            fmt::format("push-image-script {}", runtime::sys::describe_status(status.value)));
    return std::nullopt;
}

} // namespace vagga::app
