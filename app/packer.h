// The packer behind `vagga _pack_image` and `vagga _push_image`
// (runtime.md §1.8.8): a built container as a tar archive, for
// `image-cache-url` to find later.
#pragma once

#include "app/error.h"
#include "app/ports.h"
#include "compiler/plan/launch_plan.h"
#include "compiler/project/project.h"

#include <string>

namespace vagga::app {

enum class Compression { None, Gzip, Bzip2, Xz };

// The id map a container's files are seen with from the host side: its
// `uids`/`gids` (0-65535 when unset), as vagga runs it.
plan::IdMap container_id_map(const ir::Container& c);

// Packs the built `root` of `container` into `file` ("" = stdout). The
// host's tar runs as root of a user namespace with the container's id
// map, so the archive records the owners the files have inside.
Status pack_image(const project::Project& project, const std::string& container,
                  const std::string& root, Compression compression, const std::string& file,
                  Console& console);

// Packs `root` next to it as image.tar.xz and runs the project's
// `push-image-script` on the host with the image's path and names in its
// environment; the archive is removed afterwards.
Status push_image(const project::Project& project, const std::string& container,
                  const std::string& root, Files& files, Console& console);

} // namespace vagga::app
