// The fuzz targets without libFuzzer (any compiler): runs every file named
// on the command line (or every file in a named folder), then `--mutate N`
// deterministic mutations of each (bytes flipped, inserted, dropped, a slice
// repeated). This is the short run in the test suite; the coverage-guided
// search is the libFuzzer build (fuzz/run.sh).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void run(const std::string& input) {
    (void)LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

std::string mutate(std::string s, uint32_t& x) {
    auto next = [&](uint32_t n) {
        x = x * 1103515245u + 12345u;
        return n ? (x >> 8) % n : 0u;
    };
    static const char* const kBytes[] = {"\xC3", "\xA9", "\xFF", "\xE2\x82\xAC", "\n", "!",
                                         "[",    "{",    "&a",   "*a",           ":",  "<<"};
    for (uint32_t edits = 1 + next(4); edits > 0; --edits) {
        size_t at = s.empty() ? 0 : next(static_cast<uint32_t>(s.size()));
        switch (next(4)) {
        case 0:
            s.insert(at, kBytes[next(std::size(kBytes))]);
            break;
        case 1:
            if (!s.empty())
                s.erase(at, 1 + next(8));
            break;
        case 2:
            if (!s.empty())
                s[at] = static_cast<char>(next(256));
            break;
        default:
            s.insert(at, s.substr(at, next(64)));
            break;
        }
    }
    return s;
}

} // namespace

int main(int argc, char** argv) {
    int rounds = 0;
    std::vector<std::string> inputs;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--mutate") == 0 && i + 1 < argc) {
            rounds = std::atoi(argv[++i]);
            continue;
        }
        std::vector<std::filesystem::path> files;
        if (std::filesystem::is_directory(argv[i])) {
            for (const auto& e : std::filesystem::recursive_directory_iterator(argv[i]))
                if (e.is_regular_file())
                    files.push_back(e.path());
            std::sort(files.begin(), files.end());
        } else {
            files.emplace_back(argv[i]);
        }
        for (const auto& f : files) {
            std::ifstream in(f, std::ios::binary);
            std::stringstream ss;
            ss << in.rdbuf();
            inputs.push_back(ss.str());
        }
    }
    if (inputs.empty()) {
        std::fprintf(stderr, "usage: FUZZ_replay [--mutate N] FILE|DIR...\n");
        return 2;
    }
    uint32_t x = 1;
    for (const auto& input : inputs) {
        run(input);
        for (int r = 0; r < rounds; ++r)
            run(mutate(input, x));
    }
    std::printf("%zu inputs, %d mutations each: no crash\n", inputs.size(), rounds);
    return 0;
}
