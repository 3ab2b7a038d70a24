// The decode runtime: the primitives the generated decoders (decode_gen.cpp,
// from stdlib/*.vs) call to turn located YAML nodes into typed IR values.
//
// Every primitive reports problems into Diagnostics (one per problem) and
// returns false when the value could not be read; the caller keeps going,
// so one pass finds every error of a file.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/ir/core.h"
#include "compiler/schema/schema.h"
#include "compiler/yaml/node.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <vector>

namespace vagga::decode {

enum class PathRule { None, Any, Absolute, Relative };

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

    template <class K, class V, class F>
    bool map(const yaml::Node& n, std::map<K, V>& out, PathRule key_rule, std::string_view noun,
             F&& f) {
        if (!begin_map(n))
            return false;
        if (key_rule != PathRule::None)
            return path_map(n, out, key_rule, noun, f);
        for (const auto& e : n.entries) {
            K key{};
            if (!map_key(e, key, key_rule))
                continue;
            if (auto pre = predecoded_.find(e.value.get()); pre != predecoded_.end()) {
                // Decoded while the file was parsed (a streamed entry).
                if (pre->second.type == std::type_index(typeid(V))) {
                    take_predecoded(pre->second, std::move(key), out);
                    continue;
                }
            }
            Context ctx(*this, noun, e.key);
            V value{};
            if (f(*e.value, value))
                out.insert_or_assign(std::move(key), std::move(value));
        }
        return true;
    }

    // Path-keyed maps compare keys as paths (config.md §2.11): `/tmp/` and
    // `/tmp` are one entry. As the original's BTreeMap<PathBuf> filled in
    // sorted key order, the first key text stays and the last value wins.
    template <class V, class F>
    bool path_map(const yaml::Node& n, std::map<ir::Str, V>& out, PathRule key_rule,
                  std::string_view noun, F&& f) {
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
    template <class K, class V, class F>
    bool path_map(const yaml::Node&, std::map<K, V>&, PathRule, std::string_view, F&&) {
        return false; // only string keys carry paths
    }
    static std::string normal_path(std::string_view p);

    // The index of the option a tagged node names, or -1 (reported).
    int option(const yaml::Node& n, const schema::UnionInfo& info);

    // A map value decoded ahead (see decode/stream.h): map() takes it for the
    // entry whose value is `placeholder` instead of decoding that node.
    // `value` is null when decoding failed (reported already).
    template <class V>
    void predecoded(const yaml::Node* placeholder,
                    std::unique_ptr<typename std::map<ir::Str, V>::node_type> node) {
        Predecoded p;
        p.type = std::type_index(typeid(V));
        p.node = std::shared_ptr<void>(std::move(node));
        predecoded_.emplace(placeholder, std::move(p));
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
    struct Predecoded {
        std::type_index type = std::type_index(typeid(void));
        // A std::map<ir::Str, V>::node_type, so that taking the value moves
        // the node in whole rather than leaving a moved-from shell behind (a
        // command is ~900 bytes). Null when decoding failed (reported).
        std::shared_ptr<void> node;
        // Where the value went when it was taken: a placeholder reached a
        // second time (through an alias of the whole section) copies it.
        const void* taken = nullptr;
    };
    template <class K, class V> void take_predecoded(Predecoded& p, K&& key, std::map<K, V>& out) {
        if constexpr (std::is_same_v<K, ir::Str>) {
            if (p.taken) {
                out.insert_or_assign(std::move(key), *static_cast<const V*>(p.taken));
                return;
            }
            if (!p.node)
                return;
            auto& node = *static_cast<typename std::map<K, V>::node_type*>(p.node.get());
            auto it = out.find(key);
            if (it != out.end()) {
                it->second = std::move(node.mapped());
            } else {
                node.key() = std::move(key);
                it = out.insert(std::move(node)).position;
            }
            p.node.reset();
            p.taken = &it->second;
        }
    }
    std::unordered_map<const yaml::Node*, Predecoded> predecoded_;
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
