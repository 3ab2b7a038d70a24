// Hashes one directory the way `!Copy source: /work` does (default filter,
// default umask; glob mode when RULEs are given) and prints the full version-hash digest of that
// step, so run.sh can time it against b2sum over the same files.
#include "compiler/hash/file_steps.h"

#include <cstdio>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: hash_bench DIR [RULE...]\n");
        return 2;
    }
    using namespace vagga::hash;
    RealFileSystem fs;
    PathMap paths{argv[1], ""};
    ProjectFiles pf{fs, paths, nullptr};
    Digest d;
    CopyParams p;
    p.source = "/work";
    p.path = "/dst";
    for (int i = 2; i < argc; ++i) {
        p.filter.rules.emplace_back(argv[i]);
    }
    Outcome o = hash_copy(pf, d, p);
    if (!o.is_ok()) {
        std::fprintf(stderr, "%s\n", o.message.c_str());
        return 1;
    }
    std::printf("%s\n", to_hex(d.finish()).c_str());
    return 0;
}
