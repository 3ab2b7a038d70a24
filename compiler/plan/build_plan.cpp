#include "compiler/plan/build_plan.h"

#include <type_traits>

namespace vagga::plan {

namespace {

// One name per op type; the JSON form and progress output use them.
template <class T> constexpr std::string_view name_of();
template <> constexpr std::string_view name_of<BuildCommand>() {
    return "command";
}
template <> constexpr std::string_view name_of<BuildEnv>() {
    return "env";
}
template <> constexpr std::string_view name_of<BuildWriteFile>() {
    return "write_file";
}
template <> constexpr std::string_view name_of<BuildEnsureDir>() {
    return "ensure_dir";
}
template <> constexpr std::string_view name_of<BuildRemove>() {
    return "remove";
}
template <> constexpr std::string_view name_of<BuildEmptyDir>() {
    return "empty_dir";
}
template <> constexpr std::string_view name_of<BuildCacheMount>() {
    return "cache_mount";
}
template <> constexpr std::string_view name_of<BuildCopy>() {
    return "copy";
}
template <> constexpr std::string_view name_of<BuildCopyRoot>() {
    return "copy_root";
}
template <> constexpr std::string_view name_of<BuildFromContainer>() {
    return "from_container";
}
template <> constexpr std::string_view name_of<BuildUnpack>() {
    return "unpack";
}
template <> constexpr std::string_view name_of<BuildDownload>() {
    return "download";
}
template <> constexpr std::string_view name_of<BuildBootstrap>() {
    return "bootstrap";
}
template <> constexpr std::string_view name_of<BuildPackages>() {
    return "packages";
}
template <> constexpr std::string_view name_of<BuildRepo>() {
    return "repo";
}
template <> constexpr std::string_view name_of<BuildAptTrust>() {
    return "apt_trust";
}

} // namespace

std::string_view op_name(const BuildOp& op) {
    return std::visit([](const auto& o) { return name_of<std::decay_t<decltype(o)>>(); }, op);
}

std::string_view to_string(ArchiveKind k) {
    switch (k) {
    case ArchiveKind::Tar:
        return "tar";
    case ArchiveKind::Zip:
        return "zip";
    }
    return "?";
}

std::string_view to_string(Distro d) {
    switch (d) {
    case Distro::Debian:
        return "debian";
    case Distro::Ubuntu:
        return "ubuntu";
    case Distro::Alpine:
        return "alpine";
    }
    return "?";
}

} // namespace vagga::plan
