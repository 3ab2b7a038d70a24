// The byte-stream encoder of the version hash (spec/version-hash.md §2-§3).
// Every value reaches BLAKE2b as `title NUL value NUL`; how each kind of
// value is spelled is part of the on-disk format, so each kind has its own
// method rather than one generic `field`.
//
// Optionally it keeps a readable trace (one line per input, for
// `--debug-versioning`: two runs can be diffed) and a copy of the raw bytes
// (for `--dump-version-data`).
#pragma once

#include "compiler/hash/blake2b.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vagga::hash {

// A uid/gid range as vagga stores it: `end` is exclusive.
struct IdRange {
    uint32_t start = 0;
    uint64_t end = 0;
};

struct DigestOptions {
    bool trace = false; // keep a readable line per input
    bool dump = false;  // keep the raw hashed bytes
};

class Digest {
  public:
    explicit Digest(DigestOptions options = {});

    // "COMMAND\0<name>\0": starts one build step.
    void command(std::string_view name);
    // Strings: `title\0utf8\0`, no escaping.
    void text(std::string_view title, std::string_view value);
    // Paths: raw bytes, exactly as written (no normalisation).
    void path(std::string_view title, std::string_view value);
    void boolean(std::string_view title, bool value);
    void number(std::string_view title, uint64_t value);
    // Lists: `title\0` then `item\0` per item; no count, no end marker.
    void texts(std::string_view title, const std::vector<std::string>& items);
    void paths(std::string_view title, const std::vector<std::string>& items);
    void numbers(std::string_view title, const std::vector<uint32_t>& items);
    void ranges(std::string_view title, const std::vector<IdRange>& items);
    // serde_json compact Display: sorted keys, no spaces.
    void json(std::string_view title, const nlohmann::json& value);
    // `opt_field`: nothing at all when absent.
    void opt_text(std::string_view title, const std::optional<std::string>& value) {
        if (value) {
            text(title, *value);
        }
    }
    void opt_path(std::string_view title, const std::optional<std::string>& value) {
        if (value) {
            path(title, *value);
        }
    }
    void opt_number(std::string_view title, const std::optional<uint64_t>& value) {
        if (value) {
            number(title, *value);
        }
    }

    // File contents: raw, unframed. begin_file only names the file in the
    // trace; content() may be called any number of times per file.
    void begin_file(std::string_view name);
    void content(std::string_view bytes);
    void end_file();

    // Finishes the hash; call once.
    Digest512 finish();
    // The hash of the stream so far, which goes on.
    Digest512 peek() const { return hasher_.peek(); }

    const std::string& trace() const { return trace_; }
    const std::string& dump() const { return dump_; }

  private:
    void raw(std::string_view bytes);
    void trace_line(std::string_view kind, std::string_view title, std::string_view value);

    Blake2b hasher_;
    DigestOptions options_;
    std::string trace_;
    std::string dump_;
    uint64_t file_bytes_ = 0;
    // Only when tracing: a per-file hash, so a changed file shows in a diff.
    std::optional<Blake2b> file_hash_;
};

// serde_json's compact Display of a value (keys sorted, non-ASCII kept).
std::string compact_json(const nlohmann::json& value);

// A double-quoted, escaped rendering of arbitrary bytes for the trace.
std::string trace_quote(std::string_view bytes);

} // namespace vagga::hash
