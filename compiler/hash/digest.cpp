#include "compiler/hash/digest.h"

#include "compat/debug_quote.h"
#include "compiler/text/json_text.h"

#include <fmt/format.h>

namespace vagga::hash {

namespace {

constexpr std::string_view kNul{"\0", 1};

} // namespace

std::string trace_quote(std::string_view bytes) {
    return compat::debug_quote(bytes, compat::ControlEscape::HexByte);
}

std::string compact_json(const nlohmann::json& value) {
    // nlohmann's objects are std::map-ordered like serde_json's BTreeMap, and
    // dump(-1) is compact; ensure_ascii=false keeps UTF-8 as serde_json does,
    // and both escape only `"`, `\` and control characters (lowercase \u00xx).
    return text::dump_json(value);
}

Digest::Digest(DigestOptions options) : options_(options) {}

void Digest::raw(std::string_view bytes) {
    hasher_.update(bytes);
    if (options_.dump) {
        dump_.append(bytes);
    }
}

void Digest::trace_line(std::string_view kind, std::string_view title, std::string_view value) {
    if (!options_.trace) {
        return;
    }
    trace_ += kind;
    trace_ += ' ';
    trace_ += trace_quote(title);
    trace_ += ' ';
    trace_ += value;
    trace_ += '\n';
}

void Digest::command(std::string_view name) {
    raw("COMMAND");
    raw(kNul);
    raw(name);
    raw(kNul);
    if (options_.trace) {
        trace_ += fmt::format("----- Command {} -----\n", name);
    }
}

void Digest::text(std::string_view title, std::string_view value) {
    raw(title);
    raw(kNul);
    raw(value);
    raw(kNul);
    if (options_.trace) {
        trace_line("field", title, trace_quote(value));
    }
}

void Digest::path(std::string_view title, std::string_view value) {
    raw(title);
    raw(kNul);
    raw(value);
    raw(kNul);
    if (options_.trace) {
        trace_line("field:path", title, trace_quote(value));
    }
}

void Digest::boolean(std::string_view title, bool value) {
    std::string_view v = value ? "true" : "false";
    raw(title);
    raw(kNul);
    raw(v);
    raw(kNul);
    if (options_.trace) {
        trace_line("field", title, v);
    }
}

void Digest::number(std::string_view title, uint64_t value) {
    std::string v = std::to_string(value);
    raw(title);
    raw(kNul);
    raw(v);
    raw(kNul);
    if (options_.trace) {
        trace_line("field", title, v);
    }
}

namespace {

template <class T, class F> std::string render_list(const std::vector<T>& items, F render) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) {
        if (i != 0) {
            out += ", ";
        }
        out += render(items[i]);
    }
    out += "]";
    return out;
}

} // namespace

void Digest::texts(std::string_view title, const std::vector<std::string>& items) {
    raw(title);
    raw(kNul);
    for (const auto& item : items) {
        raw(item);
        raw(kNul);
    }
    if (options_.trace) {
        trace_line("field:list", title,
                   render_list(items, [](const std::string& s) { return trace_quote(s); }));
    }
}

void Digest::paths(std::string_view title, const std::vector<std::string>& items) {
    raw(title);
    raw(kNul);
    for (const auto& item : items) {
        raw(item);
        raw(kNul);
    }
    if (options_.trace) {
        trace_line("field:list", title,
                   render_list(items, [](const std::string& s) { return trace_quote(s); }));
    }
}

void Digest::numbers(std::string_view title, const std::vector<uint32_t>& items) {
    raw(title);
    raw(kNul);
    for (auto item : items) {
        raw(std::to_string(item));
        raw(kNul);
    }
    if (options_.trace) {
        trace_line("field:list", title,
                   render_list(items, [](uint32_t v) { return std::to_string(v); }));
    }
}

void Digest::ranges(std::string_view title, const std::vector<IdRange>& items) {
    raw(title);
    raw(kNul);
    for (const auto& r : items) {
        raw(fmt::format("{}-{}", r.start, r.end));
        raw(kNul);
    }
    if (options_.trace) {
        trace_line("field:list", title, render_list(items, [](const IdRange& r) {
                       return fmt::format("{}-{}", r.start, r.end);
                   }));
    }
}

void Digest::json(std::string_view title, const nlohmann::json& value) {
    std::string v = compact_json(value);
    raw(title);
    raw(kNul);
    raw(v);
    raw(kNul);
    if (options_.trace) {
        trace_line("field:json", title, v);
    }
}

void Digest::begin_file(std::string_view name) {
    file_bytes_ = 0;
    if (options_.trace) {
        trace_ += "file " + trace_quote(name);
        file_hash_.emplace();
    }
}

void Digest::content(std::string_view bytes) {
    raw(bytes);
    file_bytes_ += bytes.size();
    if (file_hash_) {
        file_hash_->update(bytes);
    }
}

void Digest::end_file() {
    if (options_.trace) {
        std::string h = file_hash_ ? to_hex(file_hash_->finish(), 8) : std::string();
        file_hash_.reset();
        trace_ += fmt::format(" ({} bytes, blake2b {})\n", file_bytes_, h);
    }
}

Digest512 Digest::finish() {
    return hasher_.finish();
}

} // namespace vagga::hash
