#include "compiler/yaml/lenient.h"

#include "compiler/yaml/text_scan.h"

#include <algorithm>

namespace vagga::yaml::lenient {

namespace {

constexpr size_t npos = std::string_view::npos;
// Extra room for inserted indentation beyond the text's own size: far more
// than any real config needs, small enough that hostile input stays cheap.
constexpr size_t kSlack = 64 * 1024;
// Keys of one line shown split in a warning's standard form.
constexpr size_t kShownKeys = 8;

using scan::is_break;
using scan::is_space;
using scan::Quote;

// A key moved to its own line: where it starts and ends, and the column of
// the line's first key (the column it moves to).
struct Found {
    size_t line = 0; // where the key's line starts
    size_t key = 0;
    size_t key_end = 0;
    size_t col = 0;
};

// One pass over the lines, tracking what makes `: ` not a key indicator:
// quoted strings and flow collections (which may span lines), block
// scalars (by indentation) and comments.
class Scan {
  public:
    explicit Scan(std::string_view t) : t_(t) {}

    void run(size_t from, std::vector<Found>& out) {
        size_t i = from;
        while (i < t_.size()) {
            size_t end = i;
            while (end < t_.size() && !is_break(t_[end]))
                ++end;
            line(i, end, out);
            i = end;
            if (i < t_.size() && t_[i] == '\r')
                ++i;
            if (i < t_.size() && t_[i] == '\n')
                ++i;
        }
    }

  private:
    size_t skip_spaces(size_t j, size_t end) const {
        while (j < end && is_space(t_[j]))
            ++j;
        return j;
    }
    bool at_comment_or_end(size_t j, size_t end) const { return j >= end || t_[j] == '#'; }
    // `:` followed by a space or the end of the line: a mapping value.
    bool value_colon(size_t j, size_t end) const {
        return j < end && t_[j] == ':' && (j + 1 == end || is_space(t_[j + 1]));
    }

    // `!tag` and `&anchor` tokens and the spaces after them.
    size_t skip_props(size_t j, size_t end) const {
        while (j < end && (t_[j] == '!' || t_[j] == '&')) {
            while (j < end && !is_space(t_[j]))
                ++j;
            j = skip_spaces(j, end);
        }
        return j;
    }

    // The end of a quoted scalar starting at `j` if it closes on this line;
    // otherwise npos, and the quote stays open into the next lines.
    size_t quoted_on_line(size_t j, size_t end) {
        char q = t_[j];
        for (size_t i = j + 1; i < end; ++i) {
            if (q == '"' && t_[i] == '\\') {
                ++i;
            } else if (t_[i] == q) {
                if (q == '\'' && i + 1 < end && t_[i + 1] == '\'')
                    ++i;
                else
                    return i + 1;
            }
        }
        quote_ = q == '"' ? Quote::Double : Quote::Single;
        return npos;
    }

    // The `:` that ends a plain key starting at `j`, or npos when the plain
    // scalar has none on this line (` #` starts a comment).
    size_t plain_key_colon(size_t j, size_t end) const {
        for (size_t i = j; i < end; ++i) {
            if (t_[i] == '#' && i > j && is_space(t_[i - 1]))
                return npos;
            if (value_colon(i, end))
                return i;
        }
        return npos;
    }

    // `|`/`>` at `j` followed only by indicators and maybe a comment.
    bool block_header(size_t j, size_t end) const { return scan::block_header(t_, j + 1, end); }

    void line(size_t start, size_t end, std::vector<Found>& out) {
        size_t ind = 0;
        while (start + ind < end && t_[start + ind] == ' ')
            ++ind;
        size_t c = skip_spaces(start + ind, end);
        bool blank = c == end || (t_[c] == '#' && quote_ == Quote::None);
        if (in_block_) {
            if (blank || ind > block_indent_)
                return;
            in_block_ = false;
        }
        if (quote_ != Quote::None || flow_ > 0) {
            rest(start, end, ind);
            return;
        }
        if (blank)
            return;
        bool marker = (t_.substr(c, 3) == "---" || t_.substr(c, 3) == "...") &&
                      (c + 3 == end || is_space(t_[c + 3]));
        if ((c == start && (marker || t_[c] == '%')))
            return;
        size_t j = c;
        while (j < end && t_[j] == '-' && (j + 1 == end || is_space(t_[j + 1])))
            j = skip_spaces(j + 1, end);
        size_t col = j - start;
        j = skip_props(j, end);
        if (at_comment_or_end(j, end))
            return;
        // The line's first key.
        size_t colon = key_colon(j, end, ind);
        if (colon == npos)
            return;
        // Each value that is itself a key moves to a line of its own.
        for (;;) {
            size_t v = skip_props(skip_spaces(colon + 1, end), end);
            if (at_comment_or_end(v, end))
                return;
            size_t next = key_colon(v, end, ind);
            if (next == npos)
                return;
            size_t key_end = next;
            while (key_end > v && is_space(t_[key_end - 1]))
                --key_end;
            out.push_back({start, v, key_end, col});
            colon = next;
        }
    }

