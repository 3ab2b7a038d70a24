// Unit tests without namespaces: the plan's JSON form and the id-map
// computation.
#include "compiler/plan/plan_json.h"
#include "runtime/idmap.h"
#include "runtime/launch.h"
#include "runtime/listen.h"
#include "runtime/sys.h"
#include "tests/common/temp_dir.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace vagga {
namespace {

using plan::IdRange;
using runtime::IdMapEntry;
using runtime::SubRange;

plan::LaunchPlan sample_plan() {
    plan::LaunchPlan p;
    p.ids = plan::IdMap{plan::MapKind::Container, {{0, 65535}}, {{0, 100}}, {}};
    p.namespaces = plan::Namespaces{true, true, {}};
    plan::Command cmd;
    cmd.pid1 = plan::Pid1{plan::Pid1Mode::WaitAllChildren, {}};
    plan::Container& c = cmd.container;
    c.root = plan::Root{"/r", false, {}, source::Span{1, 10, 20}};
    c.mounts.emplace_back(
        plan::MakeDir{plan::PathBase::Host, "/h/.volumes/db", "/h/.volumes", 0700, true, 1, 2, {}});
    c.mounts.emplace_back(plan::Bind{"/h/.volumes/db", "/h/.volumes", plan::Resolve::Beneath,
                                     "/var/lib/db", false, true, source::Span{1, 30, 40}});
    plan::Tmpfs t;
    t.target = "/tmp";
    t.subdirs = {{"x", 0700}};
    t.files = {{"f", std::string("text"), 0644}, {"g", std::nullopt, 0600}};
    c.mounts.emplace_back(t);
    c.mounts.emplace_back(plan::Proc{});
    c.mounts.emplace_back(plan::Sysfs{});
    c.mounts.emplace_back(plan::Dev{});
    c.mounts.emplace_back(plan::WriteFile{"/etc/x", "y", 0600, {}});
    c.mounts.emplace_back(plan::Symlink{"/l", "t", {}});
    c.mounts.emplace_back(plan::HostFile{plan::HostFileKind::ResolvConf, "/etc/resolv.conf", {}});
    c.mounts.emplace_back(plan::Snapshot{"/snap", "", "", 1 << 20, 5, std::nullopt, {}});
    c.mounts.emplace_back(plan::InitVolume{"/h/.volumes", "db", "/db", 1, 2, {}});
    c.process.env = plan::SetEnv{{{"PATH", "/bin"}, {"A", "b"}}, {}};
    c.process.workdir = plan::WorkDir{"/work/sub", {}};
    c.process.user = plan::User{1, 2, {3, 4}, 9, {}};
    c.process.sockets.push_back(plan::ListenSocket{"8080", 3, {}});
    c.process.exec = plan::Exec{{"sh", "-c", "x"}, true, source::Span{2, 1, 2}};
    p.run = std::move(cmd);
    return p;
}

TEST(PlanJson, RoundTripIsStable) {
    auto j1 = plan::to_json(sample_plan());
    plan::LaunchPlan back;
    std::string err;
    ASSERT_TRUE(plan::from_json(nlohmann::json::parse(j1.dump()), &back, &err)) << err;
    EXPECT_EQ(plan::to_json(back).dump(), j1.dump());
}

TEST(PlanJson, KeyOrderIsDeterministic) {
    auto j = plan::to_json(sample_plan());
    EXPECT_EQ(
        j["command"]["container"]["root"].dump(),
        R"({"source":"/r","writable":false,"transient_copy":"","span":{"file":1,"begin":10,"end":20}})");
    EXPECT_EQ(j["command"]["container"]["mounts"][2]["files"][1].dump(),
              R"({"path":"g","contents":null,"mode":384})");
    std::string keys;
    for (const auto& [k, v] : j.items()) {
        keys += k + " ";
    }
    EXPECT_EQ(keys, "ids namespaces command ");
}

TEST(PlanJson, SuperviseNests) {
    plan::LaunchPlan p;
    plan::Supervise s;
    s.mode = plan::SuperviseMode::WaitAllSuccessful;
    s.kill_unresponsive_after = 7;
    plan::SuperviseChild c;
    c.name = "web";
    c.container.root = plan::Root{"/r", false, {}, {}};
    c.container.process.exec = plan::Exec{{"true"}, true, {}};
    s.children.push_back(c);
    p.run = s;
    auto j = plan::to_json(p);
    EXPECT_EQ(j["supervise"]["mode"], "wait-all-successful");
    EXPECT_FALSE(j.contains("command"));
    plan::LaunchPlan back;
    std::string err;
    ASSERT_TRUE(plan::from_json(nlohmann::json::parse(j.dump()), &back, &err)) << err;
    EXPECT_EQ(plan::to_json(back).dump(), j.dump());
    EXPECT_FALSE(runtime::validate(back).has_value());
}

// A document that is not a plan's shape is refused, naming where.
TEST(PlanJson, ErrorsNameThePart) {
    plan::LaunchPlan p;
    std::string err;
    auto refused = [&](const char* text) {
        return !plan::from_json(nlohmann::json::parse(text), &p, &err);
    };
    const char* root = R"("root":{"source":"/r"})";
    const char* exec = R"("exec":{"argv":["true"]})";
    EXPECT_TRUE(refused((std::string(R"({"command":{"container":{)") + root +
                         R"(,"mounts":[{"op":"mount"}],)" + exec + "}}}")
                            .c_str()));
    EXPECT_EQ(err, "\"command\": \"container\": \"mounts\": op 0 (mount): unknown op");
    EXPECT_TRUE(refused((std::string(R"({"command":{"pid1":{"mode":"forever"},"container":{)") +
                         root + "," + exec + "}}}")
                            .c_str()));
    EXPECT_EQ(err, "\"pid1\": field \"mode\": unknown value \"forever\"");
    // The parts the types require: a run, a root, a command line.
    EXPECT_TRUE(refused(R"({"ids":{}})"));
    EXPECT_EQ(err, "a plan has either \"command\" or \"supervise\"");
    EXPECT_TRUE(refused(R"({"command":{"container":{}},"supervise":{}})"));
    EXPECT_TRUE(refused((std::string(R"({"command":{"container":{)") + exec + "}}}").c_str()));
    EXPECT_EQ(err, "\"command\": \"container\": \"root\" is missing");
    EXPECT_TRUE(refused((std::string(R"({"command":{"container":{)") + root + "}}}").c_str()));
    EXPECT_EQ(err, "\"command\": \"container\": \"exec\" is missing");
    EXPECT_TRUE(refused(R"({"supervise":{"children":[{"name":"a"}]}})"));
    EXPECT_EQ(err, "\"supervise\": field \"children\": \"container\" is missing");
    // Mounts cannot hold a process part: "exec" is not a mount.
    EXPECT_TRUE(refused((std::string(R"({"command":{"container":{)") + root +
                         R"(,"mounts":[{"op":"exec"}],)" + exec + "}}}")
                            .c_str()));
}

// Found by fuzz/plan_json: a number field took any JSON number as it was
// (1e57 into a uint32_t is undefined, 2^32 wrapped to 0).
TEST(PlanJson, NumbersMustFitTheirField) {
    plan::LaunchPlan p;
    std::string err;
    auto with_mode = [](const std::string& mode) {
        return nlohmann::json::parse(
            R"({"command":{"container":{"root":{"source":"/r"},"exec":{"argv":["true"]},)"
            R"("mounts":[{"op":"tmpfs","target":"/t","mode":)" +
            mode + "}]}}}");
    };
    EXPECT_TRUE(plan::from_json(with_mode("448"), &p, &err)) << err;
    for (const char* bad : {"7.77778e+57", "1.5", "-1", "4294967296"}) {
        EXPECT_FALSE(plan::from_json(with_mode(bad), &p, &err)) << bad;
        EXPECT_NE(err.find("field \"mode\""), std::string::npos) << err;
    }
    EXPECT_EQ(err, "\"command\": \"container\": \"mounts\": op 0 (tmpfs): field \"mode\": "
                   "4294967296 is out of range (at most 4294967295)");
    EXPECT_FALSE(plan::from_json(
        nlohmann::json::parse(R"({"ids":{"uids":[[0,1e99]]},"command":{"container":{}}})"), &p,
        &err));
    EXPECT_NE(err.find("non-negative integer"), std::string::npos) << err;
}

TEST(Validate, WhatTheTypesCannotSay) {
    plan::LaunchPlan p;
    EXPECT_TRUE(runtime::validate(p).has_value()); // no root
    auto& c = std::get<plan::Command>(p.run).container;
    c.root.source = "/r";
    EXPECT_TRUE(runtime::validate(p).has_value()); // no command line
    c.process.exec.argv = {"true"};
    EXPECT_FALSE(runtime::validate(p).has_value());
    EXPECT_FALSE(runtime::validate(sample_plan()).has_value());
    plan::Supervise s;
    s.children.push_back({"empty", plan::Container{}});
    p.run = s;
    auto e = runtime::validate(p);
    ASSERT_TRUE(e.has_value());
    EXPECT_NE(e->message().find("child \"empty\""), std::string::npos) << e->message();
}

TEST(Listen, Addresses) {
    using runtime::ListenAddress;
    EXPECT_EQ(runtime::parse_listen_address("8080").value, (ListenAddress{"127.0.0.1", 8080}));
    EXPECT_EQ(runtime::parse_listen_address("*:80").value, (ListenAddress{"0.0.0.0", 80}));
    EXPECT_EQ(runtime::parse_listen_address("10.0.0.1:5").value, (ListenAddress{"10.0.0.1", 5}));
    EXPECT_EQ(runtime::parse_listen_address("[::1]:7").value, (ListenAddress{"::1", 7}));
    EXPECT_FALSE(runtime::parse_listen_address("host:80").ok());
    EXPECT_FALSE(runtime::parse_listen_address("1.2.3.4:99999").ok());
    EXPECT_FALSE(runtime::parse_listen_address("").ok());
}

TEST(IdMap, ParseSubids) {
    auto r = runtime::parse_subids("# c\nother:1:2\nme:100000:65536\n1000:300000:10\n",
                                   "/etc/subuid", "me", 1000);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value, (std::vector<SubRange>{{100000, 65536}, {300000, 10}}));
    auto bad = runtime::parse_subids("me:x:1\n", "/etc/subuid", "me", 1000);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error->message(), "/etc/subuid:1: Bad syntax: \"me:x:1\"");
    auto own = runtime::parse_subids("me:900:200\n", "/etc/subuid", "me", 1000);
    ASSERT_FALSE(own.ok());
}

