#include "compat/glob.h"

#include <re2/re2.h>

#include <cctype>
#include <vector>

namespace vagga::compat {

namespace {

enum class TokKind {
    Literal,
    Any,
    ZeroOrMore,
    RecursivePrefix,
    RecursiveSuffix,
    RecursiveZeroOrMore,
    Class,
    Alternates
};

struct Token {
    TokKind kind = TokKind::Literal;
    char ch = 0;
    bool negated = false;
    std::vector<std::pair<char, char>> ranges;
    std::vector<std::vector<Token>> alternates;
};

using Tokens = std::vector<Token>;

class Parser {
  public:
    explicit Parser(std::string_view glob) : glob_(glob) { stack_.emplace_back(); }

    bool parse(Tokens& out, std::string& error) {
        while (bump()) {
            char c = cur_;
            bool ok = true;
            switch (c) {
            case '?':
                ok = push({TokKind::Any, 0, false, {}, {}});
                break;
            case '*':
                ok = parse_star();
                break;
            case '[':
                ok = parse_class();
                break;
            case '{':
                if (stack_.size() > 1) {
                    error_ = "nested alternate groups are not allowed";
                    ok = false;
                } else {
                    stack_.emplace_back();
                }
                break;
            case '}':
                ok = pop_alternate();
                break;
            case ',':
                if (stack_.size() <= 1) {
                    ok = push(literal(','));
                } else {
                    stack_.emplace_back();
                }
                break;
            case '\\':
                if (!bump()) {
                    error_ = "dangling '\\'";
                    ok = false;
                } else {
                    ok = push(literal(cur_));
                }
                break;
            default:
                ok = push(literal(c));
            }
            if (!ok) {
                error = error_.empty() ? "invalid glob" : error_;
                return false;
            }
        }
        if (stack_.size() > 1) {
            error = "unclosed alternate group; missing '}'";
            return false;
        }
        out = std::move(stack_.back());
        return true;
    }

  private:
    static Token literal(char c) { return {TokKind::Literal, c, false, {}, {}}; }

    bool bump() {
        if (pos_ >= glob_.size()) {
            prev_ = cur_;
            have_cur_ = false;
            return false;
        }
        prev_ = have_cur_ ? cur_ : '\0';
        have_prev_ = have_cur_;
        cur_ = glob_[pos_++];
        have_cur_ = true;
        return true;
    }
    bool peek(char& c) const {
        if (pos_ >= glob_.size()) {
            return false;
        }
        c = glob_[pos_];
        return true;
    }
    bool push(Token t) {
        stack_.back().push_back(std::move(t));
        return true;
    }
    bool pop_alternate() {
        // A `}` with no open group yields an empty alternation, which
        // produces no regex text at all (globset 0.4.8).
        std::vector<Tokens> alts;
        while (stack_.size() >= 2) {
            alts.push_back(std::move(stack_.back()));
            stack_.pop_back();
        }
        Token t;
        t.kind = TokKind::Alternates;
        t.alternates = std::move(alts);
        return push(std::move(t));
    }
    bool two_stars() {
        push({TokKind::ZeroOrMore, 0, false, {}, {}});
        return push({TokKind::ZeroOrMore, 0, false, {}, {}});
    }
    bool parse_star() {
        bool had_prev = have_prev_;
        char prev = prev_;
        char next = 0;
        if (!peek(next) || next != '*') {
            return push({TokKind::ZeroOrMore, 0, false, {}, {}});
        }
        bump();
        if (stack_.back().empty()) {
            char after = 0;
            if (peek(after) && after != '/') {
                return two_stars();
            }
            push({TokKind::RecursivePrefix, 0, false, {}, {}});
            bump(); // the `/` (or nothing)
            return true;
        }
        if (!(had_prev && prev == '/')) {
            if (stack_.size() <= 1 || !had_prev || (prev != ',' && prev != '{')) {
                return two_stars();
            }
        }
        bool is_suffix = false;
        char after = 0;
        if (!peek(after)) {
            bump();
            is_suffix = true;
        } else if ((after == ',' || after == '}') && stack_.size() >= 2) {
            is_suffix = true;
        } else if (after == '/') {
            bump();
            is_suffix = false;
        } else {
            return two_stars();
        }
        if (stack_.back().empty()) {
            return push({is_suffix ? TokKind::RecursiveSuffix : TokKind::RecursiveZeroOrMore,
                         0,
                         false,
                         {},
                         {}});
        }
        Token last = stack_.back().back();
        stack_.back().pop_back();
        if (last.kind == TokKind::RecursivePrefix) {
            return push({TokKind::RecursivePrefix, 0, false, {}, {}});
        }
        if (last.kind == TokKind::RecursiveSuffix) {
            return push({TokKind::RecursiveSuffix, 0, false, {}, {}});
        }
        return push({is_suffix ? TokKind::RecursiveSuffix : TokKind::RecursiveZeroOrMore,
                     0,
                     false,
                     {},
                     {}});
    }
    bool parse_class() {
        Token t;
        t.kind = TokKind::Class;
        char n = 0;
        if (peek(n) && (n == '!' || n == '^')) {
            bump();
            t.negated = true;
        }
        bool first = true;
        bool in_range = false;
        while (true) {
            if (!bump()) {
                error_ = "unclosed character class; missing ']'";
                return false;
            }
            char c = cur_;
            if (c == ']') {
                if (first) {
                    t.ranges.emplace_back(']', ']');
                } else {
                    break;
                }
            } else if (c == '-') {
                if (first) {
                    t.ranges.emplace_back('-', '-');
                } else if (in_range) {
                    if (!extend(t, '-')) {
                        return false;
                    }
                    in_range = false;
                } else {
                    in_range = true;
                }
            } else {
                if (in_range) {
                    if (!extend(t, c)) {
                        return false;
                    }
                } else {
                    t.ranges.emplace_back(c, c);
                }
                in_range = false;
            }
            first = false;
        }
        if (in_range) {
            t.ranges.emplace_back('-', '-');
        }
        return push(std::move(t));
    }
    bool extend(Token& t, char c) {
        auto& r = t.ranges.back();
        r.second = c;
        if (static_cast<unsigned char>(r.second) < static_cast<unsigned char>(r.first)) {
            error_ = "invalid range";
            return false;
        }
        return true;
    }

