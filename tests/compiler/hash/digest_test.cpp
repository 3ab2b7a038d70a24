#include "compiler/hash/digest.h"

#include <gtest/gtest.h>

namespace vagga::hash {
namespace {

using namespace std::string_literals;

std::string bytes_of(void (*fill)(Digest&)) {
    Digest d({false, true});
    fill(d);
    return d.dump();
}

TEST(Digest, SpecExampleHelloAndBye) {
    // spec §2: hardlinking `hello-and-bye` is 84b3175b.
    Digest d;
    d.ranges("uids", {{0, 65536}});
    d.ranges("gids", {{0, 65536}});
    d.command("Text");
    d.path("path", "/etc/bye.txt");
    d.text("data", "Good bye!");
    d.path("path", "/etc/hello.txt");
    d.text("data", "Hello world!");
    EXPECT_EQ(to_hex(d.finish(), 4), "84b3175b");
}

TEST(Digest, Encodings) {
    EXPECT_EQ(bytes_of([](Digest& d) { d.text("t", "a\nb"); }), "t\0a\nb\0"s);
    EXPECT_EQ(bytes_of([](Digest& d) { d.boolean("b", true); }), "b\0true\0"s);
    EXPECT_EQ(bytes_of([](Digest& d) { d.boolean("b", false); }), "b\0false\0"s);
    EXPECT_EQ(bytes_of([](Digest& d) { d.number("umask", 63); }), "umask\0"
                                                                  "63\0"s);
    EXPECT_EQ(bytes_of([](Digest& d) { d.path("p", "dir/"); }), "p\0dir/\0"s);
    EXPECT_EQ(bytes_of([](Digest& d) { d.texts("packages", {}); }), "packages\0"s);
    EXPECT_EQ(bytes_of([](Digest& d) { d.texts("l", {"a", "b"}); }), "l\0a\0b\0"s);
    EXPECT_EQ(bytes_of([](Digest& d) {
                  d.numbers("g", {1, 20});
              }),
              "g\0"
              "1\0"
              "20\0"s);
    EXPECT_EQ(bytes_of([](Digest& d) {
                  d.ranges("uids", {{1000, 1001}});
              }),
              "uids\0"
              "1000-1001\0"s);
    EXPECT_EQ(bytes_of([](Digest& d) { d.opt_text("x", std::nullopt); }), ""s);
    EXPECT_EQ(bytes_of([](Digest& d) { d.opt_text("x", "y"); }), "x\0y\0"s);
    EXPECT_EQ(bytes_of([](Digest& d) { d.command("Sh"); }), "COMMAND\0Sh\0"s);
    EXPECT_EQ(bytes_of([](Digest& d) {
                  d.begin_file("/f");
                  d.content("ab");
                  d.content("c");
                  d.end_file();
              }),
              "abc"s);
}

TEST(Digest, JsonIsSerdeCompact) {
    auto j = nlohmann::json::parse(R"({"b": [1, "x/y"], "a": {"z": null, "é": "\n\u0001"}})");
    EXPECT_EQ(compact_json(j), "{\"a\":{\"z\":null,\"é\":\"\\n\\u0001\"},\"b\":[1,\"x/y\"]}");
    EXPECT_EQ(bytes_of([](Digest& d) { d.json("require", nullptr); }), "require\0null\0"s);
}

TEST(Digest, TraceIsOneLinePerInput) {
    Digest d({true, false});
    d.command("Copy");
    d.path("filename", "/work/a");
    d.number("mode", 436);
    d.begin_file("/work/a");
    d.content("hi");
    d.end_file();
    d.texts("l", {"x"});
    EXPECT_EQ(d.trace(), "----- Command Copy -----\n"
                         "field:path \"filename\" \"/work/a\"\n"
                         "field \"mode\" 436\n"
                         "file \"/work/a\" (2 bytes, blake2b " +
                             to_hex(blake2b_512("hi"), 8) +
                             ")\n"
                             "field:list \"l\" [\"x\"]\n");
}

} // namespace
} // namespace vagga::hash

#include "compiler/hash/apt_list.h"

namespace vagga::hash {
namespace {

// The cases with repository URLs are the corpus's aux rows (tests/compiler/hash
// corpus_test.cpp reads them from ../shared/corpus in place); this project
// names no repository host of its own.
TEST(AptList, AuxCases) {
    EXPECT_EQ(apt_list_name(std::nullopt, "xenial", {"universe"}), "8afb3430-xenial.list");
}

} // namespace
} // namespace vagga::hash
