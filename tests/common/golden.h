// The golden tests over the corpus (tests/compiler/lower/launch, tests/compiler/lower/build): every
// project under VAGGA_CORPUS_DIR gives one JSON document, compared with
// VAGGA_GOLDEN_DIR/<project>.json; VAGGA_UPDATE_GOLDEN=1 rewrites the golden
// files instead. Both directories are compile definitions of the test
// executable this file is compiled into.
#pragma once

#include "compiler/project/project.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace vagga::test {

// The directories of the corpus that hold a vagga.yaml, sorted.
std::vector<std::filesystem::path> corpus_projects();

// A project's test name: its path in the corpus, [^A-Za-z0-9] made '_'.
std::string corpus_param_name(const ::testing::TestParamInfo<std::filesystem::path>& info);

// Loads and checks the project in `dir` without user settings, its spans
// shown relative to the corpus. With load errors the document is
// {"load_errors": TEXT}; otherwise `fill` adds to it.
using FillDocument = std::function<void(const project::Project& p, project::Frontend& fe,
                                        nlohmann::ordered_json& doc)>;
nlohmann::ordered_json project_document(const std::filesystem::path& dir, const FillDocument& fill);

// `actual` equals the project's golden file; `what` names the document in
// the failure message ("plan of PROJECT changed").
void expect_golden(const std::filesystem::path& project, const std::string& actual,
                   const std::string& what);

// Every golden file has a project in the corpus.
void expect_no_stale_golden();

} // namespace vagga::test