    std::string_view glob_;
    size_t pos_ = 0;
    char cur_ = 0;
    bool have_cur_ = false;
    char prev_ = 0;
    bool have_prev_ = false;
    std::vector<Tokens> stack_;
    std::string error_;
};

void escape_into(std::string& re, char c) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || u >= 0x80 || c == '_') {
        re.push_back(c);
    } else {
        re.push_back('\\');
        re.push_back(c);
    }
}

void tokens_to_regex(const Tokens& tokens, bool sep, std::string& re) {
    for (const auto& t : tokens) {
        switch (t.kind) {
        case TokKind::Literal:
            escape_into(re, t.ch);
            break;
        case TokKind::Any:
            re += sep ? "[^/]" : "[\\s\\S]";
            break;
        case TokKind::ZeroOrMore:
            re += sep ? "[^/]*" : "[\\s\\S]*";
            break;
        case TokKind::RecursivePrefix:
            re += "(?:/?|[\\s\\S]*/)";
            break;
        case TokKind::RecursiveSuffix:
            re += "/[\\s\\S]*";
            break;
        case TokKind::RecursiveZeroOrMore:
            re += "(?:/|/[\\s\\S]*/)";
            break;
        case TokKind::Class:
            re += '[';
            if (t.negated) {
                re += '^';
            }
            for (const auto& [lo, hi] : t.ranges) {
                escape_into(re, lo);
                if (lo != hi) {
                    re += '-';
                    escape_into(re, hi);
                }
            }
            re += ']';
            break;
        case TokKind::Alternates: {
            std::vector<std::string> parts;
            for (const auto& alt : t.alternates) {
                std::string a;
                tokens_to_regex(alt, sep, a);
                if (!a.empty()) {
                    parts.push_back(std::move(a));
                }
            }
            if (!parts.empty()) {
                re += '(';
                for (size_t i = 0; i < parts.size(); ++i) {
                    if (i != 0) {
                        re += '|';
                    }
                    re += parts[i];
                }
                re += ')';
            }
            break;
        }
        }
    }
}