TEST(IdMap, ContainerMapLaysRangesOver) {
    std::vector<IdMapEntry> out;
    ASSERT_TRUE(runtime::container_map(1000, {{0, 65535}}, {{100000, 65536}}, &out));
    EXPECT_EQ(out, (std::vector<IdMapEntry>{{0, 1000, 1}, {1, 100000, 65535}}));
    ASSERT_TRUE(runtime::container_map(1000, {{0, 10}, {100, 104}}, {{200, 8}, {500, 100}}, &out));
    EXPECT_EQ(out,
              (std::vector<IdMapEntry>{{0, 1000, 1}, {1, 200, 8}, {9, 500, 2}, {100, 502, 5}}));
    EXPECT_FALSE(runtime::container_map(1000, {{0, 65535}}, {{100000, 100}}, &out));
}

TEST(IdMap, RootUsesItsOwnRangesWithoutItsId) {
    auto allowed = runtime::without_id(runtime::parse_proc_map("0 0 4294967295\n"), 0);
    EXPECT_EQ(allowed, (std::vector<SubRange>{{1, 4294967294u}}));
    std::vector<IdMapEntry> out;
    ASSERT_TRUE(runtime::container_map(0, {{0, 65535}}, allowed, &out));
    EXPECT_EQ(out, (std::vector<IdMapEntry>{{0, 0, 1}, {1, 1, 65535}}));
}

