// `vagga _export` read by the engines that exist, on a container each test
// builds from a busybox root: skopeo and umoci read the image layout, runc
// runs the bundle, podman loads the image and plays the Pod, docker-compose
// accepts the compose file. Exporting twice gives the same digests. The
// image holds an 11 MB file, so that gzip's blocks (1 MiB, compressed in
// parallel) span several batches; umoci checks both digests of the layer.
#include "tests/system/buildcycle/project.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <filesystem>
#include <map>

namespace vagga::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr const char* kConfig = R"yaml(containers:
  app:
    setup:
    - !Tar {url: ./root.tar.gz}
    - !Sh |
        echo hello > /greeting
        seq 1 1500000 > /numbers
        ln -s greeting /link
        mkdir /owned
        echo x > /owned/f
        chown -R 1:2 /owned
    environ: {GREETING: from-container}
commands:
  say: !Command
    container: app
    environ: {WHO: engine}
    run: 'cat /greeting; echo "$GREETING $WHO $(pwd)"; exit 3'
  pair: !Supervise
    children:
      one: !Command {container: app, run: 'echo one-ran'}
      two: !Command {container: app, run: 'echo two-ran'}
)yaml";

std::string which(const std::string& tool) {
    for (const char* dir : {"/usr/bin", "/usr/sbin", "/bin", "/sbin"}) {
        std::string p = std::string(dir) + "/" + tool;
        if (::access(p.c_str(), X_OK) == 0)
            return p;
    }
    return "";
}

class Engine : public ::testing::Test {
  protected:
    void SetUp() override {
        p.add_busybox_tarball();
        p.write("vagga.yaml", kConfig);
        Output b = p.vagga({"_build", "app"}, 300);
        ASSERT_EQ(b.code, 0) << b.err;
        Output v = p.vagga({"_version_hash", "app"});
        ASSERT_EQ(v.code, 0) << v.err;
        version = v.out.substr(0, v.out.size() - 1);
        tag = "localhost/app:" + version.substr(0, 8);
    }
    // The engines keep their state in the project's .home.
    std::vector<std::string> env() const {
        return {"XDG_RUNTIME_DIR=" + p.dir() + "/.home/run", "TMPDIR=" + p.dir() + "/.home/tmp"};
    }
    Output tool(std::vector<std::string> argv, double timeout = 300) const {
        fs::create_directories(p.dir() + "/.home/run");
        fs::create_directories(p.dir() + "/.home/tmp");
        return p.run(argv, timeout, env());
    }
    Output exported(const std::vector<std::string>& args) const {
        std::vector<std::string> a{"_export"};
        a.insert(a.end(), args.begin(), args.end());
        return p.vagga(a, 300);
    }
    Project p;
    std::string version, tag;
};

TEST_F(Engine, OciLayoutIsReproducibleAndSkopeoReadsIt) {
    Output one = exported({"oci", "app", "--command", "say", "-o", "one"});
    ASSERT_EQ(one.code, 0) << one.err;
    Output two = exported({"oci", "app", "--command", "say", "-o", "two"});
    ASSERT_EQ(two.code, 0) << two.err;
    EXPECT_EQ(one.out, two.out);
    EXPECT_EQ(one.out.rfind("sha256:", 0), 0u) << one.out;
    Output arch1 = exported({"oci", "app", "-o", "a1.tar"});
    Output arch2 = exported({"oci", "app", "-o", "a2.tar"});
    ASSERT_EQ(arch1.code, 0) << arch1.err;
    EXPECT_EQ(arch1.out, arch2.out);
    EXPECT_EQ(p.read("a1.tar"), p.read("a2.tar"));
    Output zstd = exported({"oci", "app", "--compression", "zstd", "-o", "z"});
    ASSERT_EQ(zstd.code, 0) << zstd.err;

    std::string skopeo = which("skopeo");
    if (skopeo.empty())
        GTEST_SKIP() << "skopeo is not installed (scripts/setup-deps.sh installs it)";
    Output inspect = tool({skopeo, "inspect", "oci:one:" + tag});
    ASSERT_EQ(inspect.code, 0) << inspect.err;
    json info = json::parse(inspect.out);
    EXPECT_EQ(info["Digest"].get<std::string>() + "\n", one.out);
    EXPECT_EQ(info["Labels"]["io.vagga.version"], version);
    EXPECT_EQ(info["Labels"]["io.vagga.command"], "say");
    EXPECT_NE(info["Env"].dump().find("GREETING=from-container"), std::string::npos) << info;
    EXPECT_NE(info["Env"].dump().find("WHO=engine"), std::string::npos) << info;
    EXPECT_EQ(info["Env"].dump().find("TERM="), std::string::npos) << info;
    Output config = tool({skopeo, "inspect", "--config", "oci:one:" + tag});
    ASSERT_EQ(config.code, 0) << config.err;
    json c = json::parse(config.out)["config"];
    EXPECT_EQ(c["WorkingDir"], "/work");
    EXPECT_EQ(c["User"], "0:0");
    EXPECT_EQ(c["Entrypoint"][0], "/bin/sh");
    for (const auto& target : {"oci-archive:copied.tar", "docker-archive:docker.tar"}) {
        Output copy = tool({skopeo, "copy", "oci:one:" + tag, target});
        EXPECT_EQ(copy.code, 0) << target << "\n" << copy.err;
    }
    Output from_archive = tool({skopeo, "inspect", "oci-archive:a1.tar"});
    EXPECT_EQ(from_archive.code, 0) << from_archive.err;
    Output from_zstd = tool({skopeo, "inspect", "oci:z:" + tag});
    EXPECT_EQ(from_zstd.code, 0) << from_zstd.err;
}

