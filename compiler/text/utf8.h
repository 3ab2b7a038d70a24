// Moved to compat/utf8.h. This forwarding header remains only for
// cli/build.cpp and tests/cli/utf8_output_test.cpp, which are being
// refactored on another branch; delete it once they include compat/utf8.h.
#pragma once

#include "compat/utf8.h"

namespace vagga::text {

using compat::cut_utf8;
using compat::is_valid_utf8;
using compat::preview;
using compat::to_valid_utf8;
using compat::utf8_sequence_length;

} // namespace vagga::text
