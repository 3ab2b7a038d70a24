// Source locations shared by every stage: a span is a byte range in one
// file registered with the SourceManager (file 0 means "no location").
#pragma once

#include <cstdint>

namespace vagga::source {

struct Span {
    uint32_t file = 0;
    uint32_t begin = 0;
    uint32_t end = 0;

    bool valid() const { return file != 0; }
};

// 1-based line; 1-based column counted in Unicode scalar values, as the
// original reported them.
struct LineCol {
    uint32_t line = 0;
    uint32_t col = 0;
};

} // namespace vagga::source
