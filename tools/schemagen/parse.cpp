// Reads stdlib/*.vs with the ANTLR4 grammar grammar/Schema.g4 into the model.
#include "tools/schemagen/model.h"
#include "tools/schemagen/names.h"

#include "SchemaLexer.h"
#include "SchemaParser.h"
#include "antlr4-runtime.h"

#include <fstream>
#include <iostream>
#include <sstream>

namespace schemagen {

namespace {

class ErrorListener : public antlr4::BaseErrorListener {
  public:
    explicit ErrorListener(std::string file) : file_(std::move(file)) {}
    void syntaxError(antlr4::Recognizer*, antlr4::Token*, size_t line, size_t col,
                     const std::string& msg, std::exception_ptr) override {
        std::cerr << file_ << ":" << line << ":" << (col + 1) << ": error: " << msg << "\n";
        failed = true;
    }
    bool failed = false;

  private:
    std::string file_;
};

std::string unquote(const std::string& s) {
    std::string out;
    for (size_t i = 1; i + 1 < s.size(); ++i) {
        if (s[i] == '\\' && i + 2 < s.size()) {
            char c = s[++i];
            out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
        } else {
            out += s[i];
        }
    }
    return out;
}

Literal literal(SchemaParser::LiteralContext* ctx) {
    if (ctx->STRING())
        return {LitKind::String, unquote(ctx->STRING()->getText()), {}};
    if (ctx->NUMBER())
        return {LitKind::Number, ctx->NUMBER()->getText(), {}};
    if (ctx->ID())
        return {LitKind::Id, ctx->ID()->getText(), {}};
    if (ctx->getText() == "[]")
        return {LitKind::EmptyList, "[]", {}};
    if (!ctx->literal().empty()) {
        Literal list{LitKind::List, ctx->getText(), {}};
        for (auto* item : ctx->literal())
            list.items.push_back(literal(item));
        return list;
    }
    return {LitKind::EmptyMap, "{}", {}};
}

Attrs attrs(const std::vector<SchemaParser::AttrContext*>& list) {
    Attrs a;
    for (auto* at : list) {
        if (auto* d = dynamic_cast<SchemaParser::DocAttrContext*>(at))
            a.doc = unquote(d->STRING()->getText());
        else if (auto* s = dynamic_cast<SchemaParser::SinceAttrContext*>(at))
            a.since = unquote(s->STRING()->getText());
        else if (auto* sh = dynamic_cast<SchemaParser::ShorthandAttrContext*>(at))
            a.shorthand = sh->ID()->getText();
        else if (dynamic_cast<SchemaParser::RequiredAttrContext*>(at))
            a.required = true;
        else if (auto* dt = dynamic_cast<SchemaParser::DefaultTagAttrContext*>(at))
            a.default_tag = dt->ID()->getText();
        else if (auto* dp = dynamic_cast<SchemaParser::DeprecatedAttrContext*>(at))
            a.deprecated = unquote(dp->STRING()->getText());
        else if (auto* n = dynamic_cast<SchemaParser::NounAttrContext*>(at))
            a.noun = unquote(n->STRING()->getText());
        else if (auto* j = dynamic_cast<SchemaParser::JsonAttrContext*>(at))
            a.json = unquote(j->STRING()->getText());
        else if (dynamic_cast<SchemaParser::LocatedAttrContext*>(at))
            a.located = true;
        else if (dynamic_cast<SchemaParser::TupleAttrContext*>(at))
            a.tuple = true;
        else if (auto* h = dynamic_cast<SchemaParser::HashAttrContext*>(at)) {
            a.has_hash = true;
            for (auto* item : h->hashItem()) {
                std::string key = item->ID()->getText();
                a.hash.push_back(
                    {item->STRING() ? unquote(item->STRING()->getText()) : snake(key), key});
            }
        } else if (auto* l = dynamic_cast<SchemaParser::LabelAttrContext*>(at)) {
            a.has_label = true;
            for (auto* part : l->labelPart())
                a.label.push_back(part->STRING()
                                      ? LabelPart{true, unquote(part->STRING()->getText())}
                                      : LabelPart{false, part->ID()->getText()});
        } else if (auto* lw = dynamic_cast<SchemaParser::LowersAttrContext*>(at)) {
            a.lowers = lw->ID()->getText();
            for (auto* arg : lw->opArg())
                a.lowers_args.emplace_back(arg->ID(0)->getText(), arg->ID(1)->getText());
        }
    }
    return a;
}

Type type(SchemaParser::TypeContext* ctx) {
    Type t;
    t.name = ctx->ID()->getText();
    for (auto* a : ctx->type())
        t.args.push_back(type(a));
    t.optional = ctx->optional != nullptr;
    if (auto* b = ctx->bounds()) {
        t.has_bounds = true;
        if (b->lo)
            t.lo = literal(b->lo);
        if (b->hi)
            t.hi = literal(b->hi);
    }
    return t;
}

std::vector<Member> members(const std::vector<SchemaParser::MemberContext*>& list) {
    std::vector<Member> out;
    for (auto* m : list) {
        Member mem;
        if (auto* u = dynamic_cast<SchemaParser::UseMemberContext*>(m)) {
            mem.is_use = true;
            mem.use = u->ID()->getText();
        } else {
            auto* f = dynamic_cast<SchemaParser::FieldMemberContext*>(m);
            mem.field.key = f->ID()->getText();
            mem.field.type = type(f->type());
            if (f->literal())
                mem.field.def = literal(f->literal());
            mem.field.attrs = attrs(f->attr());
            mem.field.line = static_cast<int>(f->getStart()->getLine());
        }
        out.push_back(std::move(mem));
    }
    return out;
}

} // namespace

bool parse_files(const std::vector<std::string>& files, Schema& out) {
    bool ok = true;
    for (const auto& file : files) {
        std::ifstream in(file);
        if (!in) {
            std::cerr << file << ": error: cannot open\n";
            ok = false;
            continue;
        }
        std::stringstream ss;
        ss << in.rdbuf();
        antlr4::ANTLRInputStream input(ss.str());
        SchemaLexer lexer(&input);
        ErrorListener errors(file);
        lexer.removeErrorListeners();
        lexer.addErrorListener(&errors);
        antlr4::CommonTokenStream tokens(&lexer);
        SchemaParser parser(&tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(&errors);
        auto* tree = parser.file();
        if (errors.failed) {
            ok = false;
            continue;
        }
        auto where = [&](antlr4::ParserRuleContext* c) {
            return file + ":" + std::to_string(c->getStart()->getLine());
        };
        for (auto* d : tree->decl()) {
            if (auto* s = d->structDecl()) {
                StructDef def{s->ID()->getText(), false, attrs(s->attr()), members(s->member()),
                              static_cast<int>(s->getStart()->getLine())};
                out.where[def.name] = where(s);
                out.structs.push_back(std::move(def));
            } else if (auto* f = d->fieldsDecl()) {
                StructDef def{f->ID()->getText(), true, attrs(f->attr()), members(f->member()),
                              static_cast<int>(f->getStart()->getLine())};
                out.where[def.name] = where(f);
                out.structs.push_back(std::move(def));
            } else if (auto* u = d->unionDecl()) {
                UnionDef def{u->ID()->getText(),
                             attrs(u->attr()),
                             {},
                             static_cast<int>(u->getStart()->getLine())};
                for (auto* o : u->option()) {
                    Option opt;
                    opt.tag = o->ID()->getText();
                    if (o->type())
                        opt.payload = type(o->type());
                    for (auto* child : o->children)
                        if (dynamic_cast<antlr4::tree::TerminalNode*>(child) &&
                            child->getText() == "{")
                            opt.has_body = true;
                    opt.members = members(o->member());
                    opt.attrs = attrs(o->attr());
                    opt.line = static_cast<int>(o->getStart()->getLine());
                    def.options.push_back(std::move(opt));
                }
                out.where[def.name] = where(u);
                out.unions.push_back(std::move(def));
            } else if (auto* e = d->enumDecl()) {
                EnumDef def{e->ID()->getText(),
                            attrs(e->attr()),
                            {},
                            static_cast<int>(e->getStart()->getLine())};
                for (auto* v : e->enumValue())
                    def.values.push_back({v->ID()->getText(), attrs(v->attr())});
                out.where[def.name] = where(e);
                out.enums.push_back(std::move(def));
            }
        }
    }
    return ok;
}

} // namespace schemagen