TEST(IdMap, MaxMap) {
    EXPECT_EQ(runtime::max_map(1000, {{100000, 65536}}),
              (std::vector<IdMapEntry>{{0, 1000, 1}, {100000, 100000, 65536}}));
}

TEST(IdMap, FallbackToSingleWhenNoRange) {
    runtime::Host h;
    h.uid = 1000;
    h.gid = 1000;
    h.user_name = "nobody-here";
    h.subuid_path = "/nonexistent";
    h.subgid_path = "/nonexistent";
    std::vector<std::string> warnings;
    h.warn = [&](const std::string& m) { warnings.push_back(m); };
    auto maps = runtime::choose_id_maps(plan::IdMap{}, h);
    EXPECT_TRUE(maps.single);
    EXPECT_EQ(maps.uids, (std::vector<IdMapEntry>{{0, 1000, 1}}));
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("usermod --add-subuids"), std::string::npos);
}

// pass_fds moved each fd out of the way with F_DUPFD at 1024, which fails
// (EINVAL) when RLIMIT_NOFILE is 1024, a common default: every `!Sh` build
// step of an unprivileged user failed with "dup fd 7: Invalid argument".
TEST(PassFds, WorksUnderALowOpenFileLimit) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        struct rlimit low = {64, 64};
        if (::setrlimit(RLIMIT_NOFILE, &low) != 0)
            ::_exit(2);
        int p[2];
        if (::pipe(p) != 0)
            ::_exit(3);
        // The pipe's write end goes to fd 1 (where the helpers put stdout).
        if (runtime::sys::pass_fds({{p[1], 1}, {2, 2}}))
            ::_exit(4);
        if (::write(1, "x", 1) != 1)
            ::_exit(5);
        char c = 0;
        ::_exit(::read(p[0], &c, 1) == 1 && c == 'x' ? 0 : 6);
    }
    int st = 0;
    ASSERT_EQ(::waitpid(pid, &st, 0), pid);
    ASSERT_TRUE(WIFEXITED(st));
    EXPECT_EQ(WEXITSTATUS(st), 0);
}

} // namespace
} // namespace vagga

