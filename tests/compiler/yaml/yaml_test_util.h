// Shared fixture for the yaml stage tests: in-memory files over the real
// file system, and short ways to look at nodes and diagnostics.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/source/filesystem.h"
#include "compiler/source/source_manager.h"
#include "compiler/yaml/loader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vagga::yaml::test {

class YamlTest : public ::testing::Test {
  protected:
    source::SourceManager sm;
    source::RealFileSystem real;
    source::OverlayFileSystem fs{real};
    diag::Diagnostics diags;
    LoadOptions opts;

    static constexpr const char* kMain = "/virtual/project/vagga.yaml";

    void file(const std::string& path, std::string text) { fs.set(path, std::move(text)); }

    NodePtr load(std::string text, const std::string& path = kMain) {
        fs.set(path, std::move(text));
        return load_path(path);
    }
    NodePtr load_path(const std::string& path) {
        Loader l(sm, fs, diags, opts);
        NodePtr n = l.load_file(path);
        EXPECT_NE(n, nullptr);
        return n;
    }

    std::vector<diag::Code> codes() const {
        std::vector<diag::Code> out;
        for (const auto& d : diags.list())
            out.push_back(d.code);
        return out;
    }
    size_t count(diag::Code c) const {
        size_t n = 0;
        for (const auto& d : diags.list())
            n += d.code == c;
        return n;
    }
    // The first diagnostic with this code, or an empty one (never null, so
    // a failed expectation does not crash the test binary).
    const diag::Diagnostic* first(diag::Code c) const {
        static const diag::Diagnostic none{};
        for (const auto& d : diags.list())
            if (d.code == c)
                return &d;
        return &none;
    }
    // "line:col" of a span's start, 1-based.
    std::string pos(source::Span s) const {
        auto lc = sm.start(s);
        return std::to_string(lc.line) + ":" + std::to_string(lc.col);
    }
    std::string file_of(source::Span s) const {
        if (!s.valid())
            return "<none>";
        return sm.file(s.file).path.string();
    }
    // The source text a span covers.
    std::string text_of(source::Span s) const {
        if (!s.valid())
            return "<none>";
        const auto& t = sm.file(s.file).text;
        return t.substr(s.begin, s.end - s.begin);
    }
    std::string dump() const {
        std::string out;
        for (const auto& d : diags.list())
            out += std::string(diag::code_name(d.code)) + " " + file_of(d.span) + ":" +
                   pos(d.span) + " " + d.message + "\n";
        return out;
    }
};

inline const Node& missing_node() {
    static const Node missing{};
    return missing;
}

// The value of `key`, or a null node when there is none.
inline const Node& at(const Node& n, const std::string& key) {
    const MapEntry* e = n.is_map() ? n.find(key) : nullptr;
    return e ? *e->value : missing_node();
}
inline const Node& at(const NodePtr& n, const std::string& key) {
    return n ? at(*n, key) : missing_node();
}

inline std::vector<std::string> keys(const NodePtr& n) {
    std::vector<std::string> out;
    for (const auto& e : n->entries)
        out.push_back(e.key);
    return out;
}

inline std::vector<std::string> texts(const Node& seq) {
    std::vector<std::string> out;
    for (const auto& i : seq.items)
        out.push_back(i->is_scalar() ? i->text
                      : i->is_null() ? "~"
                                     : "<" + std::string(kind_name(i->kind)) + ">");
    return out;
}

} // namespace vagga::yaml::test
