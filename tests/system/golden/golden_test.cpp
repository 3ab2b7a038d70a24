// Golden tests of rendered diagnostics. Each folder under cases/ is a project:
// it is discovered, loaded (with settings; `home/` is $HOME when present),
// checked (check_load and check_references, as `vagga check` does), and the
// diagnostics are rendered with paths relative to the folder. The text must
// equal `expected.txt` byte for byte, and the JSON `expected.json` when that
// file exists. A folder is named after the code it shows (`<code>` or
// `<code>-<variant>`). Set VAGGA_UPDATE_GOLDEN=1 to rewrite the expected
// files; review the diff before keeping it.
#include "compiler/checks/checks.h"
#include "compiler/diag/render.h"
#include "compiler/export/production_lints.h"
#include "compiler/lower/build.h"
#include "compiler/project/project.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace vagga {
namespace {

namespace fs = std::filesystem;

const fs::path kCases = VAGGA_GOLDEN_DIR;

std::vector<std::string> case_names() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(kCases))
        if (e.is_directory())
            out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool update_mode() {
    const char* v = std::getenv("VAGGA_UPDATE_GOLDEN");
    return v && std::string(v) == "1";
}

struct Rendered {
    std::string text;
    std::string json;
};

Rendered render_case(const fs::path& dir) {
    project::Frontend fe;
    fe.sources.set_display_base(dir);
    Rendered r;
    auto where = project::discover(dir, *fe.fs);
    if (!where || where->root != dir) {
        r.text = "<no project in the case folder>\n";
        return r;
    }
    project::LoadOptions opts;
    opts.read_settings = true;
    if (fs::exists(dir / "home"))
        opts.home = dir / "home";
    auto p = project::load(fe, *where, opts);
    checks::check_load(p.config, fe.diags);
    checks::check_references(p.config, fe.diags);
    // Build-time codes (`unsupported-step`): a case with a `lower-build` file
    // also lowers the build of each container, as `vagga _build` would,
    // against a fixed fake host.
    if (fs::exists(dir / "lower-build") && !fe.diags.has_errors()) {
        for (const auto& [name, container] : p.config.containers) {
            lower::BuildInput in;
            in.config = &p.config;
            in.settings = &p.settings;
            in.project_root = "/project";
            in.root_dir = "/project/.vagga/.roots/.tmp." + name.text + "/root";
            in.cache_dir = "/project/.vagga/.cache";
            in.debian_mirror = "http://mirror.invalid/debian";
            in.container_root = [](const std::string& c) -> std::optional<std::string> {
                return "/project/.vagga/.roots/" + c + ".00000000/root";
            };
            lower::lower_build(in, name.text, fe.diags);
        }
    }
    // `vagga check --target production`: a case with a `target-production`
    // file also gets the production lints.
    if (fs::exists(dir / "target-production") && !fe.diags.has_errors()) {
        lower::LaunchInput in;
        in.config = &p.config;
        in.project_root = "/project";
        in.container_root = [](const std::string& c) -> std::optional<std::string> {
            return "/project/.vagga/.roots/" + c + ".00000000/root";
        };
        exporter::lint_production(in, fe.diags);
    }
    // Messages name some files by absolute path (includes, mixins, io
    // errors); the case folder is replaced so the files hold on any machine.
    auto relative = [&](std::string s) {
        std::string from = dir.string();
        for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at))
            s.replace(at, from.size(), "<case>");
        return s;
    };
    r.text = relative(diag::render_text(fe.sources, fe.diags));
    r.json = relative(diag::to_json(fe.sources, fe.diags).dump(2) + "\n");
    return r;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, RenderedTextMatches) {
    fs::path dir = kCases / GetParam();
    Rendered r = render_case(dir);
    fs::path want_text = dir / "expected.txt";
    fs::path want_json = dir / "expected.json";
    if (update_mode()) {
        // Never bless output that does not show the code the folder is named after.
        std::string code = GetParam();
        bool shows = false;
        for (auto c : diag::all_codes()) {
            std::string n(diag::code_name(c));
            if ((code == n || code.rfind(n + "-", 0) == 0) &&
                r.text.find("[" + n + "]") != std::string::npos)
                shows = true;
        }
        if (!shows) {
            ADD_FAILURE() << "not updated: the output of " << code << " does not show its code:\n"
                          << r.text;
            return;
        }
        std::ofstream(want_text, std::ios::binary) << r.text;
        if (fs::exists(want_json))
            std::ofstream(want_json, std::ios::binary) << r.json;
        GTEST_SUCCEED() << "updated " << want_text;
        return;
    }
    ASSERT_TRUE(fs::exists(want_text))
        << want_text << " is missing; run with VAGGA_UPDATE_GOLDEN=1";
    EXPECT_EQ(r.text, slurp(want_text)) << "case " << GetParam();
    if (fs::exists(want_json)) {
        EXPECT_EQ(r.json, slurp(want_json)) << "case " << GetParam();
        auto j = nlohmann::json::parse(r.json);
        for (const auto& d : j.at("diagnostics")) {
            EXPECT_TRUE(d.contains("code"));
            EXPECT_TRUE(d.contains("severity"));
            EXPECT_TRUE(d.contains("message"));
            if (!d.at("location").is_null()) {
                for (const char* k : {"file", "line", "column"})
                    EXPECT_TRUE(d.at("location").contains(k)) << k;
            }
        }
    }
}

