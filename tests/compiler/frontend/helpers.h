// Test helpers: decode YAML text in memory and summarise diagnostics as
// "code@line:col" strings, so tests can assert exact values.
#pragma once

#include "tests/common/temp_dir.h"

#include "compiler/decode/decode.h"
#include "compiler/diag/render.h"
#include "compiler/source/source_manager.h"
#include "compiler/yaml/loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

namespace vagga::testing {

// A whole file's bytes ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::vector<std::string> summary(const source::SourceManager& sm,
                                        const diag::Diagnostics& diags) {
    std::vector<std::string> out;
    for (const auto& d : diags.list()) {
        std::string s(diag::code_name(d.code));
        if (d.severity == diag::Severity::Warning)
            s = "warning:" + s;
        if (d.span.valid()) {
            auto lc = sm.start(d.span);
            s += "@" + std::to_string(lc.line) + ":" + std::to_string(lc.col);
        }
        out.push_back(s);
    }
    return out;
}

// One YAML text decoded as a vagga.yaml.
struct Decoded {
    source::SourceManager sm;
    source::RealFileSystem fs;
    diag::Diagnostics diags;
    ir::Config config;

    explicit Decoded(std::string text) {
        uint32_t id = sm.add("vagga.yaml", std::move(text));
        yaml::Loader loader(sm, fs, diags);
        auto root = loader.load_source(id);
        config = decode::decode_config(*root, diags);
    }
    std::vector<std::string> codes() const { return summary(sm, diags); }
    std::string text() const { return diag::render_text(sm, diags); }
    const diag::Diagnostic& first() const { return diags.list().at(0); }
    const ir::Container& container(const std::string& name) const {
        return config.containers.at(ir::Str(name));
    }
    template <class T> const T& command(const std::string& name) const {
        return ir::get<T>(config.commands.at(ir::Str(name)).value);
    }
    template <class T> const T& step(const std::string& container, size_t i) const {
        return ir::get<T>(this->container(container).setup.at(i).value);
    }
};

using test::TempDir;

} // namespace vagga::testing
