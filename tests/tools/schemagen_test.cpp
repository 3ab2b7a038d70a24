// schemagen on small declarations (plan mode, and the build-step rules of
// the config mode): what it generates, and the located error for each
// mistake it must refuse.
#include "tests/common/temp_dir.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace {

using vagga::test::TempDir;

struct Generated {
    int status = -1;
    std::string output; // stdout and stderr
};

// Runs schemagen [--plan] OUT FILE on `text` (the paths are the test's own).
Generated generate(const TempDir& dir, const std::string& text, bool plan = true) {
    auto file = dir.write("plan.vs", text);
    std::string cmd = std::string(SCHEMAGEN_PATH) + (plan ? " --plan " : " ") + dir.path() +
                      "/out " + file.string() + " 2>&1";
    Generated r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) {
        return r;
    }
    std::array<char, 512> buf{};
    size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) {
        r.output.append(buf.data(), n);
    }
    r.status = ::pclose(p);
    return r;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TEST(SchemagenPlan, GeneratesRecordsOpsEnumsAndTheirJson) {
    TempDir dir;
    Generated r = generate(dir, R"(
enum Color { dark-red, light_blue }
struct Pair tuple noun "a pair" { lo: u32; hi: u32; }
struct Box located doc "A box." {
  size: u64 = 104857600;
  mode: u32 = 0o755;
  color: Color = light_blue;
  ranges: list<Pair> = [[0, 7]];
  name: string required json "title";
  note: string?;
}
union Op { Paint { color: Color; } json "paint" doc "Paint it."; }
)");
    ASSERT_EQ(r.status, 0) << r.output;
    std::string h = slurp(dir.path() + "/out/plan_gen.h");
    EXPECT_NE(h.find("enum class Color {\n    DarkRed,\n    LightBlue,\n};"), std::string::npos)
        << h;
    EXPECT_NE(h.find("uint64_t size = 104857600;"), std::string::npos) << h;
    EXPECT_NE(h.find("uint32_t mode = 0755;"), std::string::npos) << h;
    EXPECT_NE(h.find("Color color = Color::LightBlue;"), std::string::npos) << h;
    EXPECT_NE(h.find("std::vector<Pair> ranges = {{0, 7}};"), std::string::npos) << h;
    EXPECT_NE(h.find("std::optional<std::string> note;"), std::string::npos) << h;
    EXPECT_NE(h.find("// A box.\nstruct Box {"), std::string::npos) << h;
    EXPECT_NE(h.find("static constexpr std::string_view op_name = \"paint\";"), std::string::npos)
        << h;
    EXPECT_NE(h.find("using Op = std::variant<Paint>;"), std::string::npos) << h;
    std::string cpp = slurp(dir.path() + "/out/plan_gen.cpp");
    EXPECT_NE(cpp.find("case Color::DarkRed:\n        return \"dark-red\";"), std::string::npos)
        << cpp;
    std::string json = slurp(dir.path() + "/out/plan_json_gen.cpp");
    EXPECT_NE(json.find("r.required(\"title\", v.name);"), std::string::npos) << json;
    EXPECT_NE(json.find("j[\"title\"] = put(v.name);"), std::string::npos) << json;
    EXPECT_NE(json.find("throw std::runtime_error(\"a pair is [lo, hi]\");"), std::string::npos)
        << json;
    EXPECT_NE(json.find("if (name == Paint::op_name) {"), std::string::npos) << json;
}