std::string case_test_name(const ::testing::TestParamInfo<std::string>& p) {
    std::string n = p.param;
    for (char& c : n)
        if (!isalnum(static_cast<unsigned char>(c)))
            c = '_';
    return n;
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, ::testing::ValuesIn(case_names()), case_test_name);

// Codes that no config can produce, with where they are tested instead.
const std::map<std::string, std::string> kElsewhere = {
    // The CLI prints the original's two lines (runtime.md §1.1) instead of a
    // rendered diagnostic; tests/cli/exit_codes_test.cpp checks them exactly.
    {"config-not-found", "tests/cli (ConfigNotFound)"},
    // Only a build that really runs a failing step shows it; the build-cycle
    // integration test compares the rendered text exactly.
    {"build-failed", "tests/system/buildcycle (FailingStepLeavesNoContainer)"},
    // Only a container that really starts shows it; the escape battery
    // checks the rendered error at the volume's line.
    {"run-failed", "tests/system/escape (P3BindSourcesStayInTheProject)"},
    // Only an export shows it; the export golden files hold the rendered
    // warnings of every command of the corpus.
    {"export-differs", "tests/compiler/export (golden: each export's diagnostics)"},
};

class Coverage : public ::testing::TestWithParam<diag::Code> {};

// Every diagnostic code has a golden case whose expected text shows it.
TEST_P(Coverage, CodeHasAGoldenCase) {
    std::string code(diag::code_name(GetParam()));
    if (kElsewhere.count(code)) {
        GTEST_SUCCEED() << code << " is covered by " << kElsewhere.at(code);
        return;
    }
    bool found = false;
    for (const auto& name : case_names()) {
        if (name != code && name.rfind(code + "-", 0) != 0)
            continue;
        fs::path want = kCases / name / "expected.txt";
        if (fs::exists(want) && slurp(want).find("[" + code + "]") != std::string::npos)
            found = true;
    }
    EXPECT_TRUE(found) << "no golden case under tests/system/golden/cases/ shows [" << code << "]";
}

std::string code_test_name(const ::testing::TestParamInfo<diag::Code>& p) {
    std::string n(diag::code_name(p.param));
    for (char& c : n)
        if (c == '-')
            c = '_';
    return n;
}

INSTANTIATE_TEST_SUITE_P(Codes, Coverage, ::testing::ValuesIn(diag::all_codes()), code_test_name);

} // namespace
} // namespace vagga
