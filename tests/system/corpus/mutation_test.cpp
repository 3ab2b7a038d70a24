// Every corpus config, mutated many ways (lines dropped, repeated and
// re-indented, characters swapped, tags and aliases dropped in, a whole
// section aliased), through the whole front end: loading with the streaming
// decoder, the IR, the checks. Nothing may crash, and every error must point
// into a file. Under a sanitizer build this is where memory mistakes in the
// decoder and the IR show up.
#include "compiler/checks/checks.h"
#include "compiler/project/project.h"
#include "helpers.h"

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <sstream>

namespace vagga::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::canonical(VAGGA_CORPUS_DIR);

std::vector<std::string> main_configs() {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(kCorpus))
        if (e.is_regular_file() && e.path().filename() == "vagga.yaml")
            out.push_back(e.path().lexically_relative(kCorpus).string());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::string line;
    std::istringstream in(text);
    while (std::getline(in, line))
        out.push_back(line);
    return out;
}

// A small deterministic generator, so a failure names a reproducible round.
struct Rng {
    uint32_t x;
    uint32_t next(uint32_t n) {
        x = x * 1103515245u + 12345u;
        return n ? (x >> 8) % n : 0;
    }
};

std::string mutate(const std::string& text, Rng& r) {
    auto lines = lines_of(text);
    if (lines.empty())
        lines.push_back("");
    static const char* const kInserts[] = {"- !Sh x",
                                           "<<: *nothing",
                                           "  &a",
                                           "*a",
                                           "!Container",
                                           "containers: &all",
                                           "commands: *all",
                                           "- !*Unpack []",
                                           "? [a]",
                                           "  a: !Tmpfs {size: 1Gi}",
                                           "x: [",
                                           "'unterminated",
                                           "\t- tab",
                                           "~",
                                           "- !Build {container: x}",
                                           "volumes: !BindRW",
                                           "run: !CapsuleCommand"};
    for (int edits = 1 + static_cast<int>(r.next(4)); edits > 0; --edits) {
        size_t i = r.next(static_cast<uint32_t>(lines.size()));
        switch (r.next(6)) {
        case 0:
            lines.erase(lines.begin() + static_cast<long>(i));
            if (lines.empty())
                lines.push_back("");
            break;
        case 1:
            lines.insert(lines.begin() + static_cast<long>(i), lines[i]);
            break;
        case 2:
            lines[i] = std::string(r.next(5), ' ') + lines[i];
            break;
        case 3:
            if (lines[i].size() > 1) {
                size_t a = r.next(static_cast<uint32_t>(lines[i].size()));
                size_t b = r.next(static_cast<uint32_t>(lines[i].size()));
                std::swap(lines[i][a], lines[i][b]);
            }
            break;
        case 4:
            lines.insert(lines.begin() + static_cast<long>(i),
                         std::string(r.next(3) * 2, ' ') +
                             kInserts[r.next(sizeof kInserts / sizeof kInserts[0])]);
            break;
        default:
            lines[i] = lines[i].substr(0, r.next(static_cast<uint32_t>(lines[i].size() + 1)));
            break;
        }
    }
    std::string out;
    for (const auto& l : lines)
        out += l + "\n";
    return out;
}

class Mutated : public ::testing::TestWithParam<std::string> {};

TEST_P(Mutated, NeverCrashesAndErrorsAreLocated) {
    const fs::path file = kCorpus / GetParam();
    const std::string original = slurp(file);
    Rng r{static_cast<uint32_t>(std::hash<std::string>{}(GetParam()))};
    // VAGGA_MUTATION_ROUNDS runs more rounds, for a longer search by hand.
    const char* env = std::getenv("VAGGA_MUTATION_ROUNDS");
    const int rounds = env != nullptr ? std::max(1, std::atoi(env)) : 40;
    for (int round = 0; round < rounds; ++round) {
        std::string text = mutate(original, r);
        project::Frontend fe;
        source::OverlayFileSystem overlay(fe.real_fs);
        overlay.set(file, text);
        fe.fs = &overlay;
        project::Discovery where{file.parent_path(), file, {}};
        project::Project p = project::load(fe, where, {false, std::nullopt, std::nullopt});
        checks::check_load(p.config, fe.diags);
        checks::check_references(p.config, fe.diags);
        for (const auto& d : fe.diags.list()) {
            if (d.severity == diag::Severity::Error) {
                EXPECT_TRUE(d.span.valid()) << "round " << round << ": " << d.message << "\n"
                                            << text;
            }
        }
    }
}

std::string name_of(const ::testing::TestParamInfo<std::string>& info) {
    std::string n = info.param;
    for (char& c : n)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '_';
    return n;
}

INSTANTIATE_TEST_SUITE_P(Corpus, Mutated, ::testing::ValuesIn(main_configs()), name_of);

} // namespace
} // namespace vagga::testing