TEST(SchemagenPlan, RefusesWhatItCannotGenerate) {
    const char* bad[][2] = {
        {"struct A { x: float; }", "unknown plan type `float`"},
        {"struct A { x: list<string, string>; }", "`list` takes 1 type arguments"},
        {"struct A { x: u32(0..9); }", "plan types take no bounds"},
        {"struct A { my-key: string; }", "plan keys are snake_case"},
        {"struct A { x: string; y: string json \"x\"; }", "the JSON key is used twice"},
        {"struct A { x: bool = yes; }", "a bool default is `true` or `false`"},
        {"struct A { x: u32 = 0o9; }", "bad number `0o9`"},
        {"struct A { x: string = 1; }", "a string default must be quoted"},
        {"struct A { x: u32? = 1; }", "an optional field has no default"},
        {"enum E { a, b } struct A { e: E = c; }", "`c` is not a value of E"},
        {"struct A tuple located { x: u32; }", "a tuple has no span"},
        {"union U { A { x: u32; }; }", "op A: error: an op needs its own `json \"name\"`"},
        {"union U { A { } json \"a\"; B { } json \"a\"; }", "op B: error: an op needs its own"},
        {"union U { A(string) json \"a\"; }", "a plan op is a record `Name { fields }`"},
    };
    for (const auto& [text, want] : bad) {
        TempDir dir;
        Generated r = generate(dir, text);
        EXPECT_NE(r.status, 0) << text;
        EXPECT_NE(r.output.find(want), std::string::npos) << text << "\n -> " << r.output;
        // Every message names the file and line.
        EXPECT_NE(r.output.find("plan.vs:1"), std::string::npos) << r.output;
    }
}

TEST(SchemagenSteps, GeneratesDeclaredHashLabelAndLowering) {
    TempDir dir;
    Generated r = generate(dir, R"(
union Step noun "step" doc "A step." {
  A {
    x-y: string doc "x";
    n: u32? doc "n";
    where: abspath doc "w";
    names: list<string> doc "l";
  } hash("X": x-y, n, where, names) label("<" x-y "> " names) lowers Op(f: x-y, g: where)
    doc "a";
  B(list<string>) hash(value) label() doc "b";
}
)",
                           false);
    ASSERT_EQ(r.status, 0) << r.output;
    std::string h = slurp(dir.path() + "/out/step_rules_gen.h");
    EXPECT_NE(h.find("const step::A& x) {\n    d.text(\"X\", x.x_y.text);\n"
                     "    d.opt_number(\"n\", x.n);\n    d.path(\"where\", x.where.text);\n"
                     "    d.texts(\"names\", texts(x.names));\n}"),
              std::string::npos)
        << h;
    EXPECT_NE(h.find("return std::string(\"<\") + x.x_y.text + std::string(\"> \") + "
                     "l.list(x.names);"),
              std::string::npos)
        << h;
    EXPECT_NE(h.find("const step::B& x) {\n    d.texts(\"value\", texts(x.value));\n}"),
              std::string::npos)
        << h;
    EXPECT_NE(h.find("const step::B& x) {\n    return {};\n}"), std::string::npos) << h;
    std::string lower = slurp(dir.path() + "/out/step_lower_gen.h");
    EXPECT_NE(lower.find("inline ::vagga::plan::Op lower_op(const step::A& x, const source::Span& "
                         "span) {\n    ::vagga::plan::Op o;\n    o.f = x.x_y.text;\n"
                         "    o.g = x.where.text;\n    o.span = span;"),
              std::string::npos)
        << lower;
}

TEST(SchemagenSteps, RefusesRulesItCannotGenerate) {
    const char* bad[][2] = {
        {"hash(nope)", "`nope` is not a field of !A"},
        {"hash(m)", "`m` has no regular hash encoding; hash this step by hand"},
        {"label(o)", "`o` cannot be shown in a label; write the label by hand"},
        {"lowers Op(f: value)", "`value` is not a field of !A"},
    };
    for (const auto& [rule, want] : bad) {
        TempDir dir;
        std::string text = "union Step noun \"step\" doc \"d\" {\n  A {\n"
                           "    m: map<string, string> doc \"m\";\n"
                           "    o: string? doc \"o\";\n  } " +
                           std::string(rule) + " doc \"a\";\n}\n";
        Generated r = generate(dir, text, false);
        EXPECT_NE(r.status, 0) << rule;
        EXPECT_NE(r.output.find("plan.vs:2: error: " + std::string(want)), std::string::npos)
            << rule << "\n -> " << r.output;
    }
}

} // namespace
