#include "helpers.h"

namespace vagga::docopt {
namespace {

using testing::env_ok;

const char* kCmdargs = "Usage: vagga cmdargs [options]\n\n"
                       "Options:\n"
                       "  -v, --verbose ...  Increase pseudo-verbosity\n";

TEST(DocoptEnv, CountedVerbosityFromTheSpecTest) {
    auto env = env_ok("cmdargs", kCmdargs, {"-vvvv", "--verbose"});
    EXPECT_EQ(env["VAGGAOPT_VERBOSE"], "5");
    EXPECT_EQ(env["VAGGACLI_VERBOSE"], "--verbose --verbose --verbose --verbose --verbose");
    // The command word and the built-in help are variables too.
    EXPECT_EQ(env["VAGGAOPT_CMDARGS"], "true");
    EXPECT_EQ(env["VAGGACLI_CMDARGS"], "cmdargs");
    EXPECT_EQ(env["VAGGAOPT_HELP"], "");
    EXPECT_EQ(env["VAGGACLI_HELP"], "");
    EXPECT_EQ(env.size(), 6u);
}

TEST(DocoptEnv, CountedZeroIsEmpty) {
    auto env = env_ok("cmdargs", kCmdargs, {});
    EXPECT_EQ(env["VAGGAOPT_VERBOSE"], "");
    EXPECT_EQ(env["VAGGACLI_VERBOSE"], "");
}

TEST(DocoptEnv, CountedShortOnlyFlag) {
    auto env = env_ok("c", "Usage: vagga c [-q...]\n", {"-qqq"});
    EXPECT_EQ(env["VAGGAOPT_Q"], "3");
    EXPECT_EQ(env["VAGGACLI_Q"], "-qqq");
}

TEST(DocoptEnv, Switches) {
    const char* doc = "Usage: vagga s [options]\n\nOptions:\n"
                      "  --dry-run  Nothing\n  -f         Force\n";
    auto env = env_ok("s", doc, {"--dry-run"});
    EXPECT_EQ(env["VAGGAOPT_DRY_RUN"], "true");
    EXPECT_EQ(env["VAGGACLI_DRY_RUN"], "--dry-run");
    EXPECT_EQ(env["VAGGAOPT_F"], "");
    EXPECT_EQ(env["VAGGACLI_F"], "");
    env = env_ok("s", doc, {"-f"});
    EXPECT_EQ(env["VAGGAOPT_F"], "true");
    EXPECT_EQ(env["VAGGACLI_F"], "-f");
}

TEST(DocoptEnv, PlainValues) {
    const char* doc = "Usage: vagga test [options] <target>\n\nOptions:\n"
                      "  --redis-port <port>  Port [default: 6379]\n"
                      "  --name <n>           Name\n";
    auto env = env_ok("test", doc, {"it's here", "--name", "a b"});
    EXPECT_EQ(env["VAGGAOPT_TARGET"], "it's here");
    EXPECT_EQ(env["VAGGACLI_TARGET"], "'it'\"'\"'s here'");
    EXPECT_EQ(env["VAGGAOPT_REDIS_PORT"], "6379");
    EXPECT_EQ(env["VAGGACLI_REDIS_PORT"], "--redis-port 6379");
    EXPECT_EQ(env["VAGGAOPT_NAME"], "a b");
    EXPECT_EQ(env["VAGGACLI_NAME"], "--name 'a b'");
    env = env_ok("test", doc, {"x"});
    EXPECT_EQ(env["VAGGAOPT_NAME"], "");
    EXPECT_EQ(env["VAGGACLI_NAME"], "");
}

TEST(DocoptEnv, Lists) {
    const char* doc = "Usage: vagga t [--tag=<t>...] [<tests>...]\n";
    auto env = env_ok("t", doc, {"a", "b c", "--tag", "x", "--tag", ""});
    EXPECT_EQ(env["VAGGAOPT_TESTS"], "a b c");
    EXPECT_EQ(env["VAGGACLI_TESTS"], " a 'b c'"); // no flag: starts with a space
    EXPECT_EQ(env["VAGGAOPT_TAG"], "x ");
    EXPECT_EQ(env["VAGGACLI_TAG"], "--tag x ''");
    env = env_ok("t", doc, {});
    EXPECT_EQ(env["VAGGAOPT_TESTS"], "");
    EXPECT_EQ(env["VAGGACLI_TESTS"], "");
    EXPECT_EQ(env["VAGGAOPT_TAG"], "");
}

TEST(DocoptEnv, SuperviseOnly) {
    auto r = testing::run("run", "Usage: vagga run [options]\n", {"--only", "a", "--only=b"},
                          BuiltinSection::Supervise);
    ASSERT_EQ(r.outcome, MatchOutcome::Matched) << r.text;
    auto env = testing::env_of(r);
    EXPECT_EQ(env["VAGGAOPT_ONLY"], "a b");
    EXPECT_EQ(env["VAGGACLI_ONLY"], "--only a b");
    EXPECT_EQ(env["VAGGAOPT_EXCLUDE"], "");
}

TEST(DocoptEnv, ShellEscape) {
    EXPECT_EQ(shell_escape(""), "''");
    EXPECT_EQ(shell_escape("abc123"), "abc123");
    EXPECT_EQ(shell_escape("user@host:/a,b.c/%+=-"), "user@host:/a,b.c/%+=-");
    EXPECT_EQ(shell_escape("a b"), "'a b'");
    EXPECT_EQ(shell_escape("$HOME"), "'$HOME'");
    EXPECT_EQ(shell_escape("a_b"), "'a_b'"); // `_` is not in the safe set
    EXPECT_EQ(shell_escape("it's"), "'it'\"'\"'s'");
    EXPECT_EQ(shell_escape("'"), "''\"'\"''");
}

TEST(DocoptEnv, Keys) {
    EXPECT_EQ(env_key("--dry-run"), "DRY_RUN");
    EXPECT_EQ(env_key("-v"), "V");
    EXPECT_EQ(env_key("<file-name>"), "FILE_NAME");
    EXPECT_EQ(env_key("FILE"), "FILE");
    EXPECT_EQ(env_key("test"), "TEST");
}

} // namespace
} // namespace vagga::docopt

