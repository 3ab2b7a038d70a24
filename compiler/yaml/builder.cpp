#include "compiler/yaml/builder.h"

#include "compiler/yaml/extensions.h"
#include "compiler/yaml/text_scan.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstdint>
#include <istream>
#include <limits>
#include <mutex>
#include <set>
#include <streambuf>
#include <unordered_map>

namespace vagga::yaml::detail {

namespace {

using diag::Code;
using source::Span;

// Thrown from an event callback to stop parsing once a limit has been
// reported; parse_document catches it.
struct Abort {};

// A tag yaml-cpp reports but the text does not show (so no view into the
// text can hold it): kept once per spelling for the life of the process,
// as Node::tag views it.
std::string_view intern_tag(const std::string& tag) {
    static std::mutex mu;
    static std::set<std::string, std::less<>> tags;
    std::lock_guard<std::mutex> lock(mu);
    return *tags.insert(tag).first;
}

uint64_t add_sat(uint64_t a, uint64_t b) {
    return a > std::numeric_limits<uint64_t>::max() - b ? std::numeric_limits<uint64_t>::max()
                                                        : a + b;
}

struct Frame {
    std::shared_ptr<Node> node;
    YAML::anchor_t anchor = 0;
    bool block = false;
    bool as_key = false; // a collection written as a mapping key: an error
    size_t last_end = 0; // end of the last child in this file's text

    // A mapping quire opened where standard YAML has a null (lenient.h):
    // it takes every later key of the mapping below it, and ends with it.
    bool lenient = false;
    size_t warning = SIZE_MAX; // index of the warning about it, if any
    source::Span later_key;    // the first key after the ones on its line

    // Map state: the key waiting for its value.
    bool have_key = false;
    bool key_ok = false;
    bool seen_key = false;
    MapEntry key;
    // vagga's tag placement: `- !T a: b` tags the mapping, not the key `a`.
    std::string_view moved_tag;
    Span moved_tag_span;
    YAML::anchor_t moved_anchor = 0;
    // The `<<` entry, applied when the mapping ends so local keys win.
    bool has_merge = false;
    NodePtr merge;
    Span merge_here;
    Span merge_key_span;
    std::unordered_map<std::string, size_t> index; // key -> entry, for large maps
};

class Builder final : public YAML::EventHandler {
  public:
    Builder(const DocumentInput& in, diag::Diagnostics& diags, IncludeResolver& inc)
        : in_(in), text_(in.rewrite ? std::string_view(in.rewrite->text) : in.text), diags_(diags),
          inc_(inc) {}

    NodePtr root() const { return root_; }
    size_t depth() const { return frames_.size(); }

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override;
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override;
    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) override;
    void OnSequenceEnd() override {
        close_lenient();
        end_collection();
    }
    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value style) override;
    void OnMapEnd() override {
        close_lenient();
        end_collection();
    }

