#include "runtime/build/lang.h"

#include "runtime/build/distro.h"
#include "runtime/build/distro_util.h"
#include "runtime/build/fetch.h"

#include <fcntl.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace vagga::runtime::build {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

// "Python 3.11.2" -> "3.11"; "" when the output names no version
// (the original's parse_python_version, down to major.minor).
std::string major_minor(const std::string& output) {
    std::string s = output;
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
        s.pop_back();
    }
    s = s.substr(s.rfind(' ') + 1);
    size_t end = s.find_first_not_of("0123456789.");
    s = s.substr(0, end);
    size_t dot = s.find('.');
    if (dot == 0 || dot == std::string::npos) {
        return "";
    }
    size_t second = s.find('.', dot + 1);
    std::string mm = s.substr(0, second);
    return mm.size() > dot + 1 ? mm : "";
}

} // namespace

Status install_features(StepContext& ctx, const plan::BuildFeatures& op) {
    std::vector<std::string> install;
    for (const auto& p : op.build_only) {
        if (contains(ctx.packages, p)) {
            continue;
        }
        if (!contains(ctx.build_deps, p)) {
            ctx.build_deps.push_back(p);
            install.push_back(p);
        }
    }
    for (const auto& p : op.system) {
        std::erase(ctx.build_deps, p);
        if (!contains(ctx.packages, p)) {
            ctx.packages.push_back(p);
            if (!contains(install, p)) {
                install.push_back(p);
            }
        }
    }
    return install_names(ctx, op.distro, install, op.span);
}

Status get_pip(StepContext& ctx, const plan::BuildGetPip& op) {
    plan::BuildCommand probe;
    probe.argv = {op.python, "--version"};
    probe.work_dir.assign(1, '/');
    probe.span = op.span;
    // Python 2 prints its version on stderr.
    Captured v = capture_command(ctx, probe, op.major == 2);
    if (v.status) {
        return v.status;
    }
    std::string version = major_minor(v.text);
    if (version.empty()) {
        return make_error(0, "get-pip", "Invalid python version: \"" + v.text + "\"");
    }
    plan::BuildDownload d;
    d.path = "/tmp/get-pip.py";
    d.mode = 0644;
    d.span = op.span;
    d.source.url = "https://bootstrap.pypa.io/pip/" + version + "/get-pip.py";
    if (auto e = download(ctx, d)) {
        // Only Pythons that current pip dropped have their own script.
        std::fprintf(stderr, "vagga: no get-pip.py for Python %s (%s), using the latest\n",
                     version.c_str(), e->message().c_str());
        d.source.url = "https://bootstrap.pypa.io/get-pip.py";
        if (auto e2 = download(ctx, d)) {
            return e2;
        }
    }
    plan::BuildCommand run;
    run.argv = {op.python, "/tmp/get-pip.py", "--target=/tmp/pip-install"};
    run.argv.insert(run.argv.end(), op.args.begin(), op.args.end());
    run.span = op.span;
    return ctx.run(run);
}

Status capture_list(StepContext& ctx, const plan::BuildCapture& op,
                    const std::string& container_dir) {
    plan::BuildCommand cmd;
    cmd.argv = op.argv;
    cmd.env = op.env;
    cmd.work_dir = op.work_dir;
    cmd.span = op.span;
    Captured c = capture_command(ctx, cmd, false);
    if (c.status) {
        // As the original: the list is informational, the build goes on.
        std::fprintf(stderr, "vagga: warning: can't list packages into %s: %s\n", op.file.c_str(),
                     c.status->message().c_str());
    }
    if (op.file.empty() || op.file.find('/') != std::string::npos || op.file[0] == '.') {
        return make_error(0, "capture", "bad list file name \"" + op.file + "\"");
    }
    const std::string path = container_dir + "/" + op.file;
    auto fd = sys::open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (!fd.ok()) {
        return fd.error;
    }
    return sys::write_all(fd.value.get(), c.text, path);
}

} // namespace vagga::runtime::build
