#include "compiler/yaml/text_scan.h"

#include "compat/utf8.h"

#include <vector>

namespace vagga::yaml::scan {

namespace {

bool is_ws(char c) {
    return is_space(c) || is_break(c);
}
bool is_flow_indicator(char c) {
    return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

unsigned char byte(std::string_view t, size_t i) {
    return static_cast<unsigned char>(t[i]);
}

// YAML's printable set: tab, line breaks, and everything visible.
bool printable(uint32_t cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r')
        return true;
    if (cp < 0x20 || cp == 0x7F)
        return false;
    if (cp >= 0x80 && cp <= 0x9F)
        return cp == 0x85;
    return cp != 0xFFFE && cp != 0xFFFF;
}

size_t line_end(std::string_view t, size_t i) {
    while (i < t.size() && !is_break(t[i]))
        ++i;
    return i;
}

size_t next_line(std::string_view t, size_t i) {
    i = line_end(t, i);
    if (i < t.size() && t[i] == '\r')
        ++i;
    if (i < t.size() && t[i] == '\n')
        ++i;
    return i;
}

size_t line_start(std::string_view t, size_t i) {
    while (i > 0 && !is_break(t[i - 1]))
        --i;
    return i;
}

uint32_t indent_at(std::string_view t, size_t start) {
    uint32_t n = 0;
    while (start + n < t.size() && t[start + n] == ' ')
        ++n;
    return n;
}

} // namespace

std::optional<EncodingProblem> check_text(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        unsigned char b = byte(text, i);
        if (b == 0)
            return EncodingProblem{EncodingProblem::Kind::Nul, i, 0};
        uint32_t cp = 0;
        size_t len = compat::decode_utf8(text, i, cp);
        if (len == 0)
            return EncodingProblem{EncodingProblem::Kind::InvalidUtf8, i, 0};
        // A BOM is allowed (it is stripped at the start; YAML allows it inside
        // quoted text too).
        if (!printable(cp))
            return EncodingProblem{EncodingProblem::Kind::Control, i, cp};
        i += len;
    }
    return std::nullopt;
}

namespace {

// State of the nesting pre-scan; one pass over the text, no recursion.
class NestingScan {
  public:
    NestingScan(std::string_view t, uint32_t max) : t_(t), max_(max) {}

    size_t run() {
        size_t i = 0;
        while (i < t_.size()) {
            // Each line's end is found once and serves both the line's scan
            // and the step to the next line.
            size_t end = line_end(t_, i);
            size_t r = line(i, end);
            if (r != npos)
                return r;
            i = end;
            if (i < t_.size() && t_[i] == '\r')
                ++i;
            if (i < t_.size() && t_[i] == '\n')
                ++i;
        }
        return npos;
    }

  private:
    bool too_deep() const { return indents_.size() + flow_ > max_; }

    size_t line(size_t start, size_t end) {
        uint32_t ind = indent_at(t_, start);
        size_t c = start + ind;
        while (c < end && is_space(t_[c]))
            ++c;
        bool blank = c == end || (t_[c] == '#' && quote_ == Quote::None);
        if (in_block_) {
            if (blank || ind > block_indent_)
                return npos;
            in_block_ = false;
        }
        if (blank && quote_ == Quote::None)
            return npos;
        size_t j = start;
        if (quote_ == Quote::None && flow_ == 0) {
            while (!indents_.empty() && indents_.back() > ind)
                indents_.pop_back();
            if (indents_.empty() || indents_.back() < ind)
                indents_.push_back(ind);
            j = c;
            // `- - x` and `? x` open one level per indicator on one line.
            while (j < end && (t_[j] == '-' || t_[j] == '?') &&
                   (j + 1 == end || is_space(t_[j + 1]))) {
                ++j;
                while (j < end && is_space(t_[j]))
                    ++j;
                auto col = static_cast<uint32_t>(j - start);
                if (j < end && indents_.back() < col)
                    indents_.push_back(col);
            }
            if (too_deep())
                return c;
        }
        return rest(start, j, end, ind);
    }

    size_t rest(size_t start, size_t j, size_t end, uint32_t ind) {
        for (; j < end; ++j) {
            char ch = t_[j];
            if (step_quoted(t_, j, end, quote_))
                continue;
            bool token_start = j == start || is_space(t_[j - 1]) || t_[j - 1] == '[' ||
                               t_[j - 1] == '{' || t_[j - 1] == ',' || t_[j - 1] == ':';
            if (ch == '#' && (j == start || is_space(t_[j - 1])))
                return npos; // comment to the end of the line
            if (ch == '\'' && token_start) {
                quote_ = Quote::Single;
            } else if (ch == '"' && token_start) {
                quote_ = Quote::Double;
            } else if (ch == '[' || ch == '{') {
                ++flow_;
                if (too_deep())
                    return j;
            } else if ((ch == ']' || ch == '}') && flow_ > 0) {
                --flow_;
            } else if ((ch == '|' || ch == '>') && flow_ == 0 && token_start &&
                       block_header(t_, j + 1, end)) {
                in_block_ = true;
                block_indent_ = ind;
                return npos;
            }
        }
        return npos;
    }

