// Levenshtein distance, for "did you mean" suggestions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vagga::compat {

// The number of single-unit insertions, deletions and substitutions that
// turn `a` into `b`. One algorithm, two units, because the two callers
// must keep the suggestions they already give:
// - over bytes: the decoder's own "did you mean" (its threshold and the
//   diagnostics goldens are in bytes; keys are ASCII in practice);
// - over characters: docopt-rs, whose strsim `levenshtein` counts `char`s.
//   The caller splits the text (docopt's own splitter, which also decides
//   what an ill-formed sequence counts as) and passes one string per
//   character.
size_t edit_distance(std::string_view a, std::string_view b);
size_t edit_distance(const std::vector<std::string>& a, const std::vector<std::string>& b);

} // namespace vagga::compat
