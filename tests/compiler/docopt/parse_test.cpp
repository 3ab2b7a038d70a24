#include "helpers.h"

namespace vagga::docopt {
namespace {

TEST(DocoptParse, FindsUsageCaseInsensitively) {
    auto spec = parse("My tool\n\nUSAGE: prog run [options]\n\nOptions:\n  -v  Verbose\n");
    ASSERT_TRUE(spec.ok()) << spec.error;
    EXPECT_EQ(spec.value->program, "prog");
    EXPECT_EQ(spec.value->usage, "USAGE: prog run [options]\n\n");
    ASSERT_EQ(spec.value->usages.size(), 1u);
}

TEST(DocoptParse, OneUsagePerLineProgramDropped) {
    auto spec = parse("Usage:\n  vagga a <x>\n  vagga b\n  vagga (c | d)\n");
    ASSERT_TRUE(spec.ok()) << spec.error;
    EXPECT_EQ(spec.value->program, "vagga");
    EXPECT_EQ(spec.value->usages.size(), 3u);
}

TEST(DocoptParse, OptionDescriptions) {
    auto spec = parse("Usage: p [options]\n\n"
                      "Options:\n"
                      "  -v, --verbose ...  Louder\n"
                      "  -o FILE, --out=FILE  Output [default: a.out]\n"
                      "  --level <n>        Level\n"
                      "                     [default: 3]\n"
                      "  -q                 Quiet\n");
    ASSERT_TRUE(spec.ok()) << spec.error;
    const Spec& s = *spec.value;
    auto verbose = s.find({AtomKind::Short, "v"});
    ASSERT_NE(verbose, nullptr);
    EXPECT_TRUE(verbose->repeats);
    EXPECT_FALSE(verbose->has_arg);
    EXPECT_EQ(s.resolve({AtomKind::Short, "v"}), (Atom{AtomKind::Long, "verbose"}));
    auto out = s.find({AtomKind::Long, "out"});
    ASSERT_NE(out, nullptr);
    EXPECT_TRUE(out->has_arg);
    EXPECT_EQ(out->default_value, "a.out");
    auto level = s.find({AtomKind::Long, "level"});
    ASSERT_NE(level, nullptr);
    EXPECT_EQ(level->default_value, "3"); // from the continuation line
    auto q = s.find({AtomKind::Short, "q"});
    ASSERT_NE(q, nullptr);
    EXPECT_FALSE(q->has_arg);
}

TEST(DocoptParse, AtomKeys) {
    EXPECT_EQ((Atom{AtomKind::Short, "v"}.key()), "-v");
    EXPECT_EQ((Atom{AtomKind::Long, "dry-run"}.key()), "--dry-run");
    EXPECT_EQ((Atom{AtomKind::Command, "test"}.key()), "test");
    EXPECT_EQ((Atom{AtomKind::Positional, "file"}.key()), "<file>");
    EXPECT_EQ((Atom{AtomKind::Positional, "FILE"}.key()), "FILE");
}

TEST(DocoptParse, BuildDocLikeTheOriginal) {
    EXPECT_EQ(build_doc("args", std::nullopt, "Usage: vagga args\n", BuiltinSection::Common),
              "vagga args\n\nUsage: vagga args\n\nCommon options:\n"
              "  -h, --help           This help\n\n");
    EXPECT_EQ(build_doc("x", std::string("Describe"), "U", BuiltinSection::Common).substr(0, 11),
              "Describe\n\nU");
    auto sup = std::string(builtin_section_text(BuiltinSection::Supervise));
    EXPECT_NE(sup.find("--only <tag> ..."), std::string::npos);
    EXPECT_NE(sup.find("--exclude <tag> ..."), std::string::npos);
    EXPECT_NE(sup.find("-h, --help"), std::string::npos);
}

TEST(DocoptParse, SuperviseSectionDefinesListOptions) {
    auto doc =
        build_doc("run", std::nullopt, "Usage: vagga run [options]\n", BuiltinSection::Supervise);
    auto spec = parse(doc);
    ASSERT_TRUE(spec.ok()) << spec.error;
    auto only = spec.value->find({AtomKind::Long, "only"});
    ASSERT_NE(only, nullptr);
    EXPECT_TRUE(only->has_arg);
    EXPECT_TRUE(only->repeats);
    auto help = spec.value->find({AtomKind::Short, "h"});
    ASSERT_NE(help, nullptr);
}

} // namespace
} // namespace vagga::docopt