  private:
    size_t off(const YAML::Mark& m) const {
        size_t p = in_.base + static_cast<size_t>(std::max(m.pos, 0));
        return std::min(p, text_.size());
    }
    // Offsets in text_ (what yaml-cpp reads) to a span of the file.
    Span span(size_t b, size_t e) const {
        b = file_off(b);
        e = file_off(e);
        return {in_.file, static_cast<uint32_t>(b), static_cast<uint32_t>(std::max(b, e))};
    }
    size_t file_off(size_t r) const { return in_.rewrite ? in_.rewrite->to_file(r) : r; }
    // A span's offset back in text_.
    size_t text_off(uint32_t o) const { return in_.rewrite ? in_.rewrite->to_text(o) : o; }
    bool expecting_key() const {
        return !frames_.empty() && frames_.back().node->is_map() && !frames_.back().have_key;
    }
    std::string_view take_tag(const scan::Props& pr, const std::string& ytag, size_t at,
                              Span& tag_span);
    void start_collection(Kind kind, const YAML::Mark& mark, const std::string& tag,
                          YAML::anchor_t anchor, YAML::EmitterStyle::value style);
    void end_collection();
    // `tag`: when the caller already read the value's tag (and reported
    // any problem with it).
    bool open_lenient(YAML::anchor_t anchor, const std::string_view* tag = nullptr,
                      Span tag_span = {});
    void warn_lenient(Frame& v, const lenient::Split* split, const scan::Props& pr);
    void close_lenient();
    void finish_map(Frame& f);
    void merge_from(Frame& f, const Node& src);
    void check_weight(Node& n);
    Span implicit_null_span(size_t mark_pos) const;
    // A scalar or null in key position.
    void set_key(std::string text, Span key_span, bool plain, std::string_view tag, Span tag_span,
                 YAML::anchor_t anchor);
    void bad_key(Span where, const std::string& why);
    // A finished value: processed, anchored, handed to the parent.
    void value(std::shared_ptr<Node> n, YAML::anchor_t anchor, Span here);
    void deliver(NodePtr n, Span here);
    void add_entry(Frame& f, NodePtr v, Span here);
    const MapEntry* find_key(Frame& f, const std::string& k) const;
    void bind_anchor(YAML::anchor_t a, NodePtr n);
    NodePtr include(const Node& scalar, Span here);
    const DocumentInput& in_;
    std::string_view text_;
    diag::Diagnostics& diags_;
    IncludeResolver& inc_;
    std::vector<Frame> frames_;
    NodePtr root_;
    size_t last_end_ = 0; // end of the last token consumed
    // Anchors by yaml-cpp's id (ids count up from 1); null while the
    // anchored collection is still open.
    std::vector<NodePtr> anchors_;
    IncludeOrigins origins_;
    size_t line_warning_ = SIZE_MAX; // the warning of the last split line
};

std::string_view Builder::take_tag(const scan::Props& pr, const std::string& ytag, size_t at,
                                   Span& tag_span) {
    bool yaml_tagged = ytag != "?" && ytag != "!";
    bool lone = ytag == "!" && pr.has_tag();
    if (!yaml_tagged && !lone)
        return {};
    if (!pr.has_tag()) {
        // yaml-cpp saw a tag the text scan did not: trust yaml-cpp.
        tag_span = span(at, at);
        return ytag.size() > 1 && ytag[0] == '!' ? intern_tag(ytag.substr(1)) : std::string_view{};
    }
    std::string_view raw = text_.substr(pr.tag_begin, pr.tag_end - pr.tag_begin);
    tag_span = span(pr.tag_begin, pr.tag_end);
    if (raw == "!") {
        diags_.error(Code::YamlSyntax, tag_span, "unexpected empty tag");
        return {};
    }
    if (raw[1] == '!' || raw[1] == '<' || raw.find('!', 1) != std::string_view::npos) {
        diags_.error(Code::YamlSyntax, tag_span,
                     "global tags and tag handles (`" + std::string(raw) +
                         "`) are not supported: vagga tags look like `!Name`");
        return {};
    }
    // A view into the file's own text, which outlives the tree (text_ may
    // be the pre-pass's copy); a tag never contains inserted bytes.
    return in_.text.substr(file_off(pr.tag_begin) + 1, raw.size() - 1);
}

