// `minimum-vagga` version strings: two versions separated by a newline,
// compared both ways and each with itself. The original's order is not
// antisymmetric on purpose (a trailing `g...` word is "less" from both
// sides, config.md "Comparison algorithm"), so only reflexivity is checked.
#include "compiler/project/version.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string input(reinterpret_cast<const char*>(data), size);
    auto nl = input.find('\n');
    std::string a = input.substr(0, nl);
    std::string b = nl == std::string::npos ? "v0.8.1" : input.substr(nl + 1);
    (void)vagga::project::compare_versions(a, b);
    (void)vagga::project::compare_versions(b, a);
    if (vagga::project::compare_versions(a, a) != 0 || vagga::project::compare_versions(b, b) != 0)
        std::abort();
    return 0;
}
