// decode: top-level keys, container fields, the three command kinds with
// every field, supervise children and network (config.md §3-§5).
#include "helpers.h"

namespace vagga::testing {
namespace {

using Codes = std::vector<std::string>;

TEST(DecodeTop, EmptyFileIsEmptyConfig) {
    Decoded d("");
    EXPECT_TRUE(d.diags.empty());
    EXPECT_TRUE(d.config.containers.empty());
    EXPECT_TRUE(d.config.commands.empty());
    Decoded c("# only a comment\n");
    EXPECT_TRUE(c.diags.empty());
}

TEST(DecodeTop, EveryTopLevelKey) {
    Decoded d("minimum-vagga: v0.5.0\n"
              "mixins: [a.yaml, sub/b.yaml]\n"
              "containers:\n  c: {}\n"
              "commands:\n  x: !Command {container: c, run: [x]}\n");
    ASSERT_EQ(d.codes(), Codes{});
    ASSERT_TRUE(d.config.minimum_vagga);
    EXPECT_EQ(d.config.minimum_vagga->text, "v0.5.0");
    ASSERT_EQ(d.config.mixins.size(), 2u);
    EXPECT_EQ(d.config.mixins[1].text, "sub/b.yaml");
    EXPECT_EQ(d.config.containers.size(), 1u);
    EXPECT_EQ(d.config.commands.size(), 1u);
}

// StreamDecoder decodes containers and commands while the file is parsed and
// drops their subtrees; shared subtrees (aliases, merges) must decode exactly
// as with a whole tree.
TEST(DecodeTop, DecodingWhileParsingChangesNothing) {
    const std::string text = "containers:\n"
                             "  a: &a\n"
                             "    setup: [!Ubuntu bionic, !Sh \"echo a\"]\n"
                             "    environ: {X: \"1\"}\n"
                             "  b: *a\n"
                             "  c:\n"
                             "    <<: *a\n"
                             "    environ: {Y: \"2\"}\n"
                             "  d: {setup: [!Bogus x], volumse: {}}\n"
                             "commands:\n"
                             "  x: &x !Command {container: a, run: [x]}\n"
                             "  y: *x\n"
                             "  z: !Command {container: b, run: [z], bad: 1}\n";
    auto describe = [](std::vector<std::string> out, const ir::Config& config) {
        for (const auto& [name, c] : config.containers)
            out.push_back(fmt::format("{}: {} steps, {} environ", name.text, c.setup.size(),
                                      c.environ.size()));
        for (const auto& [name, c] : config.commands)
            out.push_back(fmt::format("{}: kind {}", name.text, static_cast<int>(c.kind())));
        return out;
    };
    auto whole = [&] {
        source::SourceManager sm;
        source::RealFileSystem fs;
        diag::Diagnostics diags;
        uint32_t id = sm.add("vagga.yaml", text);
        auto root = yaml::Loader(sm, fs, diags).load_source(id);
        ir::Config config = decode::decode_config(*root, diags);
        return describe(summary(sm, diags), config);
    };
    Codes kept = whole();
    auto streamed = [&] {
        source::SourceManager sm;
        source::RealFileSystem fs;
        diag::Diagnostics diags;
        uint32_t id = sm.add("vagga.yaml", text);
        decode::StreamDecoder stream(diags);
        yaml::NodePtr root;
        {
            yaml::Loader loader(sm, fs, diags);
            loader.set_entry_sink(stream.sink());
            root = loader.load_source(id);
        }
        ir::Config config = stream.finish(std::move(root));
        return describe(summary(sm, diags), config);
    };
    EXPECT_EQ(streamed(), kept);
    EXPECT_EQ(std::count(kept.begin(), kept.end(), "a: 2 steps, 1 environ"), 1);
    EXPECT_EQ(std::count(kept.begin(), kept.end(), "b: 2 steps, 1 environ"), 1);
    EXPECT_EQ(std::count(kept.begin(), kept.end(), "c: 2 steps, 1 environ"), 1);
}

TEST(DecodeTop, RootMustBeMapping) {
    EXPECT_EQ(Decoded("- a\n").codes(), Codes{"bad-type@1:1"});
    EXPECT_EQ(Decoded("hello\n").codes(), Codes{"bad-type@1:1"});
}

TEST(DecodeTop, MinimumVaggaNullIsAbsentAndMapIsError) {
    EXPECT_FALSE(Decoded("minimum-vagga: ~\n").config.minimum_vagga);
    EXPECT_FALSE(Decoded("minimum-vagga:\n").config.minimum_vagga);
    EXPECT_EQ(Decoded("minimum-vagga: {a: b}\n").codes(), Codes{"bad-type@1:16"});
}

TEST(DecodeTop, MixinsExplicitNullIsError) {
    EXPECT_EQ(Decoded("mixins: ~\n").codes(), Codes{"bad-type@1:9"});
    EXPECT_TRUE(Decoded("mixins:\n").diags.empty());
}

TEST(DecodeTop, UnknownTopLevelKeyWithSuggestion) {
    Decoded d("containrs: {}\n_hidden: 1\n");
    ASSERT_EQ(d.codes(), Codes{"unknown-key@1:1"});
    EXPECT_EQ(d.first().message, "unknown top-level key `containrs`");
    EXPECT_EQ(d.first().label, "did you mean `containers`?");
}

TEST(DecodeContainer, EveryField) {
    Decoded d(R"(containers:
  app:
    setup:
    - !Alpine v3.15
    data-dirs: [/var/lib/x]
    image-cache-url: http://x/${container_name}.${short_hash}.tar.xz
    auto-clean: true
    environ: {A: "1", B: x}
    environ-file: /etc/env
    default-shell: [/bin/bash, -c, $cmdline]
    resolv-conf-path: /etc/r.conf
    hosts-file-path: ~
    uids: [0-1000, 5000]
    gids: [7]
    volumes:
      /tmp: !Tmpfs {size: 1Mi}
)");
    ASSERT_EQ(d.codes(), Codes{});
    const auto& c = d.container("app");
    ASSERT_EQ(c.setup.size(), 1u);
    EXPECT_EQ(c.setup[0].kind(), ir::StepKind::Alpine);
    EXPECT_EQ(c.data_dirs.at(0).text, "/var/lib/x");
    EXPECT_EQ(c.image_cache_url->text, "http://x/${container_name}.${short_hash}.tar.xz");
    EXPECT_TRUE(c.auto_clean);
    EXPECT_EQ(c.environ.at(ir::Str("A")).text, "1");
    EXPECT_EQ(c.environ_file->text, "/etc/env");
    ASSERT_EQ(c.default_shell.size(), 3u);
    EXPECT_EQ(c.default_shell[2].text, "$cmdline");
    EXPECT_EQ(c.resolv_conf_path->text, "/etc/r.conf");
    EXPECT_FALSE(c.hosts_file_path); // `~` turns it off
    ASSERT_EQ(c.uids.size(), 2u);
    EXPECT_EQ(c.uids[0].start, 0u);
    EXPECT_EQ(c.uids[0].end, 1000u);
    EXPECT_EQ(c.uids[1].start, 5000u);
    EXPECT_EQ(c.uids[1].end, 5000u);
    EXPECT_EQ(c.gids.at(0).start, 7u);
    EXPECT_EQ(ir::get<ir::volume::Tmpfs>(c.volumes.at(ir::Str("/tmp")).value).size, 1048576u);
}

TEST(DecodeContainer, Defaults) {
    Decoded d("containers:\n  app:\n");
    ASSERT_EQ(d.codes(), Codes{});
    const auto& c = d.container("app");
    EXPECT_TRUE(c.setup.empty());
    EXPECT_FALSE(c.auto_clean);
    EXPECT_EQ(c.resolv_conf_path->text, "/etc/resolv.conf");
    EXPECT_EQ(c.hosts_file_path->text, "/etc/hosts");
    EXPECT_TRUE(c.uids.empty()); // the [0-65535] default comes at project load
}

TEST(DecodeContainer, ResolvConfAndHostsTurnedOffByEmptyValue) {
    Decoded d("containers:\n  a:\n    resolv-conf-path:\n    hosts-file-path: ~\n");
    ASSERT_EQ(d.codes(), Codes{});
    EXPECT_FALSE(d.container("a").resolv_conf_path);
    EXPECT_FALSE(d.container("a").hosts_file_path);
    EXPECT_EQ(Decoded("containers:\n  a:\n    resolv-conf-path: etc/r\n").codes(),
              Codes{"bad-path@3:23"});
}

TEST(DecodeSupervise, NetworkNullRules) {
    auto y = [](const std::string& net) {
        return "commands:\n  s: !Supervise\n    children:\n      a: !Command\n"
               "        container: c\n        run: [a]\n        network:" +
               net + "\n";
    };
    EXPECT_FALSE(
        ir::get<ir::child::Command>(
            Decoded(y("")).command<ir::command::Supervise>("s").children.at(ir::Str("a")).value)
            .network);
    EXPECT_EQ(Decoded(y(" ~")).codes(), Codes{"bad-type@7:18"});
    EXPECT_EQ(Decoded(y(" {ip: x, ports: {99999: 80}}")).codes(), Codes{"bad-value@7:34"});
}

TEST(DecodeContainer, ExplicitNullContainerIsError) {
    EXPECT_EQ(Decoded("containers:\n  app: ~\n").codes(), Codes{"bad-type@2:8"});
}

TEST(DecodeContainer, PathRules) {
    EXPECT_EQ(Decoded("containers:\n  a:\n    data-dirs: [rel]\n").codes(), Codes{"bad-path@3:17"});
    EXPECT_EQ(Decoded("containers:\n  a:\n    volumes:\n      tmp: !Empty\n").codes(),
              Codes{"bad-path@4:7"});
}

TEST(DecodeContainer, BadRangeAndBool) {
    EXPECT_EQ(Decoded("containers:\n  a:\n    uids: [10-5]\n").codes(), Codes{"bad-value@3:12"});
    Decoded b("containers:\n  a:\n    auto-clean: yes\n");
    ASSERT_EQ(b.codes(), Codes{"bad-value@3:17"});
    EXPECT_EQ(b.first().message, "expected `true` or `false`, found `yes`");
    EXPECT_EQ(Decoded("containers:\n  a:\n    auto-clean: True\n").codes(),
              Codes{"bad-value@3:17"});
}

TEST(DecodeContainer, OldFormatKeysAreUnknown) {
    Decoded d("containers:\n  a:\n    builder: ubuntu\n    source: x\n");
    EXPECT_EQ(d.codes(), (Codes{"unknown-key@3:5", "unknown-key@4:5"}));
}

TEST(DecodeCommand, CommandEveryField) {
    Decoded d(R"(commands:
  run: !Command
    description: d
    banner: b
    banner-delay: 5
    epilog: e
    tags: [t1]
    pass-tcp-socket: "8080"
    expect-inotify-limit: 524288
    symlink-name: r
    prerequisites: [other]
    aliases: [r1, r2]
    group: G
    isolate-network: true
    options: |
      Usage: vagga run [options]
    container: app
    run: [echo, hi]
    work-dir: sub
    accepts-arguments: false
    environ: {X: y}
    volumes: {/data: !Persistent data}
    pid1mode: wait-all-children
    write-mode: transient-hard-link-copy
    user-id: 1k
    external-user-id: 0
    group-id: 0x10
    supplementary-gids: [1, 2]
)");
    ASSERT_EQ(d.codes(), Codes{});
    const auto& c = d.command<ir::command::Command>("run");
    EXPECT_EQ(c.description->text, "d");
    EXPECT_EQ(c.banner->text, "b");
    EXPECT_EQ(c.banner_delay, std::optional<uint32_t>(5));
    EXPECT_EQ(c.epilog->text, "e");
    EXPECT_EQ(c.tags.at(0).text, "t1");
    EXPECT_EQ(c.pass_tcp_socket->text, "8080");
    EXPECT_EQ(c.expect_inotify_limit, std::optional<uint64_t>(524288));
    EXPECT_EQ(c.symlink_name->text, "r");
    EXPECT_EQ(c.prerequisites.at(0).text, "other");
    EXPECT_EQ(c.aliases.size(), 2u);
    EXPECT_EQ(c.group->text, "G");
    EXPECT_TRUE(c.isolate_network);
    EXPECT_EQ(c.options->text, "Usage: vagga run [options]\n");
    EXPECT_EQ(c.container.text, "app");
    EXPECT_EQ(c.run.form, ir::Run::Form::Argv);
    ASSERT_EQ(c.run.argv.size(), 2u);
    EXPECT_EQ(c.run.argv[1].text, "hi");
    EXPECT_EQ(c.work_dir->text, "sub");
    EXPECT_EQ(c.accepts_arguments, std::optional<bool>(false));
    EXPECT_EQ(c.environ.at(ir::Str("X")).text, "y");
    EXPECT_EQ(ir::get<ir::volume::Persistent>(c.volumes.at(ir::Str("/data")).value).name.text,
              "data");
    EXPECT_EQ(c.pid1mode, ir::Pid1Mode::wait_all_children);
    EXPECT_EQ(c.write_mode, ir::WriteMode::transient_hard_link_copy);
    EXPECT_EQ(c.user_id, 1000u);
    EXPECT_EQ(c.external_user_id, std::optional<uint32_t>(0));
    EXPECT_EQ(c.group_id, 16u);
    EXPECT_EQ(c.supplementary_gids, (std::vector<uint32_t>{1, 2}));
}

TEST(DecodeCommand, CommandDefaults) {
    Decoded d("commands:\n  x: !Command {container: c, run: echo hi}\n");
    ASSERT_EQ(d.codes(), Codes{});
    const auto& c = d.command<ir::command::Command>("x");
    EXPECT_EQ(c.run.form, ir::Run::Form::Shell);
    EXPECT_EQ(c.run.script.text, "echo hi");
    EXPECT_EQ(c.pid1mode, ir::Pid1Mode::wait);
    EXPECT_EQ(c.write_mode, ir::WriteMode::read_only);
    EXPECT_EQ(c.user_id, 0u);
    EXPECT_FALSE(c.accepts_arguments);
    EXPECT_FALSE(c.isolate_network);
    EXPECT_FALSE(c.description);
}

TEST(DecodeCommand, EnumsAcceptUnderscoresAndRejectUnknown) {
    Decoded u("commands:\n  x: !Command {container: c, run: [x], pid1mode: wait_all_children}\n");
    ASSERT_EQ(u.codes(), Codes{});
    EXPECT_EQ(u.command<ir::command::Command>("x").pid1mode, ir::Pid1Mode::wait_all_children);
    Decoded b("commands:\n  x: !Command {container: c, run: [x], pid1mode: bogus}\n");
    ASSERT_EQ(b.codes(), Codes{"bad-value@2:50"});
    EXPECT_EQ(b.first().message,
              "unknown value `bogus`, expected one of `exec`, `wait`, `wait-all-children`");
}

TEST(DecodeCommand, UserIdBound) {
    auto yaml = [](const std::string& v) {
        return "commands:\n  x: !Command\n    container: c\n    run: [x]\n    user-id: " + v + "\n";
    };
    EXPECT_EQ(Decoded(yaml("1073741824")).command<ir::command::Command>("x").user_id, 1073741824u);
    Decoded over(yaml("1073741825"));
    ASSERT_EQ(over.codes(), Codes{"bad-value@5:14"});
    EXPECT_EQ(over.first().message, "value must be at most 1073741824, found 1073741825");
    EXPECT_EQ(Decoded(yaml("-1")).codes(), Codes{"bad-value@5:14"});
    EXPECT_EQ(Decoded(yaml("1Gi")).command<ir::command::Command>("x").user_id, 1073741824u);
}

TEST(DecodeCommand, MissingRunAndContainer) {
    Decoded d("commands:\n  bad-cmd: !Command\n    container: c\n");
    ASSERT_EQ(d.codes(), Codes{"missing-field@3:5"}); // the mapping: its first key
    EXPECT_EQ(d.first().message, "missing field `run` in `!Command` in command `bad-cmd`");
    EXPECT_EQ(Decoded("commands:\n  x: !Command {run: [x]}\n").codes(),
              Codes{"missing-field@2:15"} /* the `{` */);
}

TEST(DecodeCommand, NetworkIsNotAcceptedOnTopLevelCommand) {
    Decoded d("commands:\n  x: !Command {container: c, run: [x], network: {ip: 1.2.3.4}}\n");
    EXPECT_EQ(d.codes(), Codes{"unknown-key@2:40"});
}

TEST(DecodeCommand, UntaggedAndUnknownCommandTag) {
    EXPECT_EQ(Decoded("commands:\n  x: {container: c, run: [x]}\n").codes(),
              Codes{"missing-tag@2:6"});
    Decoded u("commands:\n  x: !Comand {container: c, run: [x]}\n");
    ASSERT_EQ(u.codes(), Codes{"unknown-tag@2:6"});
    EXPECT_EQ(u.first().label, "did you mean `!Command`?");
}

TEST(DecodeCommand, CapsuleEveryField) {
    Decoded d(R"(commands:
  cap: !CapsuleCommand
    description: c
    options: "Usage: vagga cap"
    uids: [0-10]
    gids: [0-20]
    work-dir: w
    run: [vagga, _build, x]
    environ: {A: b}
    accepts-arguments: true
    tags: [ignored]
)");
    ASSERT_EQ(d.codes(), Codes{});
    const auto& c = d.command<ir::command::CapsuleCommand>("cap");
    EXPECT_EQ(c.options->text, "Usage: vagga cap");
    EXPECT_EQ(c.uids.at(0).end, 10u);
    EXPECT_EQ(c.gids.at(0).end, 20u);
    EXPECT_EQ(c.work_dir->text, "w");
    EXPECT_EQ(c.run.argv.size(), 3u);
    EXPECT_EQ(c.environ.at(ir::Str("A")).text, "b");
    EXPECT_EQ(c.accepts_arguments, std::optional<bool>(true));
}

TEST(DecodeCommand, CapsuleHasNoContainer) {
    EXPECT_EQ(Decoded("commands:\n  c: !CapsuleCommand {run: [x], container: a}\n").codes(),
              Codes{"unknown-key@2:33"});
}

TEST(DecodeSupervise, EveryFieldChildrenAndNetwork) {
    Decoded d(R"(commands:
  sup: !Supervise
    description: s
    mode: wait-all-successful
    kill-unresponsive-after: 5
    options: "Usage: vagga sup"
    isolate-network: false
    children:
      a: !Command
        container: c
        run: [a]
        tags: [web]
        prerequisites: [pre]
        network:
          ip: 172.18.0.2
          hostname: a.local
          ports: {8080: 80, 0x10: 1k}
      b: !BridgeCommand
        container: c
        run: b
)");
    ASSERT_EQ(d.codes(), Codes{});
    const auto& s = d.command<ir::command::Supervise>("sup");
    EXPECT_EQ(s.mode, ir::SuperviseMode::wait_all_successful);
    EXPECT_EQ(s.kill_unresponsive_after, 5u);
    EXPECT_EQ(s.options->text, "Usage: vagga sup");
    ASSERT_EQ(s.children.size(), 2u);
    const auto& a = ir::get<ir::child::Command>(s.children.at(ir::Str("a")).value);
    EXPECT_EQ(a.container.text, "c");
    EXPECT_EQ(a.tags.at(0).text, "web");
    EXPECT_EQ(a.prerequisites.at(0).text, "pre");
    ASSERT_TRUE(a.network);
    EXPECT_EQ(a.network->ip.text, "172.18.0.2");
    EXPECT_EQ(a.network->hostname->text, "a.local");
    EXPECT_EQ(a.network->ports, (std::map<uint16_t, uint16_t>{{16, 1000}, {8080, 80}}));
    const auto& b = ir::get<ir::child::BridgeCommand>(s.children.at(ir::Str("b")).value);
    EXPECT_EQ(b.run.form, ir::Run::Form::Shell);
}

TEST(DecodeSupervise, Defaults) {
    Decoded d("commands:\n  s: !Supervise\n");
    ASSERT_EQ(d.codes(), Codes{});
    const auto& s = d.command<ir::command::Supervise>("s");
    EXPECT_EQ(s.mode, ir::SuperviseMode::stop_on_failure);
    EXPECT_EQ(s.kill_unresponsive_after, 2u);
    EXPECT_TRUE(s.children.empty());
}

TEST(DecodeSupervise, KillUnresponsiveAfterRange) {
    Decoded z("commands:\n  s: !Supervise {kill-unresponsive-after: 0}\n");
    ASSERT_EQ(z.codes(), Codes{"bad-value@2:43"});
    EXPECT_EQ(z.first().message, "value must be at least 1, found 0");
    EXPECT_EQ(Decoded("commands:\n  s: !Supervise {kill-unresponsive-after: 86401}\n").codes(),
              Codes{"bad-value@2:43"});
    EXPECT_EQ(Decoded("commands:\n  s: !Supervise {kill-unresponsive-after: 86400}\n").codes(),
              Codes{});
}

TEST(DecodeSupervise, ChildRestrictions) {
    // `options` is not a child field; `network` is not a BridgeCommand field;
    // children need a tag; network needs `ip`.
    EXPECT_EQ(Decoded("commands:\n  s: !Supervise\n    children:\n      a: !Command {container: "
                      "c, run: [a], options: x}\n")
                  .codes(),
              Codes{"unknown-key@4:44"});
    EXPECT_EQ(Decoded("commands:\n  s: !Supervise\n    children:\n      a: !BridgeCommand "
                      "{container: c, run: [a], network: {ip: x}}\n")
                  .codes(),
              Codes{"unknown-key@4:50"});
    EXPECT_EQ(Decoded("commands:\n  s: !Supervise\n    children:\n      a: {container: c, run: "
                      "[a]}\n")
                  .codes(),
              Codes{"missing-tag@4:10"});
    EXPECT_EQ(Decoded("commands:\n  s: !Supervise\n    children:\n      a: !Command {container: "
                      "c, run: [a], network: {hostname: h}}\n")
                  .codes(),
              Codes{"missing-field@4:53"});
}

} // namespace
} // namespace vagga::testing
