// Build plan JSON: every op survives to_json -> from_json -> to_json, and
// malformed documents are refused with a message.
#include "compiler/plan/build_plan_json.h"

#include <gtest/gtest.h>

#include <set>

namespace vagga::plan {
namespace {

source::Span sp(uint32_t b) {
    return source::Span{1, b, b + 3};
}

// A plan with every op, every optional set, and non-default values.
BuildPlan full_plan() {
    BuildPlan p;
    p.container = "app";
    p.version = std::string(128, 'a');
    p.idmap = IdMap{MapKind::Container, {{0, 0}, {1, 65535}}, {{0, 100}}, sp(1)};
    p.root_dir = "/p/.vagga/.roots/.tmp.app/root";
    p.project_root = "/p";
    p.cache_dir = "/p/.vagga/.cache";
    p.env = {{"TERM", "dumb"}, {"http_proxy", "http://proxy:3128"}};
    p.truncate_files = {"/etc/resolv.conf", "/etc/hosts"};
    p.data_dirs = {"/data"};
    p.timings_log = "/p/.vagga/.roots/.tmp.app/timings.log";
    BuildStep s;
    s.label = "!Everything";
    s.span = sp(10);
    s.ops.push_back(BuildCommand{{"/bin/sh", "-exc", "echo \"hi\"\n"},
                                 "/work/x",
                                 1,
                                 2,
                                 {3, 4},
                                 1000,
                                 true,
                                 {"/work/node_modules"},
                                 {{"A", "b"}},
                                 sp(20)});
    s.ops.push_back(BuildEnv{{{"K", "V"}, {"K", "W"}}, sp(30)});
    s.ops.push_back(BuildWriteFile{"/etc/motd", "hello\n\x01", 0600, true, sp(40)});
    s.ops.push_back(BuildEnsureDir{"/var/x", sp(50)});
    s.ops.push_back(BuildRemove{"/var/y", {}});
    s.ops.push_back(BuildEmptyDir{"/var/z", sp(60)});
    s.ops.push_back(BuildCacheMount{"/var/cache/apt", "apt-cache", "", sp(70)});
    s.ops.push_back(BuildCopy{"/p/src", "/p", Resolve::Beneath, "/app",
                              BuildFilter{std::nullopt, std::nullopt, {"!.git/", "/src"}, true}, 5,
                              6, 0022, true, true, sp(80)});
    s.ops.push_back(BuildCopy{"/r/a", "/r", Resolve::InRoot, "/b",
                              BuildFilter{"~$", "\\.py$", {}, false}, std::nullopt, std::nullopt,
                              0002, false, false, sp(85)});
    s.ops.push_back(BuildCopyRoot{"base", "/p/.vagga/.roots/base.12345678/root", sp(90)});
    s.ops.push_back(BuildFromContainer{"base", "/r/usr", "/r", "/usr", true, sp(100)});
    s.ops.push_back(BuildUnpack{ArchiveKind::Zip, FetchSource{"./x.zip", "/p/x.zip", "/p", "abc"},
                                "/opt", "sub", sp(110)});
    s.ops.push_back(
        BuildDownload{FetchSource{"https://h/f", "", "", std::nullopt}, "/f", 0755, sp(120)});
    s.ops.push_back(BuildBootstrap{Distro::Ubuntu, "jammy", "http://m/ubuntu", "http://i/r.tgz",
                                   "http://i/u.tgz", "arm64", true, false, sp(130)});
    s.ops.push_back(BuildPackages{Distro::Alpine, {"a", "b"}, true, sp(140)});
    s.ops.push_back(BuildRepo{Distro::Debian, "deb http://m/ bookworm main", "m.list", sp(150)});
    s.ops.push_back(BuildAptTrust{"hkps://k", {"ABC", "DEF"}, sp(160)});
    s.ops.push_back(BuildGitCheckout{"https://h/r.git", std::nullopt, "dev", "/src", sp(170)});
    s.ops.push_back(BuildFeatures{Distro::Debian, {"python3-pip"}, {"python3"}, sp(180)});
    s.ops.push_back(BuildGetPip{"python3", 3, {"setuptools<58"}, sp(190)});
    s.ops.push_back(
        BuildCapture{{"npm", "ls", "--global"}, {{"A", "1"}}, "/work", "npm-list.txt", sp(200)});
    p.steps.push_back(s);
    p.steps.push_back(BuildStep{"!Depends x", {}, {}});
    return p;
}

TEST(BuildPlanJson, PlanHasEveryOp) {
    std::set<std::string_view> names;
    for (const auto& step : full_plan().steps)
        for (const auto& op : step.ops)
            names.insert(op_name(op));
    EXPECT_EQ(names.size(), std::variant_size_v<BuildOp>);
}

TEST(BuildPlanJson, RoundTrip) {
    auto first = to_json(full_plan());
    BuildPlan back;
    std::string error;
    ASSERT_TRUE(from_json(nlohmann::json::parse(first.dump()), &back, &error)) << error;
    EXPECT_EQ(to_json(back).dump(2), first.dump(2));
    EXPECT_EQ(back.steps.at(0).ops.size(), full_plan().steps.at(0).ops.size());
    EXPECT_EQ(std::get<BuildCommand>(back.steps[0].ops[0]).external_uid, 1000u);
    EXPECT_FALSE(std::get<BuildRemove>(back.steps[0].ops[4]).span.valid());
}

TEST(BuildPlanJson, Shape) {
    auto j = to_json(full_plan());
    EXPECT_EQ(j.at("idmap").at("uids").dump(), "[[0,0],[1,65535]]");
    EXPECT_EQ(j.at("idmap").at("map"), "container");
    EXPECT_EQ(j.at("steps").at(0).at("ops").at(0).at("op"), "command");
    EXPECT_EQ(j.at("steps").at(0).at("ops").at(11).at("kind"), "zip");
    EXPECT_EQ(j.at("steps").at(0).at("ops").at(13).at("distro"), "ubuntu");
    EXPECT_EQ(j.at("steps").at(0).at("ops").at(8).at("owner_uid"), nullptr);
    EXPECT_FALSE(j.at("steps").at(1).contains("span"));
}

TEST(BuildPlanJson, MissingFieldsTakeDefaults) {
    BuildPlan p;
    std::string error;
    auto doc = nlohmann::json::parse(
        R"({"container":"c","steps":[{"label":"!Sh x","ops":[{"op":"command","argv":["x"]}]}]})");
    ASSERT_TRUE(from_json(doc, &p, &error)) << error;
    const auto& c = std::get<BuildCommand>(p.steps.at(0).ops.at(0));
    EXPECT_EQ(c.work_dir, "/work");
    EXPECT_EQ(p.idmap.uids.size(), 1u);
}

TEST(BuildPlanJson, Malformed) {
    const char* bad[][2] = {
        {"[]", "a build plan is an object"},
        {R"({"container":"c"})", "steps"},
        {R"({"steps":{}})", "\"steps\" must be an array"},
        {R"({"steps":[{"ops":[]}]})", "step 0"},
        {R"({"steps":[{"label":"x","ops":[{"op":"nope"}]}]})", "op 0 (nope): unknown op"},
        {R"({"steps":[{"label":"x","ops":[{"op":"command","uid":"root"}]}]})", "field \"uid\""},
        {R"({"steps":[{"label":"x","ops":[{"op":"packages","distro":"arch"}]}]})",
         "unknown value \"arch\""},
        {R"({"steps":[],"idmap":{"uids":[[1]]}})", "an id range is [start, end]"},
        {R"({"steps":[],"env":[["A"]]})", "an environment entry is [name, value]"},
        {R"({"steps":[{"label":"x","ops":[{"op":"copy","filter":[]}]}]})", "expected an object"},
        {R"({"steps":[{"label":"x","ops":[7]}]})", "unknown op"},
    };
    for (const auto& [text, want] : bad) {
        BuildPlan p;
        std::string error;
        EXPECT_FALSE(from_json(nlohmann::json::parse(text), &p, &error)) << text;
        EXPECT_NE(error.find(want), std::string::npos) << text << " -> " << error;
    }
}

TEST(BuildPlanNames, EnumsAndOps) {
    EXPECT_EQ(to_string(ArchiveKind::Tar), "tar");
    EXPECT_EQ(to_string(ArchiveKind::Zip), "zip");
    EXPECT_EQ(to_string(Distro::Debian), "debian");
    EXPECT_EQ(to_string(Distro::Ubuntu), "ubuntu");
    EXPECT_EQ(to_string(Distro::Alpine), "alpine");
    std::vector<std::string> names;
    // A named plan: a range-for over a member of a temporary dangles.
    const BuildPlan plan = full_plan();
    for (const auto& op : plan.steps[0].ops)
        names.emplace_back(op_name(op));
    EXPECT_EQ(names, (std::vector<std::string>{
                         "command",        "env",         "write_file",   "ensure_dir", "remove",
                         "empty_dir",      "cache_mount", "copy",         "copy",       "copy_root",
                         "from_container", "unpack",      "download",     "bootstrap",  "packages",
                         "repo",           "apt_trust",   "git_checkout", "features",   "get_pip",
                         "capture"}));
}

} // namespace
} // namespace vagga::plan
