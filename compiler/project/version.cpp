#include "compiler/project/version.h"

#include "compat/utf8.h"

#include "VersionLexer.h"
#include "antlr4-runtime.h"

#include <charconv>
#include <string>
#include <variant>
#include <vector>

namespace vagga::project {

namespace {

struct Part {
    bool is_num = false;
    unsigned long long num = 0;
    std::string word;
};

class Silent : public antlr4::BaseErrorListener {
    void syntaxError(antlr4::Recognizer*, antlr4::Token*, size_t, size_t, const std::string&,
                     std::exception_ptr) override {}
};

std::vector<Part> split(std::string_view text) {
    if (!text.empty() && text[0] == 'v')
        text.remove_prefix(1);
    // The ANTLR runtime decodes UTF-8 and throws on an invalid byte; config
    // text is valid UTF-8 (the loader checks), other callers get U+FFFD.
    std::string owned = compat::to_valid_utf8(text);
    antlr4::ANTLRInputStream in(owned);
    VersionLexer lexer(&in);
    Silent silent;
    lexer.removeErrorListeners();
    lexer.addErrorListener(&silent);
    std::vector<Part> parts;
    for (auto t = lexer.nextToken(); t->getType() != antlr4::Token::EOF; t = lexer.nextToken()) {
        std::string s = t->getText();
        Part p;
        if (t->getType() == VersionLexer::NUM) {
            // A number too large for u64 (or non-ASCII digits) is a word.
            auto r = std::from_chars(s.data(), s.data() + s.size(), p.num);
            p.is_num = r.ec == std::errc() && r.ptr == s.data() + s.size();
        }
        if (!p.is_num)
            p.word = s;
        parts.push_back(std::move(p));
    }
    return parts;
}

bool is_prerelease(const std::string& w) {
    return w == "a" || w == "b" || w == "c" || w == "rc" || w == "pre" || w == "dev" ||
           w == "dirty";
}

} // namespace

int compare_versions(std::string_view a_text, std::string_view b_text) {
    auto a = split(a_text), b = split(b_text);
    size_t i = 0;
    for (; i < a.size() && i < b.size(); ++i) {
        const Part& x = a[i];
        const Part& y = b[i];
        if (x.is_num && y.is_num) {
            if (x.num != y.num)
                return x.num < y.num ? -1 : 1;
        } else if (x.is_num != y.is_num) {
            return x.is_num ? 1 : -1;
        } else if (x.word != y.word) {
            return x.word < y.word ? -1 : 1;
        }
    }
    if (i < a.size()) {
        const Part& x = a[i];
        if (x.is_num)
            return 1;
        return is_prerelease(x.word) || x.word[0] == 'g' ? -1 : 1;
    }
    if (i < b.size()) {
        const Part& y = b[i];
        if (y.is_num)
            return -1;
        return is_prerelease(y.word) ? 1 : -1;
    }
    return 0;
}

} // namespace vagga::project
