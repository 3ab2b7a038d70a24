// Matching argv against the usage patterns, as docopt-rs's Matcher does:
// every pattern yields the list of states it can end in, in preference
// order; the first state that used all positionals and accounts for every
// flag wins. Flags match anywhere (their counts are shared), positionals
// and commands in order.
#include "compiler/docopt/docopt.h"
#include "compiler/docopt/internal.h"

#include <algorithm>
#include <memory>

namespace vagga::docopt {

using namespace detail;

namespace {

// The number of states may grow exponentially with the pattern (`[<a>]
// [<b>] ...`); past this budget the match fails instead of running away.
constexpr size_t kStateBudget = 50000;
// And the states kept may be large: each copies its maps, whose size grows
// with the options of the usage text and the flags of argv. Past this many
// map entries in the states made, the match fails too (found by
// fuzz/docopt: a long usage text took a gigabyte within the call budget).
constexpr size_t kEntryBudget = 1000000;

// A list of positionals taken so far, newest first. States share their
// common prefix, so `<args>...` over n arguments costs O(n), not O(n^2).
struct Cell {
    size_t index; // into Argv::positional
    mutable std::shared_ptr<const Cell> prev;

    // Unlinks a long chain in a loop: the default destructor would recurse
    // once per cell.
    ~Cell() {
        auto p = std::move(prev);
        while (p && p.use_count() == 1)
            p = std::move(p->prev);
    }
};

// A value while matching; positionals are kept as argv indexes.
struct MValue {
    ValueKind kind = ValueKind::Switch;
    unsigned count = 0;               // Counted
    std::optional<size_t> plain;      // Plain
    std::shared_ptr<const Cell> list; // List
    // Pointer identity suffices: a state only ever gets a new list by
    // appending to its own.
    bool operator==(const MValue&) const = default;
};

struct MState {
    size_t argvi = 0;                    // next positional
    std::map<Atom, unsigned> counts;     // flags not yet used by the pattern
    std::map<Atom, unsigned> max_counts; // flags seen; value: optional uses
    std::map<Atom, MValue> vals;
    bool operator==(const MState&) const = default;
};

// docopt-rs's MState::fill_value for a command (no index) or a positional.
bool fill_match(MState& s, const Atom& key, bool repeats, std::optional<size_t> index) {
    if (!repeats) {
        MValue v;
        v.kind = index ? ValueKind::Plain : ValueKind::Switch;
        v.plain = index;
        s.vals[key] = std::move(v);
        return true;
    }
    auto [it, fresh] = s.vals.try_emplace(key);
    MValue& v = it->second;
    if (fresh)
        v.kind = index ? ValueKind::List : ValueKind::Counted;
    if (index && v.kind == ValueKind::List) {
        v.list = std::make_shared<const Cell>(Cell{*index, v.list});
        return true;
    }
    if (!index && v.kind == ValueKind::Counted) {
        ++v.count;
        return true;
    }
    return false;
}

// The same on final values, for the flags of argv.
void fill_value(std::map<Atom, Value>& vals, const Atom& key, bool repeats,
                std::optional<std::string> arg) {
    if (!repeats) {
        Value v;
        v.kind = arg ? ValueKind::Plain : ValueKind::Switch;
        v.on = !arg;
        v.plain = std::move(arg);
        vals[key] = std::move(v);
        return;
    }
    auto [it, fresh] = vals.try_emplace(key);
    Value& v = it->second;
    if (fresh)
        v.kind = arg ? ValueKind::List : ValueKind::Counted;
    if (arg && v.kind == ValueKind::List)
        v.list.push_back(std::move(*arg));
    else if (!arg && v.kind == ValueKind::Counted)
        ++v.count;
}

class Matcher {
  public:
    Matcher(const Spec& spec, const Argv& argv) : spec_(spec), argv_(argv) {}

    bool exhausted = false;

