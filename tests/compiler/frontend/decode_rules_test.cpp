// decode: the generic rules of config.md §2.10-2.11 and §5.3: unknown keys
// with "did you mean", kebab/snake keys, `_` keys, implicit vs explicit
// null, the forms of `run`, numbers with units vs plain decimals.
#include "helpers.h"

namespace vagga::testing {
namespace {

using Codes = std::vector<std::string>;

TEST(DecodeRules, UnknownKeyDidYouMean) {
    Decoded d("containers:\n  app:\n    volumse: {}\n");
    ASSERT_EQ(d.codes(), Codes{"unknown-key@3:5"});
    EXPECT_EQ(d.first().message, "unknown field `volumse` in container `app`");
    EXPECT_EQ(d.first().label, "did you mean `volumes`?");
    Decoded far("containers:\n  app:\n    zzzzzzzz: {}\n");
    ASSERT_EQ(far.codes(), Codes{"unknown-key@3:5"});
    EXPECT_EQ(far.first().label, "");
}

TEST(DecodeRules, EveryUnknownKeyReported) {
    Decoded d("containers:\n  app:\n    a1: 1\n    b2: 2\n    c3: 3\n");
    EXPECT_EQ(d.codes(), (Codes{"unknown-key@3:5", "unknown-key@4:5", "unknown-key@5:5"}));
}

TEST(DecodeRules, KebabAndSnakeAreTheSameKeySnakeWins) {
    Decoded snake("containers:\n  a:\n    auto_clean: true\n");
    ASSERT_EQ(snake.codes(), Codes{});
    EXPECT_TRUE(snake.container("a").auto_clean);
    Decoded both("containers:\n  a:\n    auto-clean: false\n    auto_clean: true\n");
    ASSERT_EQ(both.codes(), Codes{"warning:dup-key@3:5"});
    EXPECT_TRUE(both.container("a").auto_clean);
    Decoded both2("containers:\n  a:\n    auto_clean: true\n    auto-clean: false\n");
    ASSERT_EQ(both2.codes(), Codes{"warning:dup-key@4:5"});
    EXPECT_TRUE(both2.container("a").auto_clean);
    // Only `_` <-> `-`: camelCase is another key.
    EXPECT_EQ(Decoded("containers:\n  a:\n    autoClean: true\n").codes(),
              Codes{"unknown-key@3:5"});
}

TEST(DecodeRules, UnderscoreKeysIgnoredInStructuresKeptInMaps) {
    Decoded d("_defaults: &d {x: 1}\n"
              "containers:\n"
              "  _base:\n    _note: hi\n    environ: {_X: y}\n"
              "commands:\n  _hidden: !Command {container: _base, run: [x], _c: 1}\n");
    ASSERT_EQ(d.codes(), Codes{});
    ASSERT_EQ(d.config.containers.count(ir::Str("_base")), 1u);
    EXPECT_EQ(d.container("_base").environ.at(ir::Str("_X")).text, "y");
    EXPECT_EQ(d.config.commands.count(ir::Str("_hidden")), 1u);
}

TEST(DecodeRules, ImplicitNullVsExplicitNull) {
    // Implicit null: structure -> defaults, sequence -> [], mapping -> {}.
    Decoded ok("containers:\n  a:\n    setup:\n    environ:\n    volumes:\n");
    EXPECT_EQ(ok.codes(), Codes{});
    // Explicit `~` is rejected for structures, sequences and mappings.
    EXPECT_EQ(Decoded("containers:\n  a:\n    setup: ~\n").codes(), Codes{"bad-type@3:12"});
    EXPECT_EQ(Decoded("containers:\n  a:\n    environ: ~\n").codes(), Codes{"bad-type@3:14"});
    EXPECT_EQ(Decoded("containers: ~\n").codes(), Codes{"bad-type@1:13"});
    // Optional scalars take any null.
    Decoded opt("containers:\n  a:\n    environ-file: ~\n    image-cache-url:\n");
    EXPECT_EQ(opt.codes(), Codes{});
    EXPECT_FALSE(opt.container("a").environ_file);
    // Required scalars and bools reject null.
    EXPECT_EQ(Decoded("containers:\n  a:\n    auto-clean: ~\n").codes(), Codes{"bad-type@3:17"});
    EXPECT_EQ(Decoded("containers:\n  a:\n    environ: {A: ~}\n").codes(), Codes{"bad-type@3:18"});
}

TEST(DecodeRules, RunForms) {
    auto cmd = [](const std::string& run) {
        return "commands:\n  x: !Command\n    container: c\n    run: " + run + "\n";
    };
    Decoded list(cmd("[a, !T b]"));
    ASSERT_EQ(list.codes(), Codes{"warning:ignored-tag@4:14"});
    EXPECT_EQ(list.command<ir::command::Command>("x").run.argv[1].text, "b");
    Decoded str(cmd("\"echo $1\""));
    ASSERT_EQ(str.codes(), Codes{});
    EXPECT_EQ(str.command<ir::command::Command>("x").run.form, ir::Run::Form::Shell);
    Decoded block(cmd("|\n      echo a\n      echo b"));
    ASSERT_EQ(block.codes(), Codes{});
    EXPECT_EQ(block.command<ir::command::Command>("x").run.script.text, "echo a\necho b\n");

    Decoded empty(cmd("[]"));
    ASSERT_EQ(empty.codes(), Codes{"bad-value@4:10"});
    EXPECT_EQ(empty.first().message, "`run` must contain at least a command to run");
    // A tagged scalar is located at its value, as in the original.
    EXPECT_EQ(Decoded(cmd("!Sh echo")).codes(), Codes{"bad-type@4:14"});
    EXPECT_EQ(Decoded(cmd("{a: b}")).codes(), Codes{"bad-type@4:10"});
    EXPECT_EQ(Decoded(cmd("~")).codes(), Codes{"bad-type@4:10"});
    EXPECT_EQ(Decoded(cmd("")).codes(), Codes{"bad-type@4:9"});
    EXPECT_EQ(Decoded(cmd("[a, ~]")).codes(), Codes{"bad-type@4:14"});
}

TEST(DecodeRules, NumericFieldsTakeUnits) {
    Decoded d("containers:\n  c:\n    volumes:\n      /t: !Tmpfs {size: 2 Mi}\n");
    ASSERT_EQ(d.codes(), Codes{});
    EXPECT_EQ(ir::get<ir::volume::Tmpfs>(d.container("c").volumes.at(ir::Str("/t")).value).size,
              2097152u);
    Decoded bad("containers:\n  c:\n    volumes:\n      /t: !Tmpfs {size: 1Ki}\n");
    ASSERT_EQ(bad.codes(), Codes{"bad-value@4:25"});
    EXPECT_EQ(bad.first().message,
              "`1Ki` is not a number (InvalidDigit); numbers may have a unit (k, M, G, ki, Mi, "
              "Gi) and a 0x, 0o or 0b prefix");
}

TEST(DecodeRules, ExpectInotifyLimitTakesNoUnits) {
    auto cmd = [](const std::string& v) {
        return "commands:\n  x: !Command\n    container: c\n    run: [x]\n"
               "    expect-inotify-limit: " +
               v + "\n";
    };
    EXPECT_EQ(Decoded(cmd("1000000")).command<ir::command::Command>("x").expect_inotify_limit,
              std::optional<uint64_t>(1000000));
    for (const char* v : {"1M", "0x10", "1_000", "-1"})
        EXPECT_EQ(Decoded(cmd(v)).codes(), Codes{"bad-value@5:27"}) << v;
}

TEST(DecodeRules, IgnoredTagWarning) {
    Decoded d("containers:\n  a:\n    environ-file: !Foo /x\n");
    ASSERT_EQ(d.codes(), Codes{"warning:ignored-tag@3:19"});
    EXPECT_EQ(d.container("a").environ_file->text, "/x");
}

TEST(DecodeRules, DecodingGoesOnAfterErrors) {
    Decoded d("containers:\n  a:\n    bad1: 1\n  b:\n    auto-clean: maybe\n"
              "commands:\n  x: !Nope\n  y: !Command {container: a, run: [y]}\n");
    EXPECT_EQ(d.codes(), (Codes{"unknown-key@3:5", "bad-value@5:17", "unknown-tag@7:6"}));
    EXPECT_EQ(d.config.commands.count(ir::Str("y")), 1u);
}

} // namespace
} // namespace vagga::testing