    // If a key starts at `j` (plain or quoted, on one line), the offset of
    // its `:`. Otherwise npos, after noting what the token opens.
    size_t key_colon(size_t j, size_t end, size_t ind) {
        char ch = t_[j];
        if (ch == '"' || ch == '\'') {
            size_t e = quoted_on_line(j, end);
            if (e == npos)
                return npos;
            size_t k = skip_spaces(e, end);
            if (value_colon(k, end))
                return k;
            rest(e, end, ind);
            return npos;
        }
        if (ch == '[' || ch == '{') {
            rest(j, end, ind);
            return npos;
        }
        if ((ch == '|' || ch == '>') && block_header(j, end)) {
            in_block_ = true;
            block_indent_ = ind;
            return npos;
        }
        // Indicators that cannot start a plain key: alias, `? `, `: `,
        // reserved characters, a closing bracket.
        if (ch == '*' || ch == '?' || ch == ':' || ch == '@' || ch == '`' || ch == '%' ||
            ch == ']' || ch == '}' || ch == ',' || ch == '|' || ch == '>' ||
            (ch == '-' && (j + 1 == end || is_space(t_[j + 1]))))
            return npos;
        return plain_key_colon(j, end);
    }

    // The rest of a line in flow or quoted context: only quotes, brackets,
    // comments and block scalar headers matter.
    void rest(size_t j, size_t end, size_t ind) {
        for (; j < end; ++j) {
            char ch = t_[j];
            if (scan::step_quoted(t_, j, end, quote_))
                continue;
            char prev = j > 0 ? t_[j - 1] : ' ';
            bool token_start = is_space(prev) || is_break(prev) || prev == '[' || prev == '{' ||
                               prev == ',' || prev == ':';
            if (ch == '#' && (is_space(prev) || is_break(prev)))
                return;
            if (ch == '\'' && token_start)
                quote_ = Quote::Single;
            else if (ch == '"' && token_start)
                quote_ = Quote::Double;
            else if (ch == '[' || ch == '{')
                ++flow_;
            else if ((ch == ']' || ch == '}') && flow_ > 0)
                --flow_;
            else if ((ch == '|' || ch == '>') && flow_ == 0 && token_start &&
                     block_header(j, end)) {
                in_block_ = true;
                block_indent_ = ind;
                return;
            }
        }
    }

    std::string_view t_;
    size_t flow_ = 0;
    Quote quote_ = Quote::None;
    bool in_block_ = false;
    size_t block_indent_ = 0;
};

std::string rtrim(std::string_view s) {
    size_t e = s.size();
    while (e > 0 && is_space(s[e - 1]))
        --e;
    return std::string(s.substr(0, e));
}

// The line of `found[first..last)` in standard form: each moved key on a
// line of its own, two columns deeper than the key before it.
std::string standard_form(std::string_view t, const std::vector<Found>& found, size_t first,
                          size_t last) {
    size_t b = found[first].line;
    size_t e = found[first].key;
    while (e < t.size() && !is_break(t[e]))
        ++e;
    std::string out = rtrim(t.substr(b, found[first].key - b));
    for (size_t i = first; i < last; ++i) {
        size_t to = i + 1 < last ? found[i + 1].key : e;
        out += "\n" + std::string(found[i].col + 2 * (i - first + 1), ' ');
        out += rtrim(t.substr(found[i].key, to - found[i].key));
    }
    return out;
}

} // namespace

size_t Rewrite::to_file(size_t r) const {
    auto it = std::upper_bound(splits.begin(), splits.end(), r,
                               [](size_t v, const Split& s) { return v < s.at; });
    if (it == splits.begin())
        return r;
    const Split& s = *(it - 1);
    if (r < s.at + s.len)
        return s.orig;
    return r - s.cum;
}

size_t Rewrite::to_text(size_t o) const {
    auto it = std::upper_bound(splits.begin(), splits.end(), o,
                               [](size_t v, const Split& s) { return v < s.orig; });
    if (it == splits.begin())
        return o;
    return o + (it - 1)->cum;
}

const Split* Rewrite::split_at(size_t r) const {
    auto it = std::lower_bound(splits.begin(), splits.end(), r,
                               [](const Split& s, size_t v) { return s.at < v; });
    return it != splits.end() && it->at == r ? &*it : nullptr;
}

Result rewrite_two_keys(std::string_view text, size_t base) {
    std::vector<Found> found;
    Scan(text).run(base, found);
    Result res;
    if (found.empty())
        return res;
    size_t extra = 0;
    for (const auto& f : found) {
        extra += 1 + f.col;
        if (extra > text.size() + kSlack) {
            res.too_much_at = f.key;
            return res;
        }
    }
    Rewrite rw;
    rw.text.reserve(text.size() + extra);
    size_t copied = 0;
    for (size_t i = 0; i < found.size(); ++i) {
        const Found& f = found[i];
        rw.text.append(text.substr(copied, f.key - copied));
        copied = f.key;
        Split s;
        s.at = rw.text.size();
        s.len = 1 + f.col;
        s.orig = f.key;
        s.key_end = f.key_end;
        s.cum = (rw.splits.empty() ? 0 : rw.splits.back().cum) + s.len;
        if (i == 0 || found[i - 1].line != f.line) {
            size_t last = i + 1;
            while (last < found.size() && found[last].line == f.line)
                ++last;
            // A long chain shows its first keys split; the rest stays as written.
            s.fix = standard_form(text, found, i, std::min(last, i + kShownKeys));
        }
        rw.text += '\n';
        rw.text.append(f.col, ' ');
        rw.splits.push_back(std::move(s));
    }
    rw.text.append(text.substr(copied));
    res.rewrite = std::move(rw);
    return res;
}

} // namespace vagga::yaml::lenient
