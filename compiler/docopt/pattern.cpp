// One usage line -> a pattern tree. ANTLR (grammar/Docopt.g4) tokenizes and
// builds the bracket structure; this file checks the brackets first, so that
// errors read like docopt's, then gives each word its meaning as docopt-rs's
// PatParser does.
#include "compiler/docopt/internal.h"

#include "DocoptLexer.h"
#include "DocoptParser.h"
#include "antlr4-runtime.h"

namespace vagga::docopt::detail {

namespace {

// Deeper nesting than this is refused rather than recursed into.
constexpr size_t kMaxDepth = 64;

class Recorder : public antlr4::BaseErrorListener {
  public:
    std::string first;
    void syntaxError(antlr4::Recognizer*, antlr4::Token*, size_t, size_t, const std::string& msg,
                     std::exception_ptr) override {
        if (first.empty())
            first = msg.empty() ? "syntax error" : msg;
    }
};

bool is_close(size_t type) {
    return type == DocoptLexer::RBRACKET || type == DocoptLexer::RPAREN;
}

// docopt-rs's structural errors, in the order its parser meets them.
std::string check_structure(const std::vector<antlr4::Token*>& toks) {
    std::vector<char> expecting;       // ']' or ')'
    std::vector<bool> seq_empty{true}; // per open group, plus the top level
    for (size_t i = 0; i < toks.size(); ++i) {
        auto type = toks[i]->getType();
        auto next_is_eof = i + 1 >= toks.size() || toks[i + 1]->getType() == antlr4::Token::EOF;
        if (type == antlr4::Token::EOF)
            break;
        std::string text = toks[i]->getText();
        if (type == DocoptLexer::LBRACKET || type == DocoptLexer::LPAREN) {
            if (next_is_eof)
                return "Expected pattern but reached end of usage pattern.";
            if (expecting.size() >= kMaxDepth)
                return "Usage pattern is nested too deeply.";
            expecting.push_back(type == DocoptLexer::LBRACKET ? ']' : ')');
            seq_empty.push_back(true);
        } else if (type == DocoptLexer::PIPE) {
            if (seq_empty.back())
                return "Unexpected '|'. Not in form 'a | b | c'.";
            if (next_is_eof)
                return "Expected pattern but reached end of usage pattern.";
            seq_empty.back() = true;
        } else if (is_close(type)) {
            if (seq_empty.back())
                return "Unexpected '" + text + "'. Empty groups are not allowed.";
            if (expecting.empty())
                return "Unexpected '" + text + "'. No open bracket found.";
            if (expecting.back() != text[0])
                return std::string("Expected '") + expecting.back() + "' but got '" + text + "'.";
            expecting.pop_back();
            seq_empty.pop_back();
            seq_empty.back() = false;
        } else if (type == DocoptLexer::ELLIPSIS && seq_empty.back()) {
            return "'...' must appear directly after a group, argument, flag or command.";
        } else {
            seq_empty.back() = false;
        }
    }
    if (!expecting.empty())
        return std::string("Unclosed group. Expected '") + expecting.back() + "'.";
    return "";
}

Pattern leaf(Atom a) {
    return Pattern{PatternKind::Leaf, {}, std::move(a), false};
}
Pattern node(PatternKind k, std::vector<Pattern> children) {
    return Pattern{k, std::move(children), {}, false};
}

class Builder {
  public:
    Builder(Spec& spec, const std::vector<antlr4::Token*>& toks) : spec_(spec), toks_(toks) {}

    std::string error;

    // The top level and `( )` give a Sequence, `[ ]` an Optional; with
    // alternatives, the group holds one Alternates of Sequences.
    Pattern alternation(DocoptParser::AlternationContext* ctx, PatternKind kind) {
        auto seqs = ctx->sequence();
        if (seqs.size() == 1)
            return node(kind, sequence(seqs[0]));
        std::vector<Pattern> alts;
        for (auto* s : seqs)
            alts.push_back(node(PatternKind::Sequence, sequence(s)));
        return node(kind, {node(PatternKind::Alternates, std::move(alts))});
    }