void Builder::OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) {
    size_t p = off(mark);
    bool key = expecting_key();
    if (!key && open_lenient(anchor))
        return;
    // yaml-cpp reports written nulls (`~`, `null`) and missing values alike,
    // and for a missing value the mark may point at the next token. Look.
    scan::Props pr;
    pr.end = pr.content = p;
    size_t word = 0;
    bool own_props = false;
    if (p >= last_end_) {
        pr = scan::read_properties(text_, p);
        word = scan::null_word(text_, pr.content);
        if (word && !key && scan::colon_follows(text_, pr.content + word))
            word = 0; // `null:` on the next line is the next key, not this value
        own_props = word != 0 || (pr.any() && scan::nothing_follows_on_line(text_, pr.end));
    }
    if (key) {
        std::string k = word ? std::string(text_.substr(pr.content, word)) : std::string{};
        size_t b = word ? pr.content : p;
        Span tag_span;
        std::string_view tag = own_props ? take_tag(pr, "?", p, tag_span) : std::string_view{};
        last_end_ = std::max(last_end_, b + word);
        set_key(std::move(k), span(b, b + word), true, tag, tag_span, anchor);
        return;
    }
    auto n = std::make_shared<Node>();
    if (word) {
        std::string_view w = text_.substr(pr.content, word);
        n->span = span(pr.content, pr.content + word);
        if (w == "~" || w == "null") {
            n->explicit_null = true;
        } else {
            // `Null` and `NULL` are text to vagga.
            n->kind = Kind::Scalar;
            n->text = std::string(w);
        }
        last_end_ = std::max(last_end_, pr.content + word);
    } else if (own_props) {
        // The root's `!T` alone: yaml-cpp drops the tag, the text keeps it
        // ("!T" only tells take_tag that a tag is there).
        n->tag = take_tag(pr, pr.has_tag() ? "!T" : "?", p, n->tag_span);
        n->span = span(pr.end, pr.end);
        last_end_ = std::max(last_end_, pr.end);
    } else {
        n->span = implicit_null_span(p);
    }
    Span here = n->span;
    value(std::move(n), anchor, here);
}

Span Builder::implicit_null_span(size_t mark_pos) const {
    if (!frames_.empty() && frames_.back().node->is_map() && frames_.back().have_key) {
        size_t e = text_off(frames_.back().key.key_span.end);
        size_t p = scan::after_colon(text_, e);
        return span(p, p);
    }
    if (frames_.empty() && root_ == nullptr && last_end_ == 0)
        return span(mark_pos, mark_pos);
    size_t p = scan::after_indicator_before(text_, mark_pos);
    return span(p, p);
}

void Builder::OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) {
    size_t p = off(mark);
    size_t e = scan::alias_end(text_, p);
    last_end_ = std::max(last_end_, e);
    Span here = span(p, e);
    if (expecting_key()) {
        bad_key(here, "an alias cannot be a mapping key");
        return;
    }
    NodePtr n = anchor < anchors_.size() ? anchors_[anchor] : nullptr;
    if (n == nullptr) {
        diags_.error(Code::YamlSyntax, here,
                     "alias `" + std::string(text_.substr(p, e - p)) +
                         "` refers to a node that contains it");
        auto null = std::make_shared<Node>();
        null->span = here;
        n = std::move(null);
    }
    deliver(std::move(n), here);
}

void Builder::OnScalar(const YAML::Mark& mark, const std::string& ytag, YAML::anchor_t anchor,
                       const std::string& v) {
    size_t p = off(mark);
    scan::Props pr = scan::read_properties(text_, p);
    size_t c = pr.content;
    Span tag_span;
    std::string_view tag = take_tag(pr, ytag, p, tag_span);
    char first = c < text_.size() ? text_[c] : '\0';
    bool quoted_start = first == '\'' || first == '"' || first == '|' || first == '>';
    // `!T` with nothing after it: yaml-cpp gives an empty scalar, and the
    // text scan may already see the next line. Only an empty quoted or block
    // scalar is a real empty string.
    bool written_empty = first == '|' || first == '>' ||
                         ((first == '\'' || first == '"') && scan::quoted_end(text_, c) == c + 2 &&
                          !scan::colon_follows(text_, c + 2));
    bool empty_node = v.empty() && pr.any() && !written_empty;
    bool key = expecting_key();
    if (empty_node) {
        if (key) {
            set_key({}, span(pr.end, pr.end), true, tag, tag_span, anchor);
            return;
        }
        // yaml-cpp gives a tagged empty value as a scalar, not a null.
        if (open_lenient(anchor, &tag, tag_span))
            return;
        auto n = std::make_shared<Node>();
        n->tag = tag;
        n->tag_span = tag_span;
        n->span = span(pr.end, pr.end);
        last_end_ = std::max(last_end_, pr.end);
        value(std::move(n), anchor, span(pr.end, pr.end));
        return;
    }
    Style style = quoted_start ? Style::Quoted : Style::Plain;
    size_t e = first == '\'' || first == '"'  ? scan::quoted_end(text_, c)
               : first == '|' || first == '>' ? scan::block_scalar_end(text_, c)
                                              : scan::plain_end(text_, c, v);
    if (e <= c)
        e = std::min(c + 1, text_.size());
    last_end_ = std::max(last_end_, e);
    if (key) {
        set_key(v, span(c, e), style == Style::Plain, tag, tag_span, anchor);
        return;
    }
    auto n = std::make_shared<Node>();
    n->span = span(c, e);
    n->tag = tag;
    n->tag_span = tag_span;
    if (style == Style::Plain && (v == "~" || v == "null")) {
        n->explicit_null = true; // `!T ~`: a tagged explicit null
    } else {
        n->kind = Kind::Scalar;
        n->text = v;
        n->style = style;
    }
    value(std::move(n), anchor, span(c, e));
}

