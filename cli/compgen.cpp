#include "cli/compgen.h"

#include "cli/builtin_docs.h"
#include "cli/frontend.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace vagga::cli {

namespace {

// The options a `!Supervise` command takes (runtime.md §1.5.2).
const std::vector<OptionDoc>& supervise_options() {
    static const std::vector<OptionDoc> options = {
        {{"--only"}, "CHILD", ""},         {{"--exclude"}, "CHILD", ""},
        {{"--no-image-download"}, "", ""}, {{"--no-build"}, "", ""},
        {{"--no-version-check"}, "", ""},
    };
    return options;
}

const OptionDoc* find_option(std::span<const OptionDoc> options, const std::string& word) {
    for (const auto& o : options)
        if (std::find(o.names.begin(), o.names.end(), word) != o.names.end())
            return &o;
    return nullptr;
}

// Where the words so far have led: runtime.md §1.8.10's state machine,
// with one place for "an option's value comes next" instead of a state per
// option kind.
class Completer {
  public:
    explicit Completer(const ir::Config& config) : config_(config) {}

    void feed(const std::string& word) {
        if (pending_) { // the value of the option before
            if (state_ == State::Supervise)
                chosen_.insert(word);
            pending_ = nullptr;
            return;
        }
        switch (state_) {
        case State::Top:
            top_word(word);
            break;
        case State::Supervise:
            if (const OptionDoc* o = option(supervise_options(), word)) {
                children_ = o->value == "CHILD";
                pending_ = o->value.empty() ? nullptr : o;
            } else if (children_) {
                chosen_.insert(word); // `--only a b`: more children
            }
            break;
        case State::Builtin:
            if (const OptionDoc* o = option(builtin_->options, word))
                pending_ = o->value.empty() ? nullptr : o;
            else
                state_ = State::Done; // the operand: the rest is not ours
            break;
        case State::Done:
            break;
        }
    }

    std::vector<std::string> complete(const std::string& cur) const {
        std::vector<std::string> out;
        bool dash = !cur.empty() && cur[0] == '-';
        if (pending_ && !(state_ == State::Supervise && children_))
            return out; // a value we know nothing about (-E NAME=VALUE, --file)
        switch (state_) {
        case State::Top:
            for (const auto& [name, cmd] : config_.commands)
                out.push_back(name.text);
            if (!cur.empty() && cur[0] == '_')
                for (const auto& b : builtin_docs())
                    if (b.name != "_compgen")
                        out.emplace_back(b.name);
            if (dash)
                add_options(out, global_options());
            break;
        case State::Supervise:
            if (children_)
                add_children(out);
            if (dash || !children_)
                add_options(out, supervise_options());
            break;
        case State::Builtin:
            add_operands(out, cur);
            if (dash)
                add_options(out, builtin_->options);
            break;
        case State::Done:
            break;
        }
        std::erase_if(out, [&](const std::string& c) { return !c.starts_with(cur); });
        return out;
    }

  private:
    enum class State { Top, Supervise, Builtin, Done };

    void top_word(const std::string& word) {
        auto cmd = config_.commands.find(ir::Str(word));
        if (cmd != config_.commands.end()) {
            supervise_ = ir::get_if<ir::command::Supervise>(cmd->second.value);
            state_ = supervise_ ? State::Supervise : State::Done;
        } else if (const OptionDoc* o = option(global_options(), word)) {
            pending_ = o->value.empty() ? nullptr : o;
        } else if (const BuiltinDoc* b = find_builtin_doc(word); b && word != "check") {
            builtin_ = b;
            state_ = State::Builtin;
        }
        // Anything else at the top is skipped, as the original did.
    }

    // The option `word` names; an option that may not repeat is remembered
    // so it is not offered again.
    const OptionDoc* option(std::span<const OptionDoc> options, const std::string& word) {
        const OptionDoc* o = find_option(options, word);
        if (o && !o->repeats)
            used_.insert(o);
        return o;
    }

    void add_options(std::vector<std::string>& out, std::span<const OptionDoc> options) const {
        for (const auto& o : options)
            if (!used_.count(&o))
                out.insert(out.end(), o.names.begin(), o.names.end());
    }

    void add_children(std::vector<std::string>& out) const {
        std::set<std::string> seen;
        auto add = [&](const std::string& name) {
            if (!chosen_.count(name) && seen.insert(name).second)
                out.push_back(name);
        };
        for (const auto& [name, child] : supervise_->children) {
            add(name.text);
            ir::visit(
                [&](const auto& c) {
                    for (const auto& tag : c.tags)
                        add(tag.text);
                },
                child.value);
        }
    }

    void add_operands(std::vector<std::string>& out, const std::string& cur) const {
        switch (builtin_->operand) {
        case Operand::None:
            break;
        case Operand::Container:
        case Operand::RunnableContainer:
            for (const auto& [name, c] : config_.containers)
                // A data container has nothing to run (the original's rule).
                if (builtin_->operand == Operand::Container || c.data_dirs.empty())
                    out.push_back(name.text);
            break;
        case Operand::Command:
            for (const auto& [name, cmd] : config_.commands)
                out.push_back(name.text);
            if (!cur.empty() && cur[0] == '_')
                for (const auto& b : builtin_docs())
                    out.emplace_back(b.name);
            break;
        }
    }

    const ir::Config& config_;
    State state_ = State::Top;
    const OptionDoc* pending_ = nullptr;
    const BuiltinDoc* builtin_ = nullptr;
    const ir::command::Supervise* supervise_ = nullptr;
    bool children_ = false; // after --only or --exclude
    std::set<const OptionDoc*> used_;
    std::set<std::string> chosen_;
};

} // namespace

std::vector<std::string> completions(const ir::Config& config,
                                     const std::vector<std::string>& words,
                                     const std::string& cur) {
    Completer c(config);
    for (const auto& w : words)
        c.feed(w);
    return c.complete(cur);
}

int builtin_compgen(Context& ctx, const std::vector<std::string>& args) {
    auto dashes = std::find(args.begin(), args.end(), "--");
    std::vector<std::string> words(args.begin(), dashes);
    std::string cur = dashes != args.end() && dashes + 1 != args.end() ? *(dashes + 1) : "";
    // Nothing but the candidates may reach the terminal: the project's
    // problems are `vagga check`'s business, not the completion's.
    std::ostringstream sink;
    Context quiet{ctx.cwd, ctx.environ, sink, sink};
    Session session(quiet);
    ir::Config none;
    const ir::Config* config = &none;
    if (session.discover()) {
        session.load_quiet();
        config = &session.project().config;
    }
    for (const auto& c : completions(*config, words, cur))
        ctx.out << c << "\n";
    return exit_code::ok;
}

} // namespace vagga::cli
