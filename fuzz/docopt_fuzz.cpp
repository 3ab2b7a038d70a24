// A command's `options:` usage text: parsing, then matching an argv taken
// from the input's last line, then the environment it would export.
#include "compiler/docopt/docopt.h"

#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace vagga;
    std::string input(reinterpret_cast<const char*>(data), size);
    auto split = input.rfind('\n');
    std::string doc = split == std::string::npos ? input : input.substr(0, split);
    std::string args = split == std::string::npos ? "" : input.substr(split + 1);
    auto spec = docopt::parse(doc);
    if (!spec.ok())
        return 0;
    std::vector<std::string> argv;
    std::istringstream words(args);
    for (std::string w; words >> w;)
        argv.push_back(w);
    auto m = docopt::match(*spec.value, argv);
    if (m.outcome == docopt::MatchOutcome::Matched)
        (void)docopt::env_vars(m.values);
    return 0;
}
