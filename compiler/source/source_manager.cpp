#include "compiler/source/source_manager.h"

#include <algorithm>

namespace vagga::source {

uint32_t count_chars(std::string_view text) {
    uint32_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80)
            ++n;
    return n;
}

uint32_t SourceManager::add(std::filesystem::path path, std::string text) {
    auto f = std::make_unique<SourceFile>();
    f->display = display_name(path);
    f->path = std::move(path);
    f->text = std::move(text);
    f->line_starts.push_back(0);
    const std::string& t = f->text;
    // A line ends at "\n", "\r\n" or a lone "\r". The original counted the
    // "\r" of "\r\n" as a line of its own; we report the real line.
    for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '\n') {
            f->line_starts.push_back(static_cast<uint32_t>(i + 1));
        } else if (t[i] == '\r') {
            if (i + 1 < t.size() && t[i + 1] == '\n')
                ++i;
            f->line_starts.push_back(static_cast<uint32_t>(i + 1));
        }
    }
    files_.push_back(std::move(f));
    return static_cast<uint32_t>(files_.size());
}

LineCol SourceManager::line_col(uint32_t file_id, uint32_t offset) const {
    if (file_id == 0 || file_id > files_.size())
        return {};
    const SourceFile& f = file(file_id);
    offset = std::min<uint32_t>(offset, static_cast<uint32_t>(f.text.size()));
    auto it = std::upper_bound(f.line_starts.begin(), f.line_starts.end(), offset);
    auto line = static_cast<uint32_t>(it - f.line_starts.begin());
    uint32_t start = f.line_starts[line - 1];
    std::string_view before(f.text.data() + start, offset - start);
    return {line, count_chars(before) + 1};
}

std::string_view SourceManager::line_text(uint32_t file_id, uint32_t line) const {
    if (file_id == 0 || file_id > files_.size())
        return {};
    const SourceFile& f = file(file_id);
    if (line == 0 || line > f.line_starts.size())
        return {};
    uint32_t b = f.line_starts[line - 1];
    uint32_t e =
        line < f.line_starts.size() ? f.line_starts[line] : static_cast<uint32_t>(f.text.size());
    std::string_view s(f.text.data() + b, e - b);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::string SourceManager::display_name(const std::filesystem::path& path) const {
    if (display_base_.empty())
        return path.string();
    auto rel = path.lexically_relative(display_base_);
    if (rel.empty() || *rel.begin() == "..")
        return path.string();
    return rel.string();
}

} // namespace vagga::source