void Builder::OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                              YAML::EmitterStyle::value style) {
    start_collection(Kind::Seq, mark, tag, anchor, style);
}

void Builder::OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) {
    start_collection(Kind::Map, mark, tag, anchor, style);
}

void Builder::start_collection(Kind kind, const YAML::Mark& mark, const std::string& ytag,
                               YAML::anchor_t anchor, YAML::EmitterStyle::value style) {
    if (frames_.size() >= in_.max_depth) {
        size_t p = off(mark);
        diags_.error(Code::LimitExceeded, span(p, p + 1),
                     "nesting is deeper than " + std::to_string(in_.max_depth) + " levels");
        throw Abort{};
    }
    size_t p = off(mark);
    scan::Props pr = scan::read_properties(text_, p);
    Frame f;
    f.as_key = expecting_key();
    f.node = std::make_shared<Node>();
    f.node->kind = kind;
    f.node->tag = take_tag(pr, ytag, p, f.node->tag_span);
    f.node->span = span(pr.content, pr.content);
    f.anchor = anchor;
    f.block = style != YAML::EmitterStyle::Flow;
    f.last_end = pr.content;
    last_end_ = std::max(last_end_, pr.end);
    if (anchor != 0) {
        // Open: an alias to it from inside would make a cycle.
        if (anchors_.size() <= anchor)
            anchors_.resize(anchor + 1);
        anchors_[anchor] = nullptr;
    }
    frames_.push_back(std::move(f));
}

void Builder::end_collection() {
    Frame f = std::move(frames_.back());
    frames_.pop_back();
    if (f.node->is_seq())
        splice_unpacks(*f.node, origins_, diags_);
    else
        finish_map(f);
    // The node is final from here on: give back the spare capacity vector
    // growth left, which adds up over the many small maps of a large config.
    f.node->entries.shrink_to_fit();
    f.node->items.shrink_to_fit();
    size_t e = f.last_end;
    if (!f.block)
        e = scan::flow_close_end(text_, e);
    f.node->span.end = static_cast<uint32_t>(std::max<size_t>(file_off(e), f.node->span.begin));
    last_end_ = std::max(last_end_, e);
    check_weight(*f.node);
    if (f.as_key) {
        bad_key(f.node->span, "a mapping key must be a scalar");
        return;
    }
    if (f.moved_anchor != 0)
        bind_anchor(f.moved_anchor, f.node);
    YAML::anchor_t anchor = f.anchor;
    Span here = f.node->span;
    value(std::move(f.node), anchor, here);
}

namespace {

bool ws_or_end(std::string_view t, size_t i) {
    return i >= t.size() || t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r';
}

size_t line_begin(std::string_view t, size_t i) {
    while (i > 0 && t[i - 1] != '\n' && t[i - 1] != '\r')
        --i;
    return i;
}

std::string_view line_at(std::string_view t, size_t i) {
    size_t b = line_begin(t, i), e = i;
    while (e < t.size() && t[e] != '\n' && t[e] != '\r')
        ++e;
    while (e > b && (t[e - 1] == ' ' || t[e - 1] == '\t'))
        --e;
    return t.substr(b, e - b);
}

} // namespace

