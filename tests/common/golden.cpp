#include "tests/common/golden.h"

#include "compiler/checks/checks.h"
#include "compiler/diag/render.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace vagga::test {
namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = VAGGA_CORPUS_DIR;
const fs::path kGolden = VAGGA_GOLDEN_DIR;

std::string golden_name(const fs::path& project) {
    std::string rel = project.lexically_relative(kCorpus).string();
    std::replace(rel.begin(), rel.end(), '/', '_');
    return rel + ".json";
}

} // namespace

std::vector<fs::path> corpus_projects() {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(kCorpus)) {
        if (e.path().filename() == "vagga.yaml") {
            out.push_back(e.path().parent_path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string corpus_param_name(const ::testing::TestParamInfo<fs::path>& info) {
    std::string n = info.param.lexically_relative(kCorpus).string();
    for (char& c : n) {
        if (!std::isalnum(static_cast<unsigned char>(c))) {
            c = '_';
        }
    }
    return n;
}

nlohmann::ordered_json project_document(const fs::path& dir, const FillDocument& fill) {
    project::Frontend fe;
    fe.sources.set_display_base(kCorpus);
    auto where = project::discover(dir, *fe.fs);
    project::LoadOptions opts;
    opts.read_settings = false;
    auto p = project::load(fe, *where, opts);
    checks::check_load(p.config, fe.diags);
    nlohmann::ordered_json doc = nlohmann::ordered_json::object();
    if (fe.diags.has_errors()) {
        doc["load_errors"] = diag::render_text(fe.sources, fe.diags);
        return doc;
    }
    fill(p, fe, doc);
    return doc;
}

void expect_golden(const fs::path& project, const std::string& actual, const std::string& what) {
    fs::path golden = kGolden / golden_name(project);
    if (std::getenv("VAGGA_UPDATE_GOLDEN")) {
        fs::create_directories(kGolden);
        std::ofstream(golden) << actual;
        return;
    }
    ASSERT_TRUE(fs::exists(golden))
        << "no golden file " << golden << " (run with VAGGA_UPDATE_GOLDEN=1)";
    std::ifstream in(golden, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(ss.str(), actual) << what << " of " << project << " changed";
}

void expect_no_stale_golden() {
    std::set<std::string> expected;
    for (const auto& p : corpus_projects()) {
        expected.insert(golden_name(p));
    }
    for (const auto& e : fs::directory_iterator(kGolden)) {
        EXPECT_TRUE(expected.count(e.path().filename().string())) << "stale " << e.path();
    }
}

} // namespace vagga::test
