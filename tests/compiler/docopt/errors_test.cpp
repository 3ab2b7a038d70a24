#include "helpers.h"

namespace vagga::docopt {
namespace {

using testing::run;

const char* kArgs = "Usage: vagga args [options]\n\n"
                    "Options:\n"
                    "  -F, --first <txt>  First process' text\n"
                    "  --second <txt>     Second process' text\n";

TEST(DocoptErrors, UnknownFlag) {
    auto r = run("args", kArgs, {"--bad-arg"}, BuiltinSection::Supervise);
    EXPECT_EQ(r.outcome, MatchOutcome::Error);
    EXPECT_EQ(r.text, "Unknown flag: '--bad-arg'\n\nUsage: vagga args [options]");
}

TEST(DocoptErrors, UnknownShortFlag) {
    auto r = run("args", kArgs, {"-Z"});
    EXPECT_EQ(r.text, "Unknown flag: '-Z'\n\nUsage: vagga args [options]");
}

TEST(DocoptErrors, SuggestsClosestLongFlag) {
    auto r = run("args", kArgs, {"--frist", "x"});
    EXPECT_EQ(r.text,
              "Unknown flag: '--frist'. Did you mean '--first'?\n\nUsage: vagga args [options]");
}

TEST(DocoptErrors, ExtraPositional) {
    auto r = run("args", kArgs, {"extra"});
    EXPECT_EQ(r.outcome, MatchOutcome::Error);
    EXPECT_EQ(r.text, "Invalid arguments.\n\nUsage: vagga args [options]");
}

TEST(DocoptErrors, MissingPositional) {
    auto r = run("cp", "Usage: vagga cp <src> <dst>\n", {"a"});
    EXPECT_EQ(r.text, "Invalid arguments.\n\nUsage: vagga cp <src> <dst>");
}

TEST(DocoptErrors, MissingFlagArgument) {
    auto r = run("args", kArgs, {"--first"});
    EXPECT_EQ(r.text, "Expected argument for flag '--first' but reached end of arguments."
                      "\n\nUsage: vagga args [options]");
}

TEST(DocoptErrors, ArgumentToASwitch) {
    auto r = run("args", kArgs, {"--help=yes"});
    EXPECT_EQ(r.text, "Flag '--help' cannot have an argument, but found 'yes'."
                      "\n\nUsage: vagga args [options]");
}

TEST(DocoptErrors, BadUsageTexts) {
    struct Case {
        const char* options;
        const char* message;
    } cases[] = {
        {"Options:\n  -v  Verbose\n", "Could not find usage patterns in doc string."},
        {"Usage: vagga x [<a>\n", "Unclosed group. Expected ']'."},
        {"Usage: vagga x <a>]\n", "Unexpected ']'. No open bracket found."},
        {"Usage: vagga x (<a>]\n", "Expected ')' but got ']'."},
        {"Usage: vagga x []\n", "Unexpected ']'. Empty groups are not allowed."},
        {"Usage: vagga x [\n", "Expected pattern but reached end of usage pattern."},
        {"Usage: vagga | y\n", "Unexpected '|'. Not in form 'a | b | c'."},
        {"Usage: vagga ... y\n",
         "'...' must appear directly after a group, argument, flag or command."},
        {"Usage: vagga x [options]\n\nOptions:\n  -o <f>  Out\n  --q  Q [default: 1]\n",
         "Cannot assign default value '1' to flag '--q' that has no arguments."},
        {"Usage: vagga x [options]\n\nOptions:\n  --o=lower  Out\n",
         "Argument 'lower' is not of the form ARG or <arg>."},
        {"Usage: vagga x --out\n\nOptions:\n  --out FILE  Out\n",
         "Expected argument for flag '--out' but reached end of usage pattern."},
        {"Usage: vagga x --out [FILE]\n\nOptions:\n  --out FILE  Out\n",
         "Expected argument for flag '--out', but found malformed argument '['."},
    };
    for (const auto& c : cases) {
        auto r = run("x", c.options, {});
        EXPECT_EQ(r.outcome, MatchOutcome::Error) << c.options;
        EXPECT_EQ(r.text, std::string("Error parsing `options` in command \"x\": ") + c.message)
            << c.options;
    }
}

TEST(DocoptErrors, HostileTextsNeverCrash) {
    std::string deep = "Usage: p ";
    for (int i = 0; i < 10000; ++i)
        deep += "(";
    const std::string texts[] = {
        "",
        "usage:",
        "usage:   \n",
        deep,
        "Usage: p <a b> --x=<y z> ... ][ )( | ||",
        "Usage: p \xff\xfe\x80",
        "Usage: p ....  .. . a.b a... -- - --- -=- --=x",
        "Usage: p [options]\n\nOptions:\n  -\xc3\xa9  accent\n  -ab  two\n  --x, --y  two longs\n",
        std::string("Usage: p\0x", 10),
    };
    for (const auto& t : texts) {
        auto spec = parse(t);
        if (spec.ok()) {
            (void)match(*spec.value, {"--", "-x", "--y=1", "a"});
        } else {
            EXPECT_FALSE(spec.error.empty());
        }
    }
}

} // namespace
} // namespace vagga::docopt