// quire's lenient forms (lenient.h) reach here as the null value of a block
// mapping's key: form 1 once the pre-pass moved the next key to a line of
// its own, form 2 as written. Either way quire made the keys that follow at
// this key's column a mapping, the value of this key; they go into a frame
// of their own until the mapping below ends (close_lenient).
bool Builder::open_lenient(YAML::anchor_t anchor, const std::string_view* tag, Span tag_span) {
    if (frames_.empty())
        return false;
    const Frame& f = frames_.back();
    if (!f.node->is_map() || !f.block || !f.have_key || !f.key_ok)
        return false;
    size_t key_begin = text_off(f.key.key_span.begin);
    size_t key_end = text_off(f.key.key_span.end);
    size_t v = scan::after_colon(text_, key_end);
    if (v == key_end)
        return false;
    while (v < text_.size() && (text_[v] == ' ' || text_[v] == '\t'))
        ++v;
    scan::Props pr = scan::read_properties(text_, v);
    size_t after = pr.end;
    while (after < text_.size() && (text_[after] == ' ' || text_[after] == '\t'))
        ++after;
    const lenient::Split* split = in_.rewrite ? in_.rewrite->split_at(after) : nullptr;
    size_t first = split ? split->at + split->len : pr.content;
    if (split == nullptr) {
        // Form 2 needs an anchor (a tag alone gives a tagged null in quire
        // too), nothing more on the line, and a key at this key's column next.
        if (anchor == 0 || pr.anchor_begin == scan::npos ||
            !scan::nothing_follows_on_line(text_, pr.end) || first >= text_.size())
            return false;
        size_t col = first - line_begin(text_, first);
        if (col != key_begin - line_begin(text_, key_begin))
            return false;
        char ch = text_[first];
        if ((ch == '-' || ch == '?' || ch == ':') && ws_or_end(text_, first + 1))
            return false;
        std::string_view three = text_.substr(first, 3);
        if (col == 0 && (three == "---" || three == "...") && ws_or_end(text_, first + 3))
            return false;
    }
    if (frames_.size() >= in_.max_depth) {
        diags_.error(Code::LimitExceeded, span(first, first + 1),
                     "nesting is deeper than " + std::to_string(in_.max_depth) + " levels");
        throw Abort{};
    }
    Frame l;
    l.lenient = true;
    l.block = true;
    l.anchor = anchor;
    l.node = std::make_shared<Node>();
    l.node->kind = Kind::Map;
    if (tag != nullptr) {
        l.node->tag = *tag;
        l.node->tag_span = tag_span;
    } else {
        l.node->tag = take_tag(pr, pr.has_tag() ? "!T" : "?", v, l.node->tag_span);
    }
    l.node->span = span(first, first);
    l.last_end = first;
    if (anchor != 0) {
        if (anchors_.size() <= anchor)
            anchors_.resize(anchor + 1);
        anchors_[anchor] = nullptr; // open, as in start_collection
    }
    last_end_ = std::max(last_end_, pr.end);
    warn_lenient(l, split, pr);
    frames_.push_back(std::move(l));
    return true;
}

