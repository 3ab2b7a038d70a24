#include "tests/system/buildcycle/network_util.h"

#include "runtime/build/host_apt.h"
#include "runtime/build/sha256.h"
#include "tests/common/reachable.h"
#include "tests/runtime/build/fetch/test_util.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace vagga::test {
namespace {

// The version of every package of the test's mirrors: above what a real
// package's Breaks: names (libnode-dev breaks nodejs-dev < 10).
constexpr const char* kDebVersion = "99.0";

// A binary package of `files` (path in the root -> content; those in
// usr/bin are executable), made with dpkg-deb.
std::string make_deb(const std::string& dir, const std::string& name, const DebFiles& files) {
    namespace fs = std::filesystem;
    const std::string pkg = dir + "/" + name;
    fs::create_directories(pkg + "/DEBIAN");
    testing::write_text(pkg + "/DEBIAN/control", "Package: " + name + "\nVersion: " + kDebVersion +
                                                     "\nArchitecture: all\n"
                                                     "Maintainer: tests <t@example.invalid>\n"
                                                     "Description: a test package\n");
    for (const auto& [path, content] : files) {
        fs::create_directories(fs::path(pkg + "/" + path).parent_path());
        testing::write_text(pkg + "/" + path, content);
        fs::permissions(pkg + "/" + path, fs::perms(path.rfind("usr/bin/", 0) == 0 ? 0755 : 0644));
    }
    const std::string deb = pkg + ".deb";
    std::string cmd = "dpkg-deb --root-owner-group --build " + pkg + " " + deb + " >/dev/null";
    if (std::system(cmd.c_str()) != 0)
        throw std::runtime_error("dpkg-deb failed");
    return testing::read_text(deb);
}

} // namespace

std::optional<std::string> debian_skip() {
    auto mirror = runtime::build::host_debian_mirror();
    if (!mirror)
        return "the host's apt names no Debian mirror";
    if (!reachable(*mirror + "/dists/bookworm/Release"))
        return "the host's Debian mirror is not reachable: " + *mirror;
    return std::nullopt;
}

// A wheel (a zip) made from a one-module source package.
std::string wheel(const std::string& dir, const std::string& name, const std::string& module) {
    std::string file = name + "-1.0-py3-none-any.whl";
    std::string info = name + "-1.0.dist-info/";
    testing::write_archive(
        dir + "/" + file, "zip",
        {{name + "/__init__.py", 'f', module},
         {info + "METADATA", 'f', "Metadata-Version: 2.1\nName: " + name + "\nVersion: 1.0\n"},
         {info + "WHEEL", 'f',
          "Wheel-Version: 1.0\nGenerator: vagga-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"},
         {info + "RECORD", 'f',
          name + "/__init__.py,,\n" + info + "METADATA,,\n" + info + "WHEEL,,\n" + info +
              "RECORD,,\n"}});
    return file;
}

std::string shared_library(const std::string& dir, const std::string& source) {
    testing::write_text(dir + "/lib.c", source);
    std::string cmd = "cc -shared -fPIC -o " + dir + "/lib.so " + dir + "/lib.c";
    if (std::system(cmd.c_str()) != 0)
        throw std::runtime_error("cc failed: " + cmd);
    return testing::read_text(dir + "/lib.so");
}

std::map<std::string, std::string> loopback_ubuntu(const Project& p, const std::string& image_steps,
                                                   const std::map<std::string, std::string>& debs,
                                                   const std::map<std::string, DebFiles>& file_debs,
                                                   const std::string& codename) {
    p.write("vagga.yaml", "containers:\n"
                          "  image:\n"
                          "    setup:\n"
                          "    - !Debian bookworm\n"
                          "    - !Text\n"
                          "      /etc/apt/apt.conf.d/99loopback: |\n"
                          "        Acquire::AllowInsecureRepositories \"true\";\n"
                          "        APT::Get::AllowUnauthenticated \"true\";\n" +
                              image_steps);
    Output packed = p.vagga({"_pack_image", "-z", "image", "-f", "core.tar.gz"}, 900);
    if (packed.code != 0)
        throw std::runtime_error("packing the core image failed:\n" + packed.err);
    std::map<std::string, std::string> files;
    files["/core.tar.gz"] = p.read("core.tar.gz");
    std::map<std::string, DebFiles> all = file_debs;
    for (const auto& [name, script] : debs) {
        all[name] = {{"usr/bin/" + name, "#!/bin/sh\n" + script + "\n"}};
    }
    std::string packages;
    for (const auto& [name, content] : all) {
        std::string deb = make_deb(p.dir() + "/debs", name, content);
        std::string file = "pool/main/" + name + "_" + kDebVersion + "_all.deb";
        files["/ubuntu/" + file] = deb;
        packages += "Package: " + name + "\nVersion: " + kDebVersion +
                    "\nArchitecture: all\nMaintainer: tests <t@example.invalid>\n"
                    "Description: a test package\nFilename: " +
                    file + "\nSize: " + std::to_string(deb.size()) +
                    "\nSHA256: " + runtime::build::sha256_hex(deb) + "\n\n";
    }
    for (const std::string& suite : {codename, codename + "-updates", codename + "-security"}) {
        std::string release = "Suite: " + suite + "\nCodename: " + suite +
                              "\nArchitectures: amd64\nComponents: main restricted universe\n"
                              "SHA256:\n";
        for (const char* component : {"main", "restricted", "universe"}) {
            std::string list =
                suite == codename && std::string(component) == "main" ? packages : "";
            std::string rel = std::string(component) + "/binary-amd64/Packages";
            files["/ubuntu/dists/" + suite + "/" + rel] = list;
            release += " " + runtime::build::sha256_hex(list) + " " + std::to_string(list.size()) +
                       " " + rel + "\n";
        }
        files["/ubuntu/dists/" + suite + "/Release"] = release;
    }
    return files;
}

} // namespace vagga::test
