#include "helpers.h"

namespace vagga::docopt {
namespace {

using testing::values_ok;

const char* kNaval = "Naval Fate.\n\n"
                     "Usage:\n"
                     "  naval ship new <name>...\n"
                     "  naval ship <name> move <x> <y> [--speed=<kn>]\n"
                     "  naval ship shoot <x> <y>\n"
                     "  naval mine (set|remove) <x> <y> [--moored | --drifting]\n"
                     "  naval -h | --help\n"
                     "  naval --version\n\n"
                     "Options:\n"
                     "  -h --help     Show this screen.\n"
                     "  --version     Show version.\n"
                     "  --speed=<kn>  Speed in knots [default: 10].\n"
                     "  --moored      Moored (anchored) mine.\n"
                     "  --drifting    Drifting mine.\n";

TEST(DocoptMatch, CommandsAndPositionals) {
    auto v = values_ok(kNaval, {"ship", "Guardian", "move", "10", "50", "--speed=20"});
    EXPECT_TRUE(v.get_bool("ship"));
    EXPECT_TRUE(v.get_bool("move"));
    EXPECT_FALSE(v.get_bool("new"));
    ASSERT_NE(v.find("<x>"), nullptr);
    EXPECT_EQ(v.find("<x>")->plain, "10");
    EXPECT_EQ(v.find("<y>")->plain, "50");
    EXPECT_EQ(v.find("--speed")->plain, "20");
    // <name> is repeated in one pattern, so it is a list everywhere.
    EXPECT_EQ(v.find("<name>")->kind, ValueKind::List);
    EXPECT_EQ(v.find("<name>")->list, std::vector<std::string>{"Guardian"});
}

TEST(DocoptMatch, DefaultsAndRepeatedPositionals) {
    auto v = values_ok(kNaval, {"ship", "new", "a", "b", "c"});
    EXPECT_EQ(v.find("<name>")->list, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(v.find("--speed")->plain, "10");
    EXPECT_EQ(v.find("<x>")->plain, std::nullopt);
}

TEST(DocoptMatch, Alternatives) {
    auto v = values_ok(kNaval, {"mine", "remove", "1", "2", "--drifting"});
    EXPECT_TRUE(v.get_bool("remove"));
    EXPECT_FALSE(v.get_bool("set"));
    EXPECT_TRUE(v.get_bool("--drifting"));
    EXPECT_FALSE(v.get_bool("--moored"));
    auto spec = parse(kNaval);
    ASSERT_TRUE(spec.ok());
    auto both = match(*spec.value, {"mine", "set", "1", "2", "--moored", "--drifting"});
    EXPECT_EQ(both.outcome, MatchOutcome::Error);
    EXPECT_EQ(both.text.substr(0, 18), "Invalid arguments.");
}

TEST(DocoptMatch, CountedFlags) {
    const char* doc = "Usage: p [options]\n\nOptions:\n  -v, --verbose ...  More\n";
    auto v = values_ok(doc, {"-vvvv", "--verbose"});
    ASSERT_NE(v.find("--verbose"), nullptr);
    EXPECT_EQ(v.find("--verbose")->kind, ValueKind::Counted);
    EXPECT_EQ(v.find("--verbose")->count, 5u);
    EXPECT_EQ(v.find("-v")->count, 5u); // synonym
    auto none = values_ok(doc, {});
    EXPECT_EQ(none.find("--verbose")->count, 0u);
}

TEST(DocoptMatch, RepeatedFlagInPattern) {
    auto v = values_ok("Usage: p [-v...] <f>", {"-vv", "x", "-v"});
    EXPECT_EQ(v.find("-v")->count, 3u);
    EXPECT_EQ(v.find("<f>")->plain, "x");
}

TEST(DocoptMatch, OptionsWithValues) {
    const char* doc = "Usage: p [options] <file>\n\nOptions:\n"
                      "  -o FILE, --output FILE  Where [default: out.txt]\n"
                      "  -n <n>                  Count\n";
    auto v = values_ok(doc, {"-o", "x.txt", "in"});
    EXPECT_EQ(v.find("--output")->plain, "x.txt");
    EXPECT_EQ(v.find("-n")->plain, std::nullopt);
    v = values_ok(doc, {"in", "--output=y", "-n3"});
    EXPECT_EQ(v.find("--output")->plain, "y");
    EXPECT_EQ(v.find("-n")->plain, "3");
    v = values_ok(doc, {"in"});
    EXPECT_EQ(v.find("--output")->plain, "out.txt");
    v = values_ok(doc, {"--output", "", "in"});
    EXPECT_EQ(v.find("--output")->plain, "");
}

TEST(DocoptMatch, RepeatedOptionIsList) {
    const char* doc = "Usage: p [--tag=<t>...]\n";
    auto v = values_ok(doc, {"--tag", "a", "--tag=b"});
    EXPECT_EQ(v.find("--tag")->list, (std::vector<std::string>{"a", "b"}));
    const char* with_default = "Usage: p [options]\n\nOptions:\n"
                               "  --tag <t> ...  Tags [default: x y]\n";
    v = values_ok(with_default, {});
    EXPECT_EQ(v.find("--tag")->list, (std::vector<std::string>{"x", "y"}));
}

TEST(DocoptMatch, OptionalGroups) {
    const char* doc = "Usage: p [<a> [<b>]] [-f]";
    auto v = values_ok(doc, {});
    EXPECT_EQ(v.find("<a>")->plain, std::nullopt);
    v = values_ok(doc, {"1"});
    EXPECT_EQ(v.find("<a>")->plain, "1");
    EXPECT_EQ(v.find("<b>")->plain, std::nullopt);
    v = values_ok(doc, {"1", "2", "-f"});
    EXPECT_EQ(v.find("<b>")->plain, "2");
    EXPECT_TRUE(v.get_bool("-f"));
}

TEST(DocoptMatch, UppercasePositional) {
    auto v = values_ok("Usage: p copy SRC DEST", {"copy", "a", "b"});
    EXPECT_EQ(v.find("SRC")->plain, "a");
    EXPECT_EQ(v.find("DEST")->plain, "b");
}

TEST(DocoptMatch, DoubleDash) {
    const char* doc = "Usage: p [options] [--] [<args>...]\n\nOptions:\n  -x  X\n";
    auto v = values_ok(doc, {"-x", "--", "-y", "--z"});
    EXPECT_TRUE(v.get_bool("-x"));
    EXPECT_TRUE(v.get_bool("--"));
    EXPECT_EQ(v.find("<args>")->list, (std::vector<std::string>{"-y", "--z"}));
    v = values_ok(doc, {"a"});
    EXPECT_FALSE(v.get_bool("--"));
    EXPECT_EQ(v.find("<args>")->list, (std::vector<std::string>{"a"}));
}

TEST(DocoptMatch, SingleDashIsPositional) {
    auto v = values_ok("Usage: p <in>", {"-"});
    EXPECT_EQ(v.find("<in>")->plain, "-");
}

TEST(DocoptMatch, HelpOutcome) {
    auto doc =
        build_doc("args", std::nullopt, "Usage: vagga args [options]\n", BuiltinSection::Common);
    auto spec = parse(doc);
    ASSERT_TRUE(spec.ok()) << spec.error;
    for (const char* flag : {"--help", "-h"}) {
        auto m = match(*spec.value, {"args", flag});
        EXPECT_EQ(m.outcome, MatchOutcome::Help) << flag;
        EXPECT_EQ(m.text, "vagga args\n\nUsage: vagga args [options]\n\nCommon options:\n"
                          "  -h, --help           This help");
    }
}

TEST(DocoptMatch, HelpNeedsOptionsInUsage) {
    // Without [options] the built-in -h is known but not allowed.
    auto r = testing::run("x", "Usage: vagga x\n", {"--help"});
    EXPECT_EQ(r.outcome, MatchOutcome::Error);
    EXPECT_EQ(r.text, "Invalid arguments.\n\nUsage: vagga x");
}

TEST(DocoptMatch, ManyAlternativesStayBounded) {
    std::string pat = "Usage: p";
    for (int i = 0; i < 40; ++i)
        pat += " [<a" + std::to_string(i) + ">]";
    auto spec = parse(pat);
    ASSERT_TRUE(spec.ok()) << spec.error;
    std::vector<std::string> argv(41, "v"); // one too many: nothing matches
    auto m = match(*spec.value, argv);
    EXPECT_EQ(m.outcome, MatchOutcome::Error);
}

} // namespace
} // namespace vagga::docopt

namespace vagga::docopt {
namespace {

TEST(DocoptMatch, RequiredGroupAlternatives) {
    const char* doc = "Usage: p (start | stop) [<name>]";
    auto v = testing::values_ok(doc, {"stop", "web"});
    EXPECT_TRUE(v.get_bool("stop"));
    EXPECT_FALSE(v.get_bool("start"));
    EXPECT_EQ(v.find("<name>")->plain, "web");
    auto spec = parse(doc);
    ASSERT_TRUE(spec.ok());
    EXPECT_EQ(match(*spec.value, {}).outcome, MatchOutcome::Error);
    EXPECT_EQ(match(*spec.value, {"restart"}).outcome, MatchOutcome::Error);
}

TEST(DocoptMatch, UsageLinesTriedInOrder) {
    const char* doc = "Usage:\n  p run <x>\n  p list [--all]\n";
    auto v = testing::values_ok(doc, {"list", "--all"});
    EXPECT_TRUE(v.get_bool("list"));
    EXPECT_TRUE(v.get_bool("--all"));
    EXPECT_FALSE(v.get_bool("run"));
    EXPECT_EQ(v.find("<x>")->plain, std::nullopt);
}

TEST(DocoptMatch, StackedShortFlagWithArgument) {
    const char* doc = "Usage: p [options]\n\nOptions:\n  -a  A\n  -o FILE  Out\n";
    auto v = testing::values_ok(doc, {"-aofile"});
    EXPECT_TRUE(v.get_bool("-a"));
    EXPECT_EQ(v.find("-o")->plain, "file");
    v = testing::values_ok(doc, {"-ao", "f2"});
    EXPECT_EQ(v.find("-o")->plain, "f2");
}

} // namespace
} // namespace vagga::docopt

namespace vagga::docopt {
namespace {

TEST(DocoptMatch, LongArgvIsLinear) {
    std::vector<std::string> argv{"t"};
    for (int i = 0; i < 20000; ++i)
        argv.push_back("f" + std::to_string(i));
    auto spec = parse("Usage: vagga t [options] [<tests>...]\n\nOptions:\n  -x  X\n");
    ASSERT_TRUE(spec.ok()) << spec.error;
    auto m = match(*spec.value, argv);
    ASSERT_EQ(m.outcome, MatchOutcome::Matched) << m.text.substr(0, 200);
    ASSERT_EQ(m.values.find("<tests>")->list.size(), 20000u);
    EXPECT_EQ(m.values.find("<tests>")->list.back(), "f19999");
}

// Found by fuzz/docopt: every state copies its maps, so a usage text with
// many options and branching positionals kept gigabytes within the budget
// of states. The entries of the states now count too, and such a match
// gives up with a message.
TEST(DocoptMatch, LargeStatesStayWithinTheBudget) {
    std::string usage = "Usage: p [options]";
    std::string options = "\nOptions:\n";
    std::vector<std::string> argv;
    for (int i = 0; i < 400; ++i) {
        options += "  --o" + std::to_string(i) + "  Option.\n";
        argv.push_back("--o" + std::to_string(i));
    }
    for (int i = 0; i < 24; ++i) {
        usage += " [<a" + std::to_string(i) + ">]";
        if (i < 12)
            argv.push_back("x");
    }
    auto spec = parse(usage + "\n" + options);
    ASSERT_TRUE(spec.ok()) << spec.error;
    auto m = match(*spec.value, argv);
    EXPECT_EQ(m.outcome, MatchOutcome::Error);
    EXPECT_NE(m.text.find("Usage pattern too complex"), std::string::npos) << m.text.substr(0, 200);
}

} // namespace
} // namespace vagga::docopt