void Builder::warn_lenient(Frame& l, const lenient::Split* split, const scan::Props& pr) {
    const std::string& outer = frames_.back().key.key;
    if (split != nullptr) {
        // One warning per line, at its second key; the other keys of a
        // chain (`a: b: c: d`) share it.
        if (!split->fix.empty()) {
            std::string key(in_.text.substr(split->orig, split->key_end - split->orig));
            auto& d =
                diags_.warning(Code::NonstandardYaml,
                               {in_.file, static_cast<uint32_t>(split->orig),
                                static_cast<uint32_t>(split->key_end)},
                               "a second key on the line of `" + outer + ":`; the original read `" +
                                   key + "` as the first key of a mapping nested in `" + outer +
                                   "`, as this version does, but standard YAML rejects it");
            d.label = "put `" + key + ":` on a line of its own, indented under `" + outer + ":`";
            d.notes.push_back({{}, "the standard form:\n" + split->fix});
            line_warning_ = diags_.list().size() - 1;
        }
        l.warning = line_warning_;
        return;
    }
    std::string anchor(text_.substr(pr.anchor_begin, pr.anchor_end - pr.anchor_begin));
    size_t key_at = text_off(frames_.back().key.key_span.begin);
    std::string_view next = line_at(text_, pr.content);
    auto& d = diags_.warning(
        Code::NonstandardYaml, span(pr.anchor_begin, pr.anchor_end),
        "`" + outer + ": " + anchor +
            "` is followed by keys at its own indentation; the original read them as a mapping "
            "named by `" +
            anchor + "`, the value of `" + outer +
            "`, as this version does, but standard YAML reads `" + outer + "` as null");
    d.label = "indent the keys that follow under `" + outer + ":`";
    d.notes.push_back({{},
                       "the standard form:\n" + std::string(line_at(text_, key_at)) + "\n  " +
                           std::string(next)});
}

// The mappings opened by open_lenient end with the mapping below them.
void Builder::close_lenient() {
    while (!frames_.empty() && frames_.back().lenient) {
        const Frame& l = frames_.back();
        if (l.warning < diags_.list().size() && l.later_key.valid() && frames_.size() >= 2) {
            const std::string& outer = frames_[frames_.size() - 2].key.key;
            diags_.list()[l.warning].notes.push_back(
                {l.later_key, "as the original read it, this key and the ones after it at its "
                              "indentation belong to `" +
                                  outer + "` too: indent them under it as well"});
        }
        end_collection();
    }
}

void Builder::finish_map(Frame& f) {
    Node& n = *f.node;
    if (!f.moved_tag.empty()) {
        n.tag = f.moved_tag;
        n.tag_span = f.moved_tag_span;
        if (!n.entries.empty())
            n.span.begin = std::min(n.span.begin, n.entries.front().key_span.begin);
    }
    if (!f.has_merge)
        return;
    // Earlier sources win: each only adds keys not present yet.
    for (const Node* src : merge_sources(f.merge, f.merge_here, f.merge_key_span, origins_, diags_))
        merge_from(f, *src);
}

void Builder::merge_from(Frame& f, const Node& src) {
    // Shallow: the source's entries as they are (its own merges already
    // applied); the source mapping's tag is not carried over.
    for (const auto& e : src.entries) {
        if (find_key(f, e.key) != nullptr)
            continue;
        f.node->entries.push_back(e);
        if (!f.index.empty())
            f.index.emplace(e.key, f.node->entries.size() - 1);
    }
}

void Builder::check_weight(Node& n) {
    uint64_t w = 1;
    for (const auto& e : n.entries)
        w = add_sat(w, e.value->weight);
    for (const auto& i : n.items)
        w = add_sat(w, i->weight);
    n.weight = w;
    if (w > in_.max_nodes) {
        diags_.error(Code::LimitExceeded, n.span,
                     "the document has more than " + std::to_string(in_.max_nodes) +
                         " nodes once aliases are expanded");
        throw Abort{};
    }
}

