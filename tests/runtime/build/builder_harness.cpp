#include "tests/runtime/build/builder_harness.h"

#include "runtime/idmap.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vagga::test {
namespace fs = std::filesystem;

const std::string& busybox_image() {
    static TempDir dir;
    static std::string root = [] {
        std::string r = dir.path() + "/root";
        for (const char* d : {"/tmp", "/dev", "/proc"}) {
            fs::create_directories(r + d);
        }
        install_busybox(r, {"sh", "echo", "cat", "ls", "id", "true", "false", "env", "pwd", "stat",
                            "touch", "mkdir", "rm", "chown", "test", "groups", "ln", "chmod",
                            "sleep"});
        write_root_etc(r);
        write_file(r + "/tmp/leftover", "x");
        return r;
    }();
    return root;
}

Build::Build() : host(runtime::Host::from_process()) {
    fs::create_directories(dir.path() + "/container");
    fs::create_directories(dir.path() + "/cache");
    fs::create_directories(dir.path() + "/project");
    write_file(dir.path() + "/resolv.conf", "nameserver 192.0.2.53\n");
    write_file(dir.path() + "/hosts", "192.0.2.1 buildhost\n");
    host.resolv_conf_path = dir.path() + "/resolv.conf";
    host.hosts_path = dir.path() + "/hosts";
    host.warn = [](const std::string&) {};
    plan.container = "test";
    plan.root_dir = dir.path() + "/container/root";
    plan.project_root = dir.path() + "/project";
    plan.cache_dir = dir.path() + "/cache";
    plan.timings_log = dir.path() + "/container/timings.log";
    plan.env = {{"PATH", "/bin"}, {"HOME", "/tmp"}};
    plan::BuildCopyRoot copy;
    copy.container = "busybox";
    copy.host_root = busybox_image();
    add_step("!Container busybox", {copy});
}

plan::BuildStep& Build::add_step(const std::string& label, std::vector<plan::BuildOp> ops) {
    plan::BuildStep s;
    s.label = label;
    s.ops = std::move(ops);
    plan.steps.push_back(std::move(s));
    return plan.steps.back();
}

runtime::build::BuildResult Build::run() {
    std::string path = dir.path() + "/stderr.txt";
    int saved = dup(2);
    int f = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    dup2(f, 2);
    close(f);
    auto r = runtime::build::run_build(plan, host);
    dup2(saved, 2);
    close(saved);
    err = read_file(path);
    return r;
}

plan::BuildCommand sh(const std::string& script) {
    plan::BuildCommand c;
    c.argv = {"/bin/sh", "-exc", script};
    return c;
}

bool single_id() {
    auto host = runtime::Host::from_process();
    host.warn = [](const std::string&) {};
    return runtime::choose_id_maps(plan::IdMap{}, host).single;
}

} // namespace vagga::test
