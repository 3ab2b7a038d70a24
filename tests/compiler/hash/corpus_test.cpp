// Every row of ../shared/corpus/hash-cases.tsv and hash-cases-aux.tsv: load
// the project with the real front end and compare the version hash (or the
// apt list file name) with what the original computed. Projects are hashed
// from a temporary copy (the rows' preconditions chmod files), never in
// place.
#include "compiler/hash/apt_list.h"
#include "compiler/hash/version.h"
#include "compiler/project/project.h"
#include "tests/common/temp_dir.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#ifndef VAGGA_CORPUS_DIR
#error "VAGGA_CORPUS_DIR must point at shared/corpus"
#endif

namespace vagga::hash {
namespace {

namespace fs = std::filesystem;
using test::TempCopy;

struct Row {
    std::string file;
    std::string test_dir;
    std::string container;
    std::string expected;
    std::string extra; // needs_files (main) or kind (aux)
    std::string notes;
};

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) {
        out.push_back(cell);
    }
    return out;
}

std::vector<Row> load_rows(const std::string& name, bool aux) {
    std::vector<Row> rows;
    std::ifstream in(std::string(VAGGA_CORPUS_DIR) + "/" + name);
    std::string line;
    std::getline(in, line); // header
    while (std::getline(in, line)) {
        auto c = split_tabs(line);
        if (c.size() < 4) {
            continue;
        }
        Row r;
        r.file = name;
        r.test_dir = c[0];
        r.container = c[1];
        if (aux) { // test_dir container kind expected notes
            r.extra = c[2];
            r.expected = c[3];
            r.notes = c.size() > 4 ? c[4] : "";
        } else { // test_dir container expected needs_files notes
            r.expected = c[2];
            r.extra = c[3];
            r.notes = c.size() > 4 ? c[4] : "";
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

// The text after `marker` up to the first " (", ";" or " |".
std::optional<std::string> command_after(const std::string& notes, const std::string& marker) {
    size_t at = notes.find(marker);
    if (at == std::string::npos) {
        return std::nullopt;
    }
    std::string rest = notes.substr(at + marker.size());
    size_t end = rest.size();
    for (const char* stop : {" (", ";", " |"}) {
        end = std::min(end, rest.find(stop));
    }
    return rest.substr(0, end);
}

struct Loaded {
    project::Frontend fe;
    project::Project project;
    bool ok = false;
    std::string error;
};

std::unique_ptr<Loaded> load(const fs::path& dir) {
    auto l = std::make_unique<Loaded>();
    auto where = project::discover(dir, *l->fe.fs);
    if (!where) {
        l->error = "no project at " + dir.string();
        return l;
    }
    project::LoadOptions opts;
    opts.read_settings = false;
    l->project = project::load(l->fe, *where, opts);
    l->ok = true;
    return l;
}

Result hash_of(Loaded& l, const std::string& container) {
    Env env;
    env.project_root = l.project.root.string();
    env.load_subconfig = [&l](const std::string& dir, const std::string& file,
                              std::string&) -> std::optional<ir::Config> {
        return project::load_config_file(l.fe, dir, file);
    };
    return version_hash(l.project.config, container, env);
}

std::string describe(const Result& r) {
    switch (r.kind) {
    case Result::Kind::Ok:
        return r.hash;
    case Result::Kind::NeedsBuild:
        return "needs build: " + r.message;
    case Result::Kind::Error:
        return "error in " + r.step + ": " + r.message;
    }
    return "?";
}

class HashCase : public ::testing::TestWithParam<Row> {};

TEST_P(HashCase, Matches) {
    const Row& row = GetParam();
    fs::path corpus = fs::path(VAGGA_CORPUS_DIR) / "vagga-tests";
    std::string top = row.test_dir.substr(0, row.test_dir.find('/'));
    TempCopy copy(corpus / top);
    fs::path project_dir = copy.path().parent_path() / row.test_dir;
    if (auto pre = command_after(row.notes, "precondition: ")) {
        std::string cmd = "cd '" + project_dir.string() + "' && " + *pre;
        ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    }
    auto l = load(project_dir);
    ASSERT_TRUE(l->ok) << l->error;

    if (row.file == "hash-cases-aux.tsv") {
        auto it = l->project.config.containers.find(ir::Str(row.container));
        ASSERT_NE(it, l->project.config.containers.end()) << row.container;
        auto names = apt_list_names(l->project.config, it->second);
        ASSERT_FALSE(names.empty());
        EXPECT_EQ(names.back().substr(0, 8), row.expected);
        return;
    }

    Result r = hash_of(*l, row.container);
    ASSERT_EQ(r.kind, Result::Kind::Ok) << describe(r);
    EXPECT_EQ(r.short_hash(), row.expected) << row.notes;
    std::string full_marker = "full 128-hex hash asserted: ";
    if (auto full = command_after(row.notes, full_marker)) {
        EXPECT_EQ(r.hash, *full);
    }
    // "same hash also after <cmd>": apply it and hash again.
    if (auto again = command_after(row.notes, "same hash also after ")) {
        std::string cmd = "cd '" + project_dir.string() + "' && " + *again;
        ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
        Result r2 = hash_of(*l, row.container);
        ASSERT_EQ(r2.kind, Result::Kind::Ok) << describe(r2);
        EXPECT_EQ(r2.short_hash(), row.expected) << "after " << cmd;
    }
}

std::vector<Row> all_rows() {
    auto rows = load_rows("hash-cases.tsv", false);
    auto aux = load_rows("hash-cases-aux.tsv", true);
    rows.insert(rows.end(), aux.begin(), aux.end());
    return rows;
}

std::string row_name(const ::testing::TestParamInfo<Row>& info) {
    std::string n = (info.param.file == "hash-cases-aux.tsv" ? "aux_" : "") + info.param.test_dir +
                    "_" + info.param.container + "_" + std::to_string(info.index);
    for (char& c : n) {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
            c = '_';
        }
    }
    return n;
}

INSTANTIATE_TEST_SUITE_P(Corpus, HashCase, ::testing::ValuesIn(all_rows()), row_name);

// spec §10: the yarn containers can't be hashed before a build creates
// yarn.lock, so the versioner says "needs build" (exit 29).
TEST(HashCorpus, YarnNeedsBuild) {
    TempCopy copy(fs::path(VAGGA_CORPUS_DIR) / "vagga-tests" / "yarn");
    auto l = load(copy.path());
    ASSERT_TRUE(l->ok) << l->error;
    ASSERT_FALSE(l->project.config.containers.empty());
    for (const auto& [name, c] : l->project.config.containers) {
        Result r = hash_of(*l, name.text);
        EXPECT_EQ(r.kind, Result::Kind::NeedsBuild) << name.text << ": " << describe(r);
    }
}

TEST(HashCorpus, MissingCopySourceNeedsBuild) {
    TempCopy copy(fs::path(VAGGA_CORPUS_DIR) / "vagga-tests" / "copy");
    auto l = load(copy.path());
    ASSERT_TRUE(l->ok) << l->error;
    Result r = hash_of(*l, "nonexistent-copy");
    EXPECT_EQ(r.kind, Result::Kind::NeedsBuild) << describe(r);
    EXPECT_EQ(r.step, "Copy");
}

} // namespace
} // namespace vagga::hash
