// Owns the text of every file the front end reads (from disk or from an
// editor's unsaved buffer) and turns byte offsets into lines and columns.
#pragma once

#include "compiler/source/span.h"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vagga::source {

struct SourceFile {
    std::filesystem::path path; // as opened; includes resolve against it
    std::string display;        // how diagnostics name it
    std::string text;
    std::vector<uint32_t> line_starts; // byte offset of each line's first byte
};

class SourceManager {
  public:
    // Returns the id (>= 1) of the new file.
    uint32_t add(std::filesystem::path path, std::string text);
    const SourceFile& file(uint32_t id) const { return *files_.at(id - 1); }
    size_t size() const { return files_.size(); }

    LineCol line_col(uint32_t file, uint32_t offset) const;
    LineCol start(Span s) const { return line_col(s.file, s.begin); }
    // The text of a 1-based line without its line break.
    std::string_view line_text(uint32_t file, uint32_t line) const;

    // Diagnostics name files relative to this directory when they are below it.
    void set_display_base(std::filesystem::path base) { display_base_ = std::move(base); }

  private:
    std::string display_name(const std::filesystem::path& path) const;

    std::vector<std::unique_ptr<SourceFile>> files_;
    std::filesystem::path display_base_;
};

// Number of Unicode scalar values in a UTF-8 byte range (invalid bytes count
// one each), which is how columns are counted.
uint32_t count_chars(std::string_view text);

} // namespace vagga::source
