// The decode runtime: the primitives the generated decoders (decode_gen.cpp,
// from stdlib/*.vs) call to turn located YAML nodes into typed IR values.
//
// Every primitive reports problems into Diagnostics (one per problem) and
// returns false when the value could not be read; the caller keeps going,
// so one pass finds every error of a file.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/ir/core.h"
#include "compiler/ir/flat_map.h"
#include "compiler/schema/schema.h"
#include "compiler/yaml/node.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <typeindex>
#include <vector>

namespace vagga::decode {

enum class PathRule { None, Any, Absolute, Relative };

template <class M> inline constexpr bool is_flat = false;
template <class K, class V> inline constexpr bool is_flat<ir::FlatMap<K, V>> = true;

class Decoder {
  public:
    explicit Decoder(diag::Diagnostics& diags) : diags_(diags) {}

    bool str(const yaml::Node& n, ir::Str& out, PathRule rule);
    bool boolean(const yaml::Node& n, bool& out);
    template <class T> bool number(const yaml::Node& n, T& out, long long lo, long long hi) {
        long long v = 0;
        if (!number_value(n, v, lo, hi))
            return false;
        out = static_cast<T>(v);
        return true;
    }
    template <class T> bool decimal(const yaml::Node& n, T& out) {
        unsigned long long v = 0;
        if (!decimal_value(n, v))
            return false;
        out = static_cast<T>(v);
        return true;
    }
    bool range(const yaml::Node& n, ir::IdRange& out);
    bool run(const yaml::Node& n, ir::Run& out);
    bool null(const yaml::Node& n);
    template <class E> bool enumeration(const yaml::Node& n, E& out, const schema::EnumInfo& info) {
        int i = enum_index(n, info);
        if (i < 0)
            return false;
        out = static_cast<E>(i);
        return true;
    }

    // `O` is std::optional<T> or ir::Opt<T>.
    template <class O, class F> bool optional(const yaml::Node& n, O& out, bool structure, F&& f) {
        using T = typename O::value_type;
        if (n.is_null() && !n.tagged() && !(structure && n.explicit_null)) {
            out.reset();
            return true;
        }
        T value{};
        if (!f(n, value))
            return false;
        out = std::move(value);
        return true;
    }

    template <class T, class F> bool list(const yaml::Node& n, std::vector<T>& out, F&& f) {
        if (!begin_seq(n))
            return false;
        out.reserve(n.items.size());
        for (size_t i = 0; i < n.items.size(); ++i) {
            T value{};
            if (f(*n.items[i], value))
                out.push_back(std::move(value));
        }
        return true;
    }

    // `M` is a std::map or an ir::FlatMap; of repeated keys the last wins.
    template <class M, class F>
    bool map(const yaml::Node& n, M& out, PathRule key_rule, std::string_view noun, F&& f) {
        using K = typename M::key_type;
        using V = typename M::mapped_type;
        if (!begin_map(n))
            return false;
        if (key_rule != PathRule::None)
            return path_map(n, out, key_rule, noun, f);
        // A flat map is filled in one sort, whatever the order of the keys.
        std::vector<std::pair<K, V>> flat;
        for (const auto& e : n.entries) {
            K key{};
            if (!map_key(e, key, key_rule))
                continue;
            if constexpr (!is_flat<M>) {
                if (take_streamed(e.value.get(), key, out))
                    continue; // decoded while the file was parsed
            }
            Context ctx(*this, noun, e.key);
            V value{};
            if (!f(*e.value, value))
                continue;
            if constexpr (is_flat<M>)
                flat.emplace_back(std::move(key), std::move(value));
            else
                out.insert_or_assign(std::move(key), std::move(value));
        }
        if constexpr (is_flat<M>)
            out.assign_last_wins(std::move(flat));
        return true;
    }

    // Path-keyed maps compare keys as paths (config.md §2.11): `/tmp/` and
    // `/tmp` are one entry. As the original's BTreeMap<PathBuf> filled in
    // sorted key order, the first key text stays and the last value wins.
    template <class M, class F>
    bool path_map(const yaml::Node& n, M& out, PathRule key_rule, std::string_view noun, F&& f) {
        using V = typename M::mapped_type;
        if constexpr (!std::is_same_v<typename M::key_type, ir::Str>) {
            return false; // only string keys carry paths
        } else {
            std::vector<const yaml::MapEntry*> sorted;
            for (const auto& e : n.entries)
                sorted.push_back(&e);
            std::stable_sort(sorted.begin(), sorted.end(),
                             [](const auto* a, const auto* b) { return a->key < b->key; });
            std::map<std::string, ir::Str> first_key; // normalised -> key kept
            for (const auto* e : sorted) {
                ir::Str key;
                if (!map_key(*e, key, key_rule))
                    continue;
                Context ctx(*this, noun, e->key);
                V value{};
                if (!f(*e->value, value))
                    continue;
                auto [it, fresh] = first_key.try_emplace(normal_path(e->key), key);
                out.insert_or_assign(it->second, std::move(value));
            }
            return true;
        }
    }
    static std::string normal_path(std::string_view p);

