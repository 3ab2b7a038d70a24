#include "compiler/yaml/loader.h"

#include "compiler/yaml/builder.h"
#include "compiler/yaml/lenient.h"
#include "compiler/yaml/text_scan.h"

#include <algorithm>
#include <cstdio>
#include <optional>

namespace vagga::yaml {

namespace fs = std::filesystem;
using diag::Code;
using source::Span;

namespace {

NodePtr implicit_null(Span at) {
    auto n = std::make_shared<Node>();
    n->span = at;
    return n;
}

std::string hex_byte(unsigned char b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", b);
    return buf;
}

std::string codepoint(uint32_t cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", cp);
    return buf;
}

// The include argument as a relative path of normal names: a leading `./`,
// any `..` and absolute paths are refused, as the original did; `a/./b`,
// doubled and trailing slashes are normalised away.
std::optional<fs::path> include_relpath(std::string_view arg) {
    if (arg.empty() || arg.front() == '/')
        return std::nullopt;
    fs::path out;
    bool first = true;
    size_t i = 0;
    while (i <= arg.size()) {
        size_t j = std::min(arg.find('/', i), arg.size());
        std::string_view comp = arg.substr(i, j - i);
        if (comp == "..")
            return std::nullopt;
        if (comp == "." && first)
            return std::nullopt;
        if (!comp.empty() && comp != ".")
            out /= std::string(comp);
        first = false;
        i = j + 1;
    }
    if (out.empty())
        return std::nullopt;
    return out;
}

} // namespace

// Loads one file's text and resolves the includes it asks for. One Impl per
// file, each with what is left of the nesting budget.
struct Loader::Impl final : detail::IncludeResolver {
    Impl(Loader& l, uint32_t budget) : loader(l), depth_budget(budget) {}

    NodePtr load(uint32_t file_id);
    NodePtr include(const Node& scalar, uint32_t depth_used) override;

