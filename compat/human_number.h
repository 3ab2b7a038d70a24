// Numbers with units as the original read them (the `humannum` 0.1.0
// crate): `size: 100Mi`, `1k`, `0x1f`. Shared by the decoder and by the
// schema generator (for defaults written as `100Mi`).
#pragma once

#include <cstdint>
#include <string_view>

namespace vagga::compat {

// The error kinds of Rust's ParseIntError that humannum passes on.
enum class NumError { None, InvalidDigit, Overflow, Empty };

// `value` when `error` is None; 0 otherwise.
struct Number {
    int64_t value = 0;
    NumError error = NumError::None;
};

// humannum 0.1.0 syntax: surrounding whitespace, optional unit suffix (k M G
// ki Mi Gi, separated by optional spaces), optional 0x/0o/0b prefix (a bare
// leading 0 is decimal), optional sign, digits with `_` after the first.
// The result must fit an int64_t, unit included.
Number parse_number(std::string_view text);

// The Debug name of the error kind as Rust prints it ("InvalidDigit", ...),
// "" for None.
std::string_view num_error_text(NumError e);

} // namespace vagga::compat