// Anchored match of tokens[i..] against s[pos..], with the same meaning as
// the regex tokens_to_regex builds.
bool match_tokens(const Tokens& tokens, size_t i, std::string_view s, size_t pos, bool sep) {
    while (i < tokens.size()) {
        const Token& t = tokens[i];
        switch (t.kind) {
        case TokKind::Literal:
            if (pos >= s.size() || s[pos] != t.ch) {
                return false;
            }
            ++pos;
            ++i;
            continue;
        case TokKind::Any:
            if (pos >= s.size() || (sep && s[pos] == '/')) {
                return false;
            }
            ++pos;
            ++i;
            continue;
        case TokKind::Class: {
            if (pos >= s.size()) {
                return false;
            }
            auto c = static_cast<unsigned char>(s[pos]);
            bool in = false;
            for (const auto& [lo, hi] : t.ranges) {
                if (c >= static_cast<unsigned char>(lo) && c <= static_cast<unsigned char>(hi)) {
                    in = true;
                    break;
                }
            }
            if (in == t.negated) {
                return false;
            }
            ++pos;
            ++i;
            continue;
        }
        case TokKind::ZeroOrMore: {
            // [^/]* or .*: try every length.
            size_t end = pos;
            while (end < s.size() && !(sep && s[end] == '/')) {
                ++end;
            }
            for (size_t k = end + 1; k-- > pos;) {
                if (match_tokens(tokens, i + 1, s, k, sep)) {
                    return true;
                }
            }
            return false;
        }
        case TokKind::RecursivePrefix: {
            // (?:/?|.*/): nothing, one `/`, or anything ending in `/`.
            if (match_tokens(tokens, i + 1, s, pos, sep)) {
                return true;
            }
            for (size_t k = pos; k < s.size(); ++k) {
                if (s[k] == '/' && match_tokens(tokens, i + 1, s, k + 1, sep)) {
                    return true;
                }
            }
            return false;
        }
        case TokKind::RecursiveSuffix:
            // /.*: a `/`, then anything.
            if (pos >= s.size() || s[pos] != '/') {
                return false;
            }
            for (size_t k = s.size() + 1; k-- > pos + 1;) {
                if (match_tokens(tokens, i + 1, s, k, sep)) {
                    return true;
                }
            }
            return false;
        case TokKind::RecursiveZeroOrMore:
            // (?:/|/.*/): `/`, or `/` anything `/`.
            if (pos >= s.size() || s[pos] != '/') {
                return false;
            }
            for (size_t k = pos; k < s.size(); ++k) {
                if (s[k] == '/' && match_tokens(tokens, i + 1, s, k + 1, sep)) {
                    return true;
                }
            }
            return false;
        case TokKind::Alternates: {
            bool any_part = false;
            for (const auto& alt : t.alternates) {
                std::string probe;
                tokens_to_regex(alt, sep, probe);
                if (probe.empty()) {
                    continue; // empty branches vanish from the regex
                }
                any_part = true;
                Tokens rest(alt);
                rest.insert(rest.end(), tokens.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                            tokens.end());
                if (match_tokens(rest, 0, s, pos, sep)) {
                    return true;
                }
            }
            if (any_part) {
                return false;
            }
            ++i; // no regex text at all: matches the empty string
            continue;
        }
        }
    }
    return pos == s.size();
}

} // namespace

struct GlobProgram {
    Tokens tokens;
    bool sep = false;
    bool match_all = false;
};

namespace {

bool parse_glob(std::string_view glob, Tokens& tokens, std::string& error) {
    Parser parser(glob);
    if (!parser.parse(tokens, error)) {
        error = "error parsing glob '" + std::string(glob) + "': " + error;
        return false;
    }
    return true;
}

void to_regex(const Tokens& tokens, bool literal_separator, std::string& out) {
    out.clear();
    // globset: a glob that is only `**` matches everything.
    if (tokens.size() == 1 && tokens[0].kind == TokKind::RecursivePrefix) {
        out = "[\\s\\S]*";
        return;
    }
    tokens_to_regex(tokens, literal_separator, out);
}

} // namespace

bool glob_to_regex(std::string_view glob, bool literal_separator, std::string& out,
                   std::string& error) {
    Tokens tokens;
    if (!parse_glob(glob, tokens, error)) {
        return false;
    }
    to_regex(tokens, literal_separator, out);
    return true;
}

Glob::Glob() = default;
Glob::~Glob() = default;

std::unique_ptr<Glob> Glob::compile(std::string_view glob, bool literal_separator,
                                    std::string& error) {
    auto g = std::unique_ptr<Glob>(new Glob());
    g->program_ = std::make_unique<GlobProgram>();
    if (!parse_glob(glob, g->program_->tokens, error)) {
        return nullptr;
    }
    const Tokens& tokens = g->program_->tokens;
    g->program_->sep = literal_separator;
    g->program_->match_all = tokens.size() == 1 && tokens[0].kind == TokKind::RecursivePrefix;
    to_regex(tokens, literal_separator, g->regex_text_);
    RE2::Options options;
    options.set_log_errors(false);
    options.set_encoding(RE2::Options::EncodingLatin1); // paths are bytes
    g->re_ = std::make_unique<RE2>(g->regex_text_, options);
    if (!g->re_->ok()) {
        error = "error compiling glob '" + std::string(glob) + "': " + g->re_->error();
        return nullptr;
    }
    return g;
}

bool Glob::matches(std::string_view path) const {
    if (program_->match_all) {
        return true;
    }
    return match_tokens(program_->tokens, 0, path, 0, program_->sep);
}

bool Glob::matches_regex(std::string_view path) const {
    return RE2::FullMatch(re2::StringPiece(path.data(), path.size()), *re_);
}

} // namespace vagga::compat
