#include "compat/edit_distance.h"

#include <algorithm>

namespace vagga::compat {

namespace {

// The classic two-row dynamic programme over any indexable sequence.
template <class Seq> size_t levenshtein(const Seq& a, const Seq& b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

} // namespace

size_t edit_distance(std::string_view a, std::string_view b) {
    return levenshtein(a, b);
}

size_t edit_distance(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return levenshtein(a, b);
}

} // namespace vagga::compat