    // The index of the option a tagged node names, or -1 (reported).
    int option(const yaml::Node& n, const schema::UnionInfo& info);

    // Values decoded while the file was parsed (see StreamDecoder): each
    // streamed entry of a section holds the section's shared `marker` node,
    // and map() takes the queued values in order, as the entries came.
    // `node` is a std::map<ir::Str, V>::node_type, null when decoding failed
    // (reported already); taking it moves the whole node, leaving no shell.
    template <class V>
    void streamed(const yaml::Node* marker, typename std::map<ir::Str, V>::node_type node) {
        using Nodes = std::vector<typename std::map<ir::Str, V>::node_type>;
        StreamedQueue* q = nullptr;
        for (auto& x : streamed_)
            if (x.marker == marker)
                q = &x;
        if (!q) {
            streamed_.push_back({marker, std::type_index(typeid(V)), std::make_shared<Nodes>(), 0});
            q = &streamed_.back();
        }
        static_cast<Nodes*>(q->nodes.get())->push_back(std::move(node));
    }

    diag::Diagnostics& diags() { return diags_; }
    // "container `app`": where the value being decoded sits, for messages.
    std::string where() const;
    // Ignore the tag of this node once: the union that consumed it.
    void tag_consumed(const yaml::Node* n) { consumed_ = n; }
    // Warn about a tag on a value that takes none (the original ignored it).
    void check_tag(const yaml::Node& n);

    class Context {
      public:
        Context(Decoder& d, std::string_view noun, std::string_view name) : d_(d) {
            d_.context_.push_back(std::string(noun) + " `" + std::string(name) + "`");
        }
        ~Context() { d_.context_.pop_back(); }
        Context(const Context&) = delete;
        Context& operator=(const Context&) = delete;

      private:
        Decoder& d_;
    };

  private:
    friend class StructReader;
    bool begin_seq(const yaml::Node& n);
    bool begin_map(const yaml::Node& n);
    bool number_value(const yaml::Node& n, long long& out, long long lo, long long hi);
    bool decimal_value(const yaml::Node& n, unsigned long long& out);
    int enum_index(const yaml::Node& n, const schema::EnumInfo& info);
    bool scalar_text(const yaml::Node& n, const char* what);
    bool map_key(const yaml::MapEntry& e, ir::Str& key, PathRule rule);
    bool map_key(const yaml::MapEntry& e, uint16_t& key, PathRule rule);
    bool check_path(const std::string& text, source::Span span, PathRule rule);
    void wrong_kind(const yaml::Node& n, const char* expected);

    diag::Diagnostics& diags_;
    std::vector<std::string> context_;
    const yaml::Node* consumed_ = nullptr;
    struct StreamedQueue {
        const yaml::Node* marker;
        std::type_index type;
        // A std::vector<std::map<ir::Str, V>::node_type>, in entry order.
        std::shared_ptr<void> nodes;
        size_t next;
    };
    // True when `value` is a streamed entry's marker and its value was taken
    // (or had failed). A section reached again through an alias has no
    // values left: it decodes the marker as usual, which reports it.
    template <class K, class V>
    bool take_streamed(const yaml::Node* value, K& key, std::map<K, V>& out) {
        if constexpr (std::is_same_v<K, ir::Str>) {
            using Nodes = std::vector<typename std::map<K, V>::node_type>;
            for (auto& q : streamed_) {
                if (q.marker != value || q.type != std::type_index(typeid(V)))
                    continue;
                auto& nodes = *static_cast<Nodes*>(q.nodes.get());
                if (q.next >= nodes.size())
                    continue;
                auto node = std::move(nodes[q.next++]);
                if (node.empty())
                    return true;
                auto it = out.find(key);
                if (it != out.end()) {
                    it->second = std::move(node.mapped());
                } else {
                    node.key() = std::move(key);
                    out.insert(std::move(node));
                }
                return true;
            }
        }
        return false;
    }
    std::vector<StreamedQueue> streamed_;
};

// Reads a mapping against a struct's field table: takes fields by kebab-case
// or snake_case key (snake_case wins, as in the original), skips `_` keys,
// and reports every key left over as unknown, with "did you mean".
class StructReader {
  public:
    StructReader(Decoder& d, const yaml::Node& n, const schema::StructInfo& info);
    bool ok() const { return ok_; }
    // The scalar a shorthand form (`!Persistent name`) gives, or nullptr.
    const yaml::Node* shorthand() const { return shorthand_; }
    const yaml::Node* take(int field);
    void missing(int field);
    bool finish();

  private:
    Decoder& d_;
    const yaml::Node& n_;
    const schema::StructInfo& info_;
    std::vector<bool> used_;
    const yaml::Node* shorthand_ = nullptr;
    bool ok_ = true;
};

// The closest candidate within a small edit distance, or "".
std::string_view did_you_mean(std::string_view word, const std::vector<std::string_view>& options);

} // namespace vagga::decode