  private:
    std::vector<Pattern> sequence(DocoptParser::SequenceContext* ctx) {
        std::vector<Pattern> seq;
        auto elems = ctx->element();
        for (size_t i = 0; i < elems.size() && error.empty(); ++i) {
            auto* e = elems[i];
            if (dynamic_cast<DocoptParser::EllipsisContext*>(e)) {
                fail("'...' must appear directly after a group, argument, flag or command.");
            } else if (auto* w = dynamic_cast<DocoptParser::WordContext*>(e)) {
                word(w->WORD()->getSymbol(), elems, i, seq);
            } else if (auto* o = dynamic_cast<DocoptParser::OptionalContext*>(e)) {
                Pattern p;
                if (is_options_shortcut(o->alternation())) {
                    p = node(PatternKind::Optional, {});
                    p.options_shortcut = true;
                } else {
                    p = alternation(o->alternation(), PatternKind::Optional);
                }
                seq.push_back(maybe_repeat(std::move(p), elems, i));
            } else if (auto* r = dynamic_cast<DocoptParser::RequiredContext*>(e)) {
                seq.push_back(
                    maybe_repeat(alternation(r->alternation(), PatternKind::Sequence), elems, i));
            }
        }
        return seq;
    }

    static bool is_options_shortcut(DocoptParser::AlternationContext* ctx) {
        auto seqs = ctx->sequence();
        if (seqs.size() != 1 || seqs[0]->element().size() != 1)
            return false;
        auto* w = dynamic_cast<DocoptParser::WordContext*>(seqs[0]->element(0));
        return w && w->WORD()->getText() == "options";
    }

    static bool next_is_ellipsis(const std::vector<DocoptParser::ElementContext*>& elems,
                                 size_t i) {
        return i + 1 < elems.size() &&
               dynamic_cast<DocoptParser::EllipsisContext*>(elems[i + 1]) != nullptr;
    }

    Pattern maybe_repeat(Pattern p, const std::vector<DocoptParser::ElementContext*>& elems,
                         size_t& i) {
        if (!next_is_ellipsis(elems, i))
            return p;
        ++i;
        return node(PatternKind::Repeat, {std::move(p)});
    }

    void word(antlr4::Token* tok, const std::vector<DocoptParser::ElementContext*>& elems,
              size_t& i, std::vector<Pattern>& seq) {
        std::string w = tok->getText();
        if (w == "-" || w == "--") {
            command(w, elems, i, seq); // plain commands, by convention
        } else if (is_short(w)) {
            flag_short(tok, w, elems, i, seq);
        } else if (is_long(w)) {
            flag_long(tok, w, elems, i, seq);
        } else if (is_arg(w) || is_cmd(w)) {
            // ARG and <arg> are always positionals here: the arguments of
            // flags were taken by the flags above.
            command(w, elems, i, seq);
        } else {
            fail("Unknown token type '" + w + "'.");
        }
    }

    void command(const std::string& w, const std::vector<DocoptParser::ElementContext*>& elems,
                 size_t& i, std::vector<Pattern>& seq) {
        Atom a = make_atom(w);
        add_if_absent(a, false);
        seq.push_back(maybe_repeat(leaf(a), elems, i));
    }

    // `-abc`: each letter a flag, until one that takes an argument, which
    // takes the rest of the word or the next word. `...` repeats each.
    void flag_short(antlr4::Token* tok, const std::string& w,
                    const std::vector<DocoptParser::ElementContext*>& elems, size_t& i,
                    std::vector<Pattern>& seq) {
        auto letters = code_points(std::string_view(w).substr(1));
        std::vector<Pattern> flags;
        for (size_t k = 0; k < letters.size(); ++k) {
            Atom a = spec_.resolve(Atom{AtomKind::Short, letters[k]});
            flags.push_back(leaf(a));
            const OptionInfo* opts = spec_.find(a);
            if (!opts || !opts->has_arg) {
                add_if_absent(a, false);
                continue;
            }
            std::string rest;
            for (size_t r = k + 1; r < letters.size(); ++r)
                rest += letters[r];
            if (rest.empty())
                next_flag_arg(tok, a, i);
            else if (!is_arg(rest))
                fail_malformed(a, rest);
            break;
        }
        if (!error.empty())
            return;
        bool repeat = next_is_ellipsis(elems, i);
        if (repeat)
            ++i;
        for (auto& f : flags)
            seq.push_back(repeat ? node(PatternKind::Repeat, {std::move(f)}) : std::move(f));
    }

