// The container version hash (spec/version-hash.md): the entry point of the
// hash stage.
//
// Takes: a merged ir::Config, a container name, and an Env (where `/work`
// and `/vagga/base` are on the host, the file system, git, and a loader for
// `!SubConfig` files). Returns: the 128-hex BLAKE2b-512 hash, or "needs
// build" (vagga's exit 29: a file the build creates, or a container that
// must be built first, is missing), or an error with the span of the step
// that failed. Never writes anything.
#pragma once

#include "compiler/hash/digest.h"
#include "compiler/hash/file_system.h"
#include "compiler/hash/project_files.h"
#include "compiler/source/span.h"
#include "ir_gen.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vagga::hash {

struct Env {
    std::string project_root; // host path of /work
    std::string vagga_base;   // host path of /vagga/base; empty: <project_root>/.vagga
    FileSystem* fs = nullptr; // nullptr: the real file system
    Git* git = nullptr;       // nullptr: the git binary
    DigestOptions digest;     // trace (--debug-versioning), dump (--dump-version-data)
    // Reads another config file for `!SubConfig` (host paths). nullopt with
    // `error` set on failure.
    std::function<std::optional<ir::Config>(const std::string& dir, const std::string& file,
                                            std::string& error)>
        load_subconfig;
};

struct Result {
    enum class Kind { Ok, NeedsBuild, Error };
    Kind kind = Kind::Error;
    std::string hash;    // 128 lowercase hex digits when Ok
    std::string message; // why, when not Ok
    std::string step;    // the step being hashed when it failed (e.g. "Copy")
    source::Span span;   // its config span
    std::string trace;   // when env.digest.trace
    std::string dump;    // when env.digest.dump
    // The hash of the stream after each `setup` step of the container (not
    // of the steps a `!Container` inlines), as far as it got: what the
    // builder keys a kept root after the unchanged steps by.
    std::vector<std::string> step_hashes;

    std::string short_hash() const { return hash.substr(0, 8); }
};

Result version_hash(const ir::Config& config, std::string_view container, const Env& env);

// `git describe` for !GitDescribe's `output-file`, through the same files and
// git as the version hash (so the file holds what the version encodes).
Outcome git_describe(const Env& env, std::string_view repo,
                     const std::optional<std::string>& pattern, std::string& out);

} // namespace vagga::hash