void Builder::set_key(std::string text, Span key_span, bool plain, std::string_view tag,
                      Span tag_span, YAML::anchor_t anchor) {
    Frame& f = frames_.back();
    bool first = !f.seen_key;
    f.seen_key = true;
    f.have_key = true;
    f.key_ok = true;
    f.key = MapEntry{std::move(text), key_span, plain, nullptr};
    f.last_end = std::max<size_t>(f.last_end, text_off(key_span.end));
    if (f.lenient && !first && !f.later_key.valid())
        f.later_key = key_span;
    bool can_move = first && f.block && f.node->tag.empty() && f.anchor == 0;
    if (!tag.empty()) {
        if (can_move) {
            f.moved_tag = tag;
            f.moved_tag_span = tag_span;
        } else {
            diags_.error(Code::YamlSyntax, tag_span, "a mapping key cannot carry a tag");
        }
    }
    if (anchor != 0) {
        if (can_move) {
            // Like the tag, an anchor before the first key names the mapping.
            f.moved_anchor = anchor;
            if (anchors_.size() <= anchor)
                anchors_.resize(anchor + 1);
            anchors_[anchor] = nullptr;
        } else {
            auto k = std::make_shared<Node>();
            k->kind = Kind::Scalar;
            k->text = f.key.key;
            k->span = key_span;
            k->style = plain ? Style::Plain : Style::Quoted;
            bind_anchor(anchor, k);
        }
    }
}

void Builder::bad_key(Span where, const std::string& why) {
    Frame& f = frames_.back();
    diags_.error(Code::YamlSyntax, where, why);
    f.seen_key = true;
    f.have_key = true;
    f.key_ok = false;
}

void Builder::value(std::shared_ptr<Node> n, YAML::anchor_t anchor, Span here) {
    NodePtr result = n;
    if (n->is_scalar() &&
        (n->tag == "*Include" || n->tag == "*IncludeSeq" || n->tag == "*IncludeMap"))
        result = include(*n, here);
    bind_anchor(anchor, result);
    deliver(std::move(result), here);
}

NodePtr Builder::include(const Node& scalar, Span here) {
    NodePtr got = inc_.include(scalar, static_cast<uint32_t>(frames_.size()));
    bool failed = got == nullptr;
    if (failed) {
        auto null = std::make_shared<Node>();
        null->span = scalar.span;
        got = std::move(null);
    }
    origins_.record(got, here, failed);
    return got;
}

void Builder::bind_anchor(YAML::anchor_t a, NodePtr n) {
    if (a == 0)
        return;
    if (anchors_.size() <= a)
        anchors_.resize(a + 1);
    anchors_[a] = std::move(n);
}

void Builder::deliver(NodePtr n, Span here) {
    if (frames_.empty()) {
        root_ = std::move(n);
        return;
    }
    Frame& f = frames_.back();
    f.last_end = std::max<size_t>(f.last_end, text_off(here.end));
    if (f.node->is_seq()) {
        f.node->items.push_back(std::move(n));
        return;
    }
    add_entry(f, std::move(n), here);
}

const MapEntry* Builder::find_key(Frame& f, const std::string& k) const {
    auto& entries = f.node->entries;
    // Small maps are searched directly; large ones get an index so that a
    // huge generated file stays linear.
    constexpr size_t small = 16;
    if (entries.size() < small) {
        for (const auto& e : entries)
            if (e.key == k)
                return &e;
        return nullptr;
    }
    if (f.index.empty())
        for (size_t i = 0; i < entries.size(); ++i)
            f.index.emplace(entries[i].key, i);
    auto it = f.index.find(k);
    return it == f.index.end() ? nullptr : &entries[it->second];
}

void Builder::add_entry(Frame& f, NodePtr v, Span here) {
    f.have_key = false;
    if (!f.key_ok)
        return;
    MapEntry& k = f.key;
    if (k.key_plain && k.key == "<<") {
        if (f.has_merge) {
            auto& d = diags_.error(Code::DupKey, k.key_span, "duplicate key `<<`");
            d.notes.push_back({f.merge_key_span, "first `<<` is here"});
            return;
        }
        f.has_merge = true;
        f.merge = std::move(v);
        f.merge_here = here;
        f.merge_key_span = k.key_span;
        return;
    }
    if (const MapEntry* first = find_key(f, k.key)) {
        auto& d = diags_.error(Code::DupKey, k.key_span, "duplicate key `" + k.key + "`");
        d.notes.push_back({first->key_span, "first defined here"});
        return;
    }
    k.value = std::move(v);
    // An entry of a top-level key's mapping: the sink may take its value.
    if (in_.sink != nullptr && frames_.size() == 2 && &f == &frames_[1] &&
        frames_[0].node->is_map() && frames_[0].key_ok)
        k.value = (*in_.sink)(frames_[0].key.key, k);
    f.node->entries.push_back(std::move(k));
    if (!f.index.empty())
        f.index.emplace(f.node->entries.back().key, f.node->entries.size() - 1);
}

