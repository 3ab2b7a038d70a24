// Every YAML file of the shared corpus (real vagga configs) loads without a
// yaml-stage error. Files are read in place, never copied.
#include "yaml_test_util.h"

#include <algorithm>

namespace vagga::yaml::test {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> corpus_files() {
    std::vector<fs::path> out;
    fs::path root = VAGGA_CORPUS_DIR;
    std::error_code ec;
    if (!fs::is_directory(root, ec))
        return out;
    for (auto it = fs::recursive_directory_iterator(root, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec)
            break;
        auto ext = it->path().extension();
        if (it->is_regular_file(ec) && (ext == ".yaml" || ext == ".yml"))
            out.push_back(it->path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

TEST_F(YamlTest, CorpusLoadsWithoutYamlErrors) {
    auto files = corpus_files();
    if (files.empty())
        GTEST_SKIP() << "no corpus at " << VAGGA_CORPUS_DIR;
    EXPECT_GT(files.size(), 50u);
    for (const auto& f : files) {
        diags.list().clear();
        NodePtr root = load_path(f.string());
        EXPECT_TRUE(diags.empty()) << f << "\n" << dump();
        // Every real config is a mapping (or a fragment that is one).
        EXPECT_TRUE(root->is_map() || root->is_seq()) << f;
    }
}

// The upstream subconfig test: a value include and a merge of an included
// list of containers.
TEST_F(YamlTest, CorpusSubconfigIncludesResolve) {
    fs::path main = fs::path(VAGGA_CORPUS_DIR) / "vagga-tests/subconfig/vagga.yaml";
    if (!fs::exists(main))
        GTEST_SKIP() << "no corpus";
    NodePtr root = load_path(main.string());
    EXPECT_TRUE(diags.empty()) << dump();
    const Node& containers = at(root, "containers");
    ASSERT_TRUE(containers.is_map());
    EXPECT_TRUE(at(containers, "docker-parser").is_map());
    EXPECT_GE(containers.entries.size(), 3u);
}

} // namespace
} // namespace vagga::yaml::test