namespace vagga::docopt {
namespace {

// The `options:` texts of the corpus (../shared/corpus), as !Supervise.
TEST(DocoptEnv, CorpusPushAndPull) {
    auto r = testing::run("test-push-and-pull",
                          "Usage: vagga test-push-and-pull [options] <container>\n\n"
                          "Options:\n  <container>  Target container\n",
                          {"nginx"}, BuiltinSection::Supervise);
    ASSERT_EQ(r.outcome, MatchOutcome::Matched) << r.text;
    auto env = testing::env_of(r);
    EXPECT_EQ(env["VAGGAOPT_CONTAINER"], "nginx");
    EXPECT_EQ(env["VAGGACLI_CONTAINER"], "nginx");
    EXPECT_EQ(env["VAGGAOPT_TEST_PUSH_AND_PULL"], "true");
}

TEST(DocoptEnv, CorpusGrafana) {
    const char* options = "Usage: vagga grafana [options] [--graphite-port=<graphite_port>] "
                          "[--grafana-port=<grafana_port>]\n\n"
                          "Options:\n"
                          "  --graphite-port=<graphite_port>  Graphite port to listen on\n"
                          "  --grafana-port=<grafana_port>    Grafana port to listen on\n";
    auto r =
        testing::run("grafana", options, {"--grafana-port", "3000"}, BuiltinSection::Supervise);
    ASSERT_EQ(r.outcome, MatchOutcome::Matched) << r.text;
    auto env = testing::env_of(r);
    EXPECT_EQ(env["VAGGAOPT_GRAFANA_PORT"], "3000");
    EXPECT_EQ(env["VAGGACLI_GRAFANA_PORT"], "--grafana-port 3000");
    EXPECT_EQ(env["VAGGAOPT_GRAPHITE_PORT"], "");
}

} // namespace
} // namespace vagga::docopt