    void flag_long(antlr4::Token* tok, const std::string& w,
                   const std::vector<DocoptParser::ElementContext*>& elems, size_t& i,
                   std::vector<Pattern>& seq) {
        // `--name=ARG`: the name stops at the first `=`, the argument must
        // not be empty (`--name=` is a flag named `name=`).
        std::string name = w;
        bool has_arg = false;
        auto eq = w.find('=');
        if (eq != std::string::npos && eq > 0 && eq + 1 < w.size()) {
            std::string arg = w.substr(eq + 1);
            name = w.substr(0, eq);
            if (!is_arg(arg))
                return fail("Argument '" + arg + "' for flag '" + name +
                            "' is not in the form ARG or <arg>.");
            has_arg = true;
        }
        Atom a = spec_.resolve(make_atom(name));
        if (const OptionInfo* opts = spec_.find(a)) {
            if (has_arg && !opts->has_arg)
                return fail("Flag '" + a.key() + "' does not take any arguments.");
            if (!has_arg && opts->has_arg)
                next_flag_arg(tok, a, i);
            if (!error.empty())
                return;
        }
        add_if_absent(a, has_arg);
        seq.push_back(maybe_repeat(leaf(a), elems, i));
    }

    // The word after a flag that takes an argument must be ARG or <arg>;
    // it is part of the flag, not a positional.
    void next_flag_arg(antlr4::Token* tok, const Atom& a, size_t& i) {
        auto idx = tok->getTokenIndex() + 1;
        if (idx >= toks_.size() || toks_[idx]->getType() == antlr4::Token::EOF)
            return fail("Expected argument for flag '" + a.key() +
                        "' but reached end of usage pattern.");
        std::string next = toks_[idx]->getText();
        if (toks_[idx]->getType() != DocoptLexer::WORD || !is_arg(next))
            return fail_malformed(a, next);
        // A WORD right after a WORD is the next element of the same
        // sequence: skip it there.
        ++i;
    }

    void fail_malformed(const Atom& a, const std::string& arg) {
        fail("Expected argument for flag '" + a.key() + "', but found malformed argument '" + arg +
             "'.");
    }

    void add_if_absent(const Atom& a, bool has_arg) {
        if (!spec_.descs.count(a)) {
            OptionInfo opts;
            opts.has_arg = has_arg;
            spec_.descs[a] = opts;
        }
    }

    void fail(std::string msg) {
        if (error.empty())
            error = std::move(msg);
    }

    Spec& spec_;
    const std::vector<antlr4::Token*>& toks_;
};

} // namespace

std::string parse_pattern(Spec& spec, std::string_view text, Pattern& out) {
    try {
        antlr4::ANTLRInputStream input{std::string(text)};
        DocoptLexer lexer(&input);
        Recorder lex_errors, parse_errors;
        lexer.removeErrorListeners();
        lexer.addErrorListener(&lex_errors);
        antlr4::CommonTokenStream tokens(&lexer);
        tokens.fill();
        if (!lex_errors.first.empty())
            return "Malformed usage pattern: " + lex_errors.first;
        auto toks = tokens.getTokens();
        if (auto err = check_structure(toks); !err.empty())
            return err;
        DocoptParser parser(&tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(&parse_errors);
        auto* tree = parser.usage();
        if (!parse_errors.first.empty())
            return "Malformed usage pattern: " + parse_errors.first;
        Builder builder(spec, toks);
        out = builder.alternation(tree->alternation(), PatternKind::Sequence);
        return builder.error;
    } catch (const std::exception& e) {
        // The runtime throws on text that is not UTF-8.
        return std::string("Malformed usage pattern: ") + e.what();
    }
}

} // namespace vagga::docopt::detail