// The owners umoci keeps for a rootless unpack (user.rootlesscontainers, a
// protobuf of uid = 1, gid = 2); 0:0 when there is none.
std::pair<unsigned, unsigned> rootless_owner(const std::string& path) {
    unsigned char buf[64];
    ssize_t n = ::lgetxattr(path.c_str(), "user.rootlesscontainers", buf, sizeof buf);
    unsigned ids[3] = {0, 0, 0};
    for (ssize_t i = 0; i + 1 < n;) {
        unsigned field = buf[i] >> 3;
        unsigned value = 0, shift = 0;
        ++i;
        while (i < n) {
            value |= (buf[i] & 0x7fu) << shift;
            shift += 7;
            if (!(buf[i++] & 0x80))
                break;
        }
        if (field < 3)
            ids[field] = value;
    }
    return {ids[1], ids[2]};
}

// Type, mode, size and link target of every entry under `root`.
std::map<std::string, std::string> tree(const std::string& root) {
    std::map<std::string, std::string> out;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
         ++it) {
        struct stat st {};
        ::lstat(it->path().c_str(), &st);
        std::string rel = it->path().string().substr(root.size());
        std::string d = std::to_string(st.st_mode);
        if (S_ISREG(st.st_mode))
            d += " " + std::to_string(st.st_size);
        if (S_ISLNK(st.st_mode))
            d += " -> " + fs::read_symlink(it->path()).string();
        out[rel] = d;
    }
    return out;
}

TEST_F(Engine, UmociUnpacksTheContainersTreeAndOwners) {
    std::string umoci = which("umoci");
    if (umoci.empty())
        GTEST_SKIP() << "umoci is not installed (scripts/setup-deps.sh installs it)";
    Output x = exported({"oci", "app", "-o", "layout"});
    ASSERT_EQ(x.code, 0) << x.err;
    Output u = tool({umoci, "unpack", "--rootless", "--image", "layout:" + tag, "unpacked"});
    ASSERT_EQ(u.code, 0) << u.err;
    std::string rootfs = p.dir() + "/unpacked/rootfs";
    auto want = tree(p.dir() + "/.vagga/app");
    auto got = tree(rootfs);
    EXPECT_EQ(got, want);
    EXPECT_EQ(rootless_owner(rootfs + "/owned/f"), (std::pair<unsigned, unsigned>{1, 2}));
    EXPECT_EQ(rootless_owner(rootfs + "/owned"), (std::pair<unsigned, unsigned>{1, 2}));
    EXPECT_EQ(rootless_owner(rootfs + "/greeting"), (std::pair<unsigned, unsigned>{0, 0}));
}