    Loader& loader;
    uint32_t depth_budget;
};

NodePtr Loader::Impl::load(uint32_t file_id) {
    const source::SourceFile& f = loader.sm_.file(file_id);
    std::string_view text = f.text;
    auto& diags = loader.diags_;
    size_t base = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0; // a UTF-8 BOM
    Span start{file_id, static_cast<uint32_t>(base), static_cast<uint32_t>(base)};
    auto at = [&](size_t off) {
        return Span{file_id, static_cast<uint32_t>(off),
                    static_cast<uint32_t>(std::min(off + 1, text.size()))};
    };
    if (auto bad = scan::check_text(text)) {
        using K = scan::EncodingProblem::Kind;
        switch (bad->kind) {
        case K::InvalidUtf8:
            diags.error(Code::BadEncoding, at(bad->offset),
                        "the file is not valid UTF-8 (byte " +
                            hex_byte(static_cast<unsigned char>(text[bad->offset])) + ")");
            break;
        case K::Nul:
            diags.error(Code::BadEncoding, at(bad->offset),
                        "the file contains a NUL byte: it is not a text file");
            break;
        case K::Control:
            diags.error(Code::YamlSyntax, at(bad->offset),
                        "unacceptable character " + codepoint(bad->codepoint) +
                            " (YAML allows only printable characters)");
            break;
        }
        return implicit_null(start);
    }
    size_t deep = scan::nesting_exceeds(text.substr(base), depth_budget);
    if (deep != scan::npos) {
        diags.error(Code::LimitExceeded, at(base + deep),
                    "nesting is deeper than " + std::to_string(depth_budget) + " levels");
        return implicit_null(start);
    }
    // quire's `a: b: c` (lenient.h): rewritten for yaml-cpp, spans kept.
    lenient::Result two_keys = lenient::rewrite_two_keys(text, base);
    if (two_keys.too_much_at != scan::npos) {
        diags.error(Code::LimitExceeded, at(two_keys.too_much_at),
                    "too many keys written on single lines (`a: b: c`) to read");
        return implicit_null(start);
    }
    detail::DocumentInput in;
    in.file = file_id;
    in.text = text;
    if (two_keys.rewrite)
        in.rewrite = &*two_keys.rewrite;
    in.base = base;
    in.max_nodes = loader.opts_.max_nodes;
    in.max_depth = depth_budget;
    if (loader.sink_ && loader.include_stack_.size() == 1)
        in.sink = &loader.sink_;
    return detail::parse_document(in, diags, *this);
}

NodePtr Loader::Impl::include(const Node& scalar, uint32_t depth_used) {
    auto& diags = loader.diags_;
    const LoadOptions& opts = loader.opts_;
    Span at = scalar.span;
    if (!opts.allow_includes) {
        diags.error(Code::IncludeError, at, "includes are not supported in settings files");
        return nullptr;
    }
    if (scalar.tag == "*IncludeSeq") {
        diags.error(Code::IncludeError, at, "sequence includes aren't supported");
        return nullptr;
    }
    if (scalar.tag == "*IncludeMap") {
        diags.error(Code::IncludeError, at, "mapping includes aren't supported");
        return nullptr;
    }
    if (scalar.text.empty()) {
        diags.error(Code::IncludeError, at, "`!*Include` needs the name of a file");
        return nullptr;
    }
    auto rel = include_relpath(scalar.text);
    if (!rel) {
        diags.error(Code::IncludeEscape, at,
                    "only relative paths without parent directories can be included");
        return nullptr;
    }
    // Relative to the including file as it was opened (no symlink resolution).
    fs::path target = loader.sm_.file(at.file).path.parent_path() / *rel;
    fs::path key = target.lexically_normal();
    auto& stack = loader.include_stack_;
    auto cyc = std::find(stack.begin(), stack.end(), key);
    if (cyc != stack.end()) {
        std::string chain;
        for (auto it = cyc; it != stack.end(); ++it)
            chain += it->string() + " -> ";
        chain += key.string();
        diags.error(Code::IncludeCycle, at, "include cycle: " + chain);
        return nullptr;
    }
    if (stack.size() > opts.max_include_depth) {
        diags.error(Code::LimitExceeded, at,
                    "includes are nested deeper than " + std::to_string(opts.max_include_depth) +
                        " files");
        return nullptr;
    }
    if (auto it = loader.include_cache_.find(key); it != loader.include_cache_.end())
        return it->second;
    if (depth_used >= depth_budget) {
        diags.error(Code::LimitExceeded, at,
                    "nesting is deeper than " + std::to_string(loader.opts_.max_depth) + " levels");
        return nullptr;
    }
    auto r = loader.fs_.read(target, opts.max_file_bytes);
    if (!r.ok) {
        diags.error(Code::IncludeError, at, "cannot read `" + target.string() + "`: " + r.error);
        return nullptr;
    }
    uint32_t id = loader.sm_.add(target, std::move(r.data));
    stack.push_back(key);
    Impl sub(loader, depth_budget - depth_used);
    NodePtr n = sub.load(id);
    stack.pop_back();
    loader.include_cache_[key] = n;
    return n;
}

Loader::Loader(source::SourceManager& sm, source::FileSystem& fs, diag::Diagnostics& diags,
               LoadOptions opts)
    : sm_(sm), fs_(fs), diags_(diags), opts_(opts) {}

NodePtr Loader::load_file(const std::filesystem::path& path, source::Span from) {
    auto r = fs_.read(path, opts_.max_file_bytes);
    if (!r.ok) {
        diags_.error(Code::IoError, from, "cannot read `" + path.string() + "`: " + r.error);
        return implicit_null(from);
    }
    uint32_t id = sm_.add(path, std::move(r.data));
    return load_source(id);
}

NodePtr Loader::load_source(uint32_t file_id) {
    if (include_stack_.empty())
        include_cache_.clear(); // a new top-level load sees files as they are now
    include_stack_.push_back(sm_.file(file_id).path.lexically_normal());
    Impl impl(*this, opts_.max_depth);
    NodePtr n = impl.load(file_id);
    include_stack_.pop_back();
    return n;
}

} // namespace vagga::yaml
