// The export stage on small configs: what a Workload takes from the launch
// plan and the volumes, and how each format carries it.
#include "compiler/export/kube.h"
#include "compiler/export/oci.h"
#include "tests/compiler/frontend/helpers.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

namespace vagga::testing {
namespace {

using json = nlohmann::json;

constexpr const char* kConfig = R"(containers:
  app:
    environ: {FROM_CONTAINER: c, SHARED: container}
    volumes:
      /tmp: !Tmpfs {size: 10Mi, mode: 0o700}
      /var/lib/data: !Persistent {name: data}
  Other_Box:
    setup: []
commands:
  serve: !Command
    container: app
    work-dir: sub
    user-id: 7
    group-id: 8
    environ: {SHARED: command, PRICE: "$5"}
    run: "echo $SHARED"
    volumes:
      /var/lib/data: !Persistent {name: other}
      /snap: !Snapshot
      /src: !BindRO /work/src
  pair: !Supervise
    children:
      first: !Command
        container: app
        run: [sleep, "1"]
      second: !Command
        container: Other_Box
        isolate-network: true
        run: [true]
)";

struct Exported {
    Decoded d{kConfig};
    lower::LaunchInput in;
    diag::Diagnostics diags;

    Exported() {
        EXPECT_FALSE(d.diags.has_errors()) << d.text();
        in.config = &d.config;
        in.project_root = "/p";
        in.cache_dir = "/p/.vagga/.cache";
        in.volumes_dir = "/p/.vagga/.volumes";
        in.transient_dir = "/p/.vagga/.transient";
        in.container_root = [](const std::string& n) -> std::optional<std::string> {
            return "/p/.vagga/.roots/" + n + ".h/root";
        };
    }
    exporter::Workload workload(const std::string& command) {
        auto w = exporter::lower_workload(in, command, diags);
        EXPECT_FALSE(diags.has_errors()) << diag::render_text(d.sm, diags);
        return w;
    }
    std::vector<std::string> codes() const { return summary(d.sm, diags); }
};

std::string image(const std::string& c) {
    return exporter::image_reference(c, "abcdef0123456789");
}

std::string env_value(const exporter::Process& p, const std::string& name) {
    for (const auto& [k, v] : exporter::engine_env(p))
        if (k == name)
            return v;
    return "<unset>";
}

TEST(Workload, CommandTakesItsPlanAndNothingOfTheHost) {
    Exported e;
    auto w = e.workload("serve");
    ASSERT_EQ(w.processes.size(), 1u);
    const auto& p = w.processes[0];
    EXPECT_EQ(p.container, "app");
    EXPECT_EQ(p.argv, (std::vector<std::string>{"/bin/sh", "-c", "echo $SHARED", "--"}));
    EXPECT_EQ(p.work_dir, "/work/sub");
    EXPECT_FALSE(p.default_work_dir);
    EXPECT_EQ(p.uid, 7u);
    EXPECT_EQ(p.gid, 8u);
    EXPECT_EQ(env_value(p, "SHARED"), "command");
    EXPECT_EQ(env_value(p, "FROM_CONTAINER"), "c");
    EXPECT_EQ(env_value(p, "PATH"), "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    EXPECT_EQ(env_value(p, "TERM"), "<unset>");
    // The command's volume replaces the container's at the same path.
    std::vector<std::string> seen;
    for (const auto& v : p.volumes)
        seen.push_back(v.path + "=" + v.source);
    EXPECT_EQ(seen, (std::vector<std::string>{"/snap=", "/src=/work/src",
                                              "/tmp=", "/var/lib/data=other"}));
}

TEST(Workload, SuperviseChildrenInStartOrderUnknownCommandLocated) {
    Exported e;
    auto w = e.workload("pair");
    EXPECT_TRUE(w.supervise);
    ASSERT_EQ(w.processes.size(), 2u);
    EXPECT_EQ(w.processes[0].name, "first");
    EXPECT_EQ(w.processes[1].container, "Other_Box");
    EXPECT_TRUE(w.processes[1].isolate_network);
    EXPECT_EQ(env_value(w.processes[1], "VAGGA_SUBCOMMAND"), "second");

    diag::Diagnostics diags;
    (void)exporter::lower_workload(e.in, "nope", diags);
    EXPECT_EQ(summary(e.d.sm, diags), std::vector<std::string>{"unknown-command"});
}

TEST(Oci, ImageConfigAndAnnotations) {
    Exported e;
    auto w = e.workload("serve");
    exporter::Image img{"app", "abcdef0123456789", {"sha256:1"}};
    json c = exporter::image_config(img, &w.processes[0]);
    EXPECT_EQ(c["config"]["Entrypoint"], json(w.processes[0].argv));
    EXPECT_EQ(c["config"]["User"], "7:8");
    EXPECT_EQ(c["config"]["WorkingDir"], "/work/sub");
    EXPECT_EQ(c["config"]["Labels"]["io.vagga.version"], "abcdef0123456789");
    EXPECT_EQ(c["config"]["Labels"]["io.vagga.command"], "serve");
    EXPECT_EQ(c["rootfs"]["diff_ids"], json::array({"sha256:1"}));
    for (const auto& kv : c["config"]["Env"])
        EXPECT_NE(kv.get<std::string>().rfind("TERM=", 0), 0u) << kv;
    json bare = exporter::image_config(img, nullptr);
    EXPECT_FALSE(bare["config"].contains("Entrypoint"));
    EXPECT_EQ(exporter::image_annotations(img, "t")["org.opencontainers.image.ref.name"], "t");
}

TEST(Oci, BundleMountsVolumesByKindAndWarnsAtEachHostBind) {
    Exported e;
    auto w = e.workload("serve");
    exporter::BundleSources s;
    s.project_root = "/p";
    s.persistent = [](const std::string& n) { return "/vol/" + n; };
    s.bind = [](const std::string& path) { return "/p" + path.substr(5); };
    json c = exporter::runtime_config(w.processes[0], {{0, 1000, 1}, {1, 100000, 65535}},
                                      {{0, 1000, 1}}, s, e.diags);
    EXPECT_TRUE(c["root"]["readonly"].get<bool>());
    EXPECT_EQ(c["linux"]["uidMappings"][1]["hostID"], 100000);
    EXPECT_EQ(c["process"]["cwd"], "/work/sub");
    EXPECT_EQ(c["process"]["user"]["uid"], 7);
    std::map<std::string, json> mounts;
    for (const auto& m : c["mounts"])
        mounts[m["destination"]] = m;
    EXPECT_EQ(mounts["/tmp"]["type"], "tmpfs");
    EXPECT_EQ(mounts["/tmp"]["options"], json({"nosuid", "nodev", "mode=700", "size=10485760"}));
    EXPECT_EQ(mounts["/var/lib/data"]["source"], "/vol/other");
    EXPECT_EQ(mounts["/src"]["source"], "/p/src");
    EXPECT_EQ(mounts["/src"]["options"].back(), "ro");
    EXPECT_EQ(mounts["/work"]["source"], "/p");
    EXPECT_EQ(mounts["/run"]["type"], "tmpfs");
    // /work (at the command), !Snapshot emptied, the host's /p/src (at the
    // volumes' values).
    EXPECT_EQ(e.codes(), (std::vector<std::string>{"warning:export-differs@10:3",
                                                   "warning:export-differs@19:23",
                                                   "warning:export-differs@20:21"}));
    bool netns = false;
    for (const auto& ns : c["linux"]["namespaces"])
        netns = netns || ns["type"] == "network";
    EXPECT_FALSE(netns);
}

TEST(Kube, OnePodWithAContainerPerChildAndVolumesByKind) {
    Exported e;
    auto pod = YAML::Load(exporter::kube_pod(e.workload("serve"), "/p", image, e.diags));
    EXPECT_EQ(pod["kind"].as<std::string>(), "Pod");
    auto c = pod["spec"]["containers"][0];
    EXPECT_EQ(c["image"].as<std::string>(), "localhost/app:abcdef01");
    EXPECT_EQ(c["securityContext"]["runAsUser"].as<int>(), 7);
    EXPECT_TRUE(c["securityContext"]["readOnlyRootFilesystem"].as<bool>());
    std::map<std::string, YAML::Node> vols;
    for (const auto& v : pod["spec"]["volumes"])
        vols.emplace(v["name"].as<std::string>(), YAML::Node(v));
    EXPECT_EQ(vols["vol-other"]["persistentVolumeClaim"]["claimName"].as<std::string>(), "other");
    EXPECT_EQ(vols["tmp-serve"]["emptyDir"]["medium"].as<std::string>(), "Memory");
    EXPECT_EQ(vols["host-src"]["hostPath"]["path"].as<std::string>(), "/p/src");
    EXPECT_EQ(vols["work"]["hostPath"]["path"].as<std::string>(), "/p");

    auto pair = YAML::Load(exporter::kube_pod(e.workload("pair"), "/p", image, e.diags));
    ASSERT_EQ(pair["spec"]["containers"].size(), 2u);
    EXPECT_EQ(pair["spec"]["containers"][1]["image"].as<std::string>(),
              "localhost/other_box:abcdef01");
    // An env value that YAML would read as a number stays a string.
    EXPECT_EQ(pair["spec"]["containers"][0]["command"][1].as<std::string>(), "1");
}

TEST(Compose, ServicesShareTheFirstChildsNetworkAndKeepDollars) {
    Exported e;
    std::vector<exporter::Workload> ws = {e.workload("serve"), e.workload("pair")};
    auto f = YAML::Load(exporter::compose_file(ws, "/p", image, e.diags));
    auto serve = f["services"]["serve"];
    EXPECT_EQ(serve["entrypoint"][2].as<std::string>(), "echo $$SHARED");
    EXPECT_EQ(serve["environment"]["PRICE"].as<std::string>(), "$$5");
    EXPECT_EQ(serve["user"].as<std::string>(), "7:8");
    EXPECT_EQ(serve["tmpfs"][2].as<std::string>(), "/tmp:size=10485760,mode=700");
    EXPECT_EQ(f["volumes"]["other"].IsMap(), true);
    EXPECT_EQ(f["services"]["pair-second"]["network_mode"].as<std::string>(), "service:pair-first");
}

TEST(Names, ReferencesAndLabels) {
    EXPECT_EQ(exporter::image_reference("My_App.v2", "0123456789"), "localhost/my_app.v2:01234567");
    EXPECT_EQ(exporter::image_reference("_x", "0123456789"), "localhost/-x:01234567");
    EXPECT_EQ(exporter::dns_label("Run_Tests--now_"), "run-tests-now");
    EXPECT_EQ(exporter::dns_label("___"), "x");
    EXPECT_EQ(exporter::dns_label(std::string(100, 'a')).size(), 63u);
}

} // namespace
} // namespace vagga::testing