    std::vector<MState> states(const Pattern& p, const MState& init) {
        if (exhausted || (produced_ += 1) > kStateBudget) {
            exhausted = true;
            return {};
        }
        switch (p.kind) {
        case PatternKind::Alternates: {
            std::vector<MState> out;
            for (const auto& c : p.children)
                if (!append(out, states(c, init)))
                    return {};
            return out;
        }
        case PatternKind::Sequence: {
            std::vector<MState> cur{init};
            for (const auto& c : p.children) {
                std::vector<MState> next;
                for (const auto& s : cur)
                    if (!append(next, states(c, s)))
                        return {};
                cur = std::move(next);
            }
            return cur;
        }
        case PatternKind::Optional: {
            // Flags in an optional group only raise how often they may
            // appear; the rest is tried present first, then absent.
            MState base = init;
            std::vector<const Pattern*> rest;
            for (const auto& c : p.children) {
                if (c.kind == PatternKind::Leaf &&
                    (c.atom.kind == AtomKind::Short || c.atom.kind == AtomKind::Long)) {
                    auto have = argv_.counts.find(c.atom);
                    unsigned argv_count = have == argv_.counts.end() ? 0 : have->second;
                    auto max = base.max_counts.find(c.atom);
                    unsigned max_count = max == base.max_counts.end() ? 0 : max->second;
                    if (argv_count > max_count)
                        base.max_counts[c.atom] = max_count + 1;
                } else {
                    rest.push_back(&c);
                }
            }
            std::vector<MState> out;
            all_option_states(base, out, rest, 0);
            return out;
        }
        case PatternKind::Repeat: {
            // One or more: all one-time states, then all two-time ones, ...
            std::vector<MState> all = states(p.children.front(), init);
            std::vector<MState> last = all;
            while (!last.empty() && !exhausted) {
                std::vector<MState> next;
                for (const auto& s : last) {
                    std::vector<MState> more;
                    for (auto& n : states(p.children.front(), s))
                        if (!(n == s))
                            more.push_back(std::move(n));
                    if (!append(next, std::move(more)))
                        return {};
                }
                all.insert(all.end(), next.begin(), next.end());
                last = std::move(next);
            }
            return all;
        }
        case PatternKind::Leaf:
            return leaf(p.atom, init);
        }
        return {};
    }

    bool valid(const MState& s) const {
        if (s.argvi != argv_.positional.size())
            return false;
        for (const auto& [flag, n] : argv_.counts) {
            (void)n;
            if (!s.max_counts.count(flag))
                return false;
        }
        for (const auto& [flag, n] : s.counts) {
            auto m = s.max_counts.find(flag);
            if (n > (m == s.max_counts.end() ? 0 : m->second))
                return false;
        }
        return true;
    }

    std::map<Atom, Value> finish(const MState& s) const {
        std::map<Atom, Value> vals;
        for (const auto& [atom, mv] : s.vals) {
            Value v;
            v.kind = mv.kind;
            v.on = mv.kind == ValueKind::Switch;
            v.count = mv.count;
            if (mv.plain)
                v.plain = argv_.positional[*mv.plain];
            for (const Cell* c = mv.list.get(); c; c = c->prev.get())
                v.list.push_back(argv_.positional[c->index]);
            std::reverse(v.list.begin(), v.list.end());
            vals.emplace(atom, std::move(v));
        }
        for (const auto& f : argv_.flags) {
            const OptionInfo* opts = spec_.find(f.atom);
            fill_value(vals, f.atom, opts && opts->repeats, f.arg);
        }
        for (const auto& [atom, opts] : spec_.descs) {
            if (vals.count(atom))
                continue;
            Value v;
            bool positional = atom.kind == AtomKind::Positional;
            if (!opts.has_arg && !positional) {
                v.kind = opts.repeats ? ValueKind::Counted : ValueKind::Switch;
            } else if (opts.repeats) {
                v.kind = ValueKind::List;
                if (opts.default_value) {
                    // A repeated option's default is a list of words.
                    std::string_view d = *opts.default_value;
                    while (!(d = trim(d)).empty()) {
                        size_t end = 0;
                        while (end < d.size() && !is_space(d[end]))
                            ++end;
                        v.list.emplace_back(d.substr(0, end));
                        d.remove_prefix(end);
                    }
                }
            } else {
                v.kind = ValueKind::Plain;
                v.plain = opts.default_value;
            }
            vals.emplace(atom, std::move(v));
        }
        return vals;
    }