TEST_F(Engine, RuncRunsTheBundleWithTheCommandsOutputAndExitCode) {
    std::string runc = which("runc");
    if (runc.empty())
        GTEST_SKIP() << "runc is not installed (scripts/setup-deps.sh installs it)";
    Output x = exported({"bundle", "say", "-o", "bundle"});
    ASSERT_EQ(x.code, 0) << x.err;
    EXPECT_NE(x.err.find("warning[export-differs]"), std::string::npos) << x.err;
    json config = json::parse(p.read("bundle/config.json"));
    EXPECT_TRUE(config["root"]["readonly"].get<bool>());
    Output r = tool({runc, "--root", p.dir() + "/.home/run/runc", "run", "--bundle",
                     p.dir() + "/bundle", "vagga-engine-test-" + std::to_string(::getpid())});
    EXPECT_EQ(r.code, 3) << r.out << r.err;
    EXPECT_EQ(r.out, "hello\nfrom-container engine /work\n") << r.err;
}

class Podman : public Engine {
  protected:
    std::vector<std::string> podman(std::vector<std::string> args) const {
        std::vector<std::string> argv{which("podman"),
                                      "--runtime",
                                      "runc",
                                      "--cgroup-manager",
                                      "cgroupfs",
                                      "--events-backend",
                                      "file",
                                      "--root",
                                      p.dir() + "/.home/storage",
                                      "--runroot",
                                      p.dir() + "/.home/run/storage"};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
    }
    void TearDown() override {
        if (!which("podman").empty())
            (void)tool(podman({"system", "reset", "--force"}), 120);
    }
};

TEST_F(Podman, LoadsTheImageAndPlaysTheSupervisePod) {
    if (which("podman").empty())
        GTEST_SKIP() << "podman is not installed (scripts/setup-deps.sh installs it)";
    // Whether podman can run any container here: a root made by podman
    // itself from the same busybox tarball, not by us.
    Output imported = tool(podman({"import", p.dir() + "/root.tar.gz", "localhost/probe:1"}));
    ASSERT_EQ(imported.code, 0) << imported.err;
    Output probe =
        tool(podman({"run", "--rm", "--network", "host", "localhost/probe:1", "/bin/true"}));
    if (probe.code != 0)
        GTEST_SKIP() << "podman cannot run a container on this host: " << probe.err;

    Output x = exported({"oci", "app", "-o", "app.tar"});
    ASSERT_EQ(x.code, 0) << x.err;
    Output load = tool(podman({"load", "-i", p.dir() + "/app.tar"}));
    ASSERT_EQ(load.code, 0) << load.err;
    EXPECT_NE(load.out.find(tag), std::string::npos) << load.out;
    Output pod = exported({"kube", "pair"});
    ASSERT_EQ(pod.code, 0) << pod.err;
    p.write("pod.yaml", pod.out);
    // No /dev/net/tun for slirp4netns here: the Pod uses the host's network.
    Output play = tool(podman({"kube", "play", "--network", "host", p.dir() + "/pod.yaml"}));
    ASSERT_EQ(play.code, 0) << play.err;
    for (const auto& [child, line] :
         {std::pair<std::string, std::string>{"one", "one-ran\n"}, {"two", "two-ran\n"}}) {
        Output wait = tool(podman({"wait", "pair-" + child}));
        EXPECT_EQ(wait.code, 0) << wait.err;
        EXPECT_EQ(wait.out, "0\n");
        Output logs = tool(podman({"logs", "pair-" + child}));
        EXPECT_EQ(logs.out, line) << logs.err;
    }
    (void)tool(podman({"kube", "down", p.dir() + "/pod.yaml"}));
}

TEST_F(Engine, DockerComposeAcceptsTheComposeFile) {
    std::string compose = which("docker-compose");
    if (compose.empty())
        GTEST_SKIP() << "docker-compose is not installed (scripts/setup-deps.sh installs it)";
    Output x = exported({"compose"});
    ASSERT_EQ(x.code, 0) << x.err;
    p.write("compose.yaml", x.out);
    Output c = tool({compose, "-f", p.dir() + "/compose.yaml", "config"});
    ASSERT_EQ(c.code, 0) << c.err;
    // $ survives compose's own interpolation (`config` prints it escaped
    // again, and warns of no unset variable).
    EXPECT_NE(c.out.find("\"$$GREETING $$WHO $$(pwd)\""), std::string::npos) << c.out;
    EXPECT_EQ(c.err.find("variable is not set"), std::string::npos) << c.err;
    EXPECT_NE(c.out.find("network_mode: service:pair-one"), std::string::npos) << c.out;
}

} // namespace
} // namespace vagga::test