namespace vagga::runtime {
namespace {

// remove_tree() stops at a mount point instead of deleting what is mounted
// there (isolation audit, code review: a root whose /work bind failed to
// unmount would have lost the project). The bind is made in a mount
// namespace of a forked child (a user namespace too when not root).
TEST(RemoveTree, StopsAtAMountPoint) {
    test::TempDir tmp;
    const std::string top = tmp.path();
    ASSERT_EQ(::mkdir((top + "/tree").c_str(), 0755), 0);
    ASSERT_EQ(::mkdir((top + "/tree/mnt").c_str(), 0755), 0);
    ASSERT_EQ(::mkdir((top + "/precious").c_str(), 0755), 0);
    {
        auto f = sys::open(top + "/precious/file", O_WRONLY | O_CREAT, 0644);
        ASSERT_TRUE(f.ok());
        ASSERT_FALSE(sys::write_all(f.value.get(), "x", "file").has_value());
    }
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        uid_t uid = ::getuid();
        gid_t gid = ::getgid();
        int flags = CLONE_NEWNS | (uid == 0 ? 0 : CLONE_NEWUSER);
        if (::unshare(flags) != 0)
            ::_exit(10);
        if (uid != 0) {
            auto put = [](const std::string& f, const std::string& t) {
                auto fd = sys::open(f, O_WRONLY);
                return fd.ok() && !sys::write_all(fd.value.get(), t, f);
            };
            if (!put("/proc/self/setgroups", "deny") ||
                !put("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1") ||
                !put("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1"))
                ::_exit(11);
        }
        if (sys::mount("", "/", nullptr, MS_REC | MS_PRIVATE, "", "/"))
            ::_exit(12);
        if (sys::mount(top + "/precious", top + "/tree/mnt", nullptr, MS_BIND, "", "bind"))
            ::_exit(13);
        auto e = sys::remove_tree(top + "/tree");
        if (!e || e->err != EBUSY)
            ::_exit(14);
        ::_exit(sys::exists(top + "/precious/file") ? 0 : 15);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_TRUE(sys::exists(top + "/precious/file"));
}

} // namespace
} // namespace vagga::runtime
