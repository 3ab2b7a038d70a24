// Durations as the original's `humantime` read them (`vagga _clean
// --at-least 10days`).
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace vagga::compat {

// One or more `<digits><unit>` terms, optionally separated by spaces, summed:
// "10days", "12h", "1w 2d", "90s". Units: s sec secs second seconds, m min
// mins minute minutes, h hr hrs hour hours, d day days, w week weeks.
// A term has 1-9 digits and a unit right after them. Returns nothing for
// "", a bare number, a bare unit, an unknown unit or a longer number.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

} // namespace vagga::compat