// Records where a second document starts, then stops the parser.
class SecondDocument final : public YAML::EventHandler {
  public:
    struct Found {
        YAML::Mark mark;
    };
    void OnDocumentStart(const YAML::Mark& mark) override { throw Found{mark}; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

// yaml-cpp reads from a std::istream. This buffer reads straight from the
// SourceManager's text, so a large file is not held twice while it is parsed
// (an std::istringstream would copy it). The text outlives the parser.
class ViewBuf final : public std::streambuf {
  public:
    explicit ViewBuf(std::string_view text) {
        // streambuf's get area takes non-const pointers; it is only read.
        char* b = const_cast<char*>(text.data());
        setg(b, b, b + text.size());
    }
};

// The text yaml-cpp reads: the file's, or the pre-pass's copy of it.
std::string_view parsed_text(const DocumentInput& in) {
    return in.rewrite ? std::string_view(in.rewrite->text) : in.text;
}

// The offset of a mark in the file's own text.
size_t mark_offset(const DocumentInput& in, const YAML::Mark& m) {
    size_t p = in.base + static_cast<size_t>(std::max(m.pos, 0));
    p = std::min(p, parsed_text(in).size());
    return in.rewrite ? in.rewrite->to_file(p) : p;
}

Span mark_span(const DocumentInput& in, const YAML::Mark& m) {
    size_t p = mark_offset(in, m);
    size_t e = std::min(p + 1, in.text.size());
    return {in.file, static_cast<uint32_t>(p), static_cast<uint32_t>(e)};
}

} // namespace

NodePtr parse_document(const DocumentInput& in, diag::Diagnostics& diags, IncludeResolver& inc) {
    auto implicit_null = [&](uint32_t at) {
        auto n = std::make_shared<Node>();
        n->span = {in.file, at, at};
        return NodePtr(std::move(n));
    };
    ViewBuf buf(parsed_text(in).substr(in.base));
    std::istream stream(&buf);
    YAML::Parser parser(stream);
    Builder b(in, diags, inc);
    try {
        if (!parser.HandleNextDocument(b))
            return implicit_null(static_cast<uint32_t>(in.base));
    } catch (const Abort&) {
        return implicit_null(static_cast<uint32_t>(in.base));
    } catch (const YAML::DeepRecursion& e) {
        diags.error(Code::LimitExceeded, mark_span(in, e.mark),
                    "nesting is too deep for the YAML parser");
        return implicit_null(static_cast<uint32_t>(in.base));
    } catch (const YAML::Exception& e) {
        diags.error(Code::YamlSyntax, mark_span(in, e.mark), e.msg);
        return implicit_null(static_cast<uint32_t>(in.base));
    } catch (const std::exception& e) {
        diags.error(Code::YamlSyntax, {in.file, 0, 0}, std::string("cannot parse: ") + e.what());
        return implicit_null(static_cast<uint32_t>(in.base));
    }
    NodePtr root = b.root();
    if (root == nullptr)
        root = implicit_null(static_cast<uint32_t>(in.base));
    try {
        SecondDocument second;
        parser.HandleNextDocument(second);
    } catch (const SecondDocument::Found& f) {
        Span at = mark_span(in, f.mark);
        bool marker =
            in.text.substr(at.begin, 3) == "---" || in.text.substr(0, at.begin).ends_with("...\n");
        diags.error(Code::YamlSyntax, at,
                    marker ? "a config file holds one YAML document; a second one starts here"
                           : "unexpected text after the end of the document");
    } catch (const YAML::Exception& e) {
        diags.error(Code::YamlSyntax, mark_span(in, e.mark), e.msg);
    }
    return root;
}

} // namespace vagga::yaml::detail