  private:
    // Moves `more` into `out`, counting the states' map entries against
    // kEntryBudget. False (and `out` emptied) once a budget is spent.
    bool append(std::vector<MState>& out, std::vector<MState>&& more) {
        for (const auto& m : more)
            entries_ += 1 + m.counts.size() + m.max_counts.size() + m.vals.size();
        if (exhausted || entries_ > kEntryBudget) {
            exhausted = true;
            out.clear();
            return false;
        }
        for (auto& m : more)
            out.push_back(std::move(m));
        return true;
    }

    void all_option_states(const MState& base, std::vector<MState>& out,
                           const std::vector<const Pattern*>& pats, size_t from) {
        if (exhausted)
            return;
        if (from == pats.size()) {
            if ((produced_ += 1) > kStateBudget ||
                (entries_ += 1 + base.counts.size() + base.max_counts.size() + base.vals.size()) >
                    kEntryBudget) {
                exhausted = true;
                return;
            }
            out.push_back(base);
            return;
        }
        for (const auto& s : states(*pats[from], base)) {
            all_option_states(s, out, pats, from + 1);
            if (exhausted)
                return;
        }
        // After the loop: presence is preferred to absence.
        all_option_states(base, out, pats, from + 1);
    }

    std::vector<MState> leaf(const Atom& atom, const MState& init) {
        MState s = init;
        switch (atom.kind) {
        case AtomKind::Short:
        case AtomKind::Long: {
            s.max_counts.try_emplace(atom, 0);
            auto it = s.counts.find(atom);
            if (it == s.counts.end() || it->second == 0)
                return {};
            --it->second;
            return {std::move(s)};
        }
        case AtomKind::Command:
        case AtomKind::Positional: {
            if (s.argvi >= argv_.positional.size())
                return {};
            size_t index = s.argvi;
            if (atom.kind == AtomKind::Command && argv_.positional[index] != atom.name)
                return {};
            ++s.argvi;
            const OptionInfo* opts = spec_.find(atom);
            bool repeats = opts && opts->repeats;
            std::optional<size_t> arg;
            if (atom.kind == AtomKind::Positional)
                arg = index;
            if (!fill_match(s, atom, repeats, arg))
                return {};
            return {std::move(s)};
        }
        }
        return {};
    }

    const Spec& spec_;
    const Argv& argv_;
    size_t produced_ = 0;
    size_t entries_ = 0;
};

std::string with_usage(const Spec& spec, const std::string& msg) {
    auto usage = trim(spec.usage);
    return msg.empty() ? std::string(usage) : msg + "\n\n" + std::string(usage);
}

} // namespace

const Value* Values::find(std::string_view key) const {
    std::string k(key);
    if (auto syn = synonyms.find(k); syn != synonyms.end())
        k = syn->second;
    auto it = map.find(k);
    return it == map.end() ? nullptr : &it->second;
}

bool Values::get_bool(std::string_view key) const {
    const Value* v = find(key);
    if (!v)
        return false;
    switch (v->kind) {
    case ValueKind::Switch:
        return v->on;
    case ValueKind::Counted:
        return v->count > 0;
    case ValueKind::Plain:
        return v->plain && !v->plain->empty();
    case ValueKind::List:
        return !v->list.empty();
    }
    return false;
}

MatchResult match(const Spec& spec, const std::vector<std::string>& argv) {
    MatchResult result;
    Argv parsed;
    if (auto err = parse_argv(spec, argv, parsed); !err.empty()) {
        result.text = with_usage(spec, err);
        return result;
    }
    Matcher m(spec, parsed);
    MState init;
    init.counts = parsed.counts;
    for (const auto& usage : spec.usages) {
        auto states = m.states(usage, init);
        if (m.exhausted) {
            result.text = with_usage(spec, "Usage pattern too complex to match these arguments.");
            return result;
        }
        for (auto& s : states) {
            if (!m.valid(s))
                continue;
            for (auto& [atom, value] : m.finish(s))
                result.values.map[atom.key()] = std::move(value);
            for (const auto& [from, to] : spec.synonyms)
                if (result.values.map.count(to.key()))
                    result.values.synonyms[from.key()] = to.key();
            if (result.values.get_bool("--help")) {
                result.outcome = MatchOutcome::Help;
                result.text = std::string(trim(spec.full_doc));
                return result;
            }
            result.outcome = MatchOutcome::Matched;
            return result;
        }
    }
    result.text = with_usage(spec, "Invalid arguments.");
    return result;
}

} // namespace vagga::docopt