    std::string_view t_;
    uint32_t max_;
    std::vector<uint32_t> indents_;
    size_t flow_ = 0;
    Quote quote_ = Quote::None;
    bool in_block_ = false;
    uint32_t block_indent_ = 0;
};

} // namespace

size_t nesting_exceeds(std::string_view text, uint32_t max_depth) {
    return NestingScan(text, max_depth).run();
}

Props read_properties(std::string_view text, size_t pos) {
    Props p;
    size_t i = pos;
    p.end = pos;
    p.content = pos;
    while (i < text.size() && (text[i] == '!' || text[i] == '&')) {
        size_t b = i;
        if (text[i] == '!' && i + 1 < text.size() && text[i + 1] == '<') {
            while (i < text.size() && text[i] != '>' && !is_ws(text[i]))
                ++i;
            if (i < text.size() && text[i] == '>')
                ++i;
        } else {
            ++i;
            while (i < text.size() && !is_ws(text[i]) && !is_flow_indicator(text[i]))
                ++i;
        }
        if (text[b] == '!')
            p.tag_begin = b, p.tag_end = i;
        else
            p.anchor_begin = b, p.anchor_end = i;
        p.end = i;
        while (i < text.size() && is_space(text[i]))
            ++i;
        if (i < text.size() && (is_break(text[i]) || text[i] == '#')) {
            // The content may start on a later line; no more properties then.
            while (i < text.size()) {
                if (text[i] == '#')
                    i = line_end(text, i);
                else if (is_ws(text[i]))
                    ++i;
                else
                    break;
            }
            p.content = i;
            return p;
        }
        p.content = i;
    }
    return p;
}

size_t quoted_end(std::string_view text, size_t pos) {
    if (pos >= text.size())
        return text.size();
    char q = text[pos];
    for (size_t i = pos + 1; i < text.size(); ++i) {
        if (q == '"' && text[i] == '\\') {
            ++i;
        } else if (text[i] == q) {
            if (q == '\'' && i + 1 < text.size() && text[i + 1] == '\'')
                ++i;
            else
                return i + 1;
        }
    }
    return text.size();
}

size_t block_scalar_end(std::string_view text, size_t pos) {
    uint32_t header_indent = indent_at(text, line_start(text, pos));
    size_t end = pos;
    while (end < text.size() && !is_ws(text[end]))
        ++end;
    for (size_t l = next_line(text, pos); l < text.size(); l = next_line(text, l)) {
        size_t e = line_end(text, l);
        size_t c = l;
        while (c < e && is_space(text[c]))
            ++c;
        if (c == e)
            continue; // blank lines belong to the block only if content follows
        if (indent_at(text, l) <= header_indent)
            break;
        end = e;
    }
    return end;
}

size_t plain_end(std::string_view text, size_t pos, std::string_view value) {
    // Walk value and source together; a run of whitespace in the value
    // (folded line breaks) matches any run of whitespace in the source.
    size_t i = 0, j = pos, last = pos;
    while (i < value.size() && j < text.size()) {
        if (value[i] == ' ' || value[i] == '\n') {
            while (i < value.size() && (value[i] == ' ' || value[i] == '\n'))
                ++i;
            if (!is_ws(text[j]))
                break;
            while (j < text.size() && is_ws(text[j]))
                ++j;
            continue;
        }
        if (value[i] != text[j])
            break;
        ++i, ++j;
        last = j;
    }
    return last;
}

size_t null_word(std::string_view text, size_t pos) {
    static constexpr std::string_view words[] = {"~", "null", "Null", "NULL"};
    for (auto w : words) {
        if (text.substr(pos, w.size()) != w)
            continue;
        size_t e = pos + w.size();
        if (e == text.size() || is_ws(text[e]) || is_flow_indicator(text[e]) || text[e] == ':')
            return w.size();
    }
    return 0;
}

bool colon_follows(std::string_view text, size_t pos) {
    while (pos < text.size() && is_space(text[pos]))
        ++pos;
    if (pos >= text.size() || text[pos] != ':')
        return false;
    return pos + 1 == text.size() || is_ws(text[pos + 1]) || is_flow_indicator(text[pos + 1]);
}

bool nothing_follows_on_line(std::string_view text, size_t pos) {
    while (pos < text.size() && is_space(text[pos]))
        ++pos;
    return pos >= text.size() || is_break(text[pos]) || text[pos] == '#' ||
           is_flow_indicator(text[pos]);
}

size_t alias_end(std::string_view text, size_t pos) {
    size_t i = pos + 1;
    while (i < text.size() && !is_ws(text[i]) && !is_flow_indicator(text[i]))
        ++i;
    return std::min(i, text.size());
}

size_t after_indicator_before(std::string_view text, size_t pos) {
    size_t i = std::min(pos, text.size());
    while (i > 0 && is_ws(text[i - 1]))
        --i;
    if (i > 0 && (text[i - 1] == '-' || text[i - 1] == ':'))
        return i;
    return std::min(pos, text.size());
}

size_t after_colon(std::string_view text, size_t pos) {
    size_t i = pos;
    while (i < text.size() && is_space(text[i]))
        ++i;
    if (i < text.size() && text[i] == ':')
        return i + 1;
    return pos;
}

size_t flow_close_end(std::string_view text, size_t pos) {
    size_t i = pos;
    while (i < text.size()) {
        char c = text[i];
        if (c == ']' || c == '}')
            return i + 1;
        if (c == '#')
            i = line_end(text, i);
        else if (is_ws(c) || c == ',')
            ++i;
        else
            break;
    }
    return pos;
}

bool step_quoted(std::string_view t, size_t& j, size_t end, Quote& q) {
    if (q == Quote::None)
        return false;
    char ch = t[j];
    if (q == Quote::Single) {
        if (ch == '\'' && j + 1 < end && t[j + 1] == '\'')
            ++j; // an escaped quote
        else if (ch == '\'')
            q = Quote::None;
    } else if (ch == '\\') {
        ++j;
    } else if (ch == '"') {
        q = Quote::None;
    }
    return true;
}

bool block_header(std::string_view t, size_t j, size_t end) {
    while (j < end && (t[j] == '-' || t[j] == '+' || (t[j] >= '0' && t[j] <= '9')))
        ++j;
    while (j < end && is_space(t[j]))
        ++j;
    return j == end || t[j] == '#';
}

} // namespace vagga::yaml::scan
