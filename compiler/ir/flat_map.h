// A sorted-vector map with the part of std::map's interface the IR uses.
// Environments and volume tables are small and read far more often than
// written; a std::map node costs 32 bytes on top of each entry, which at
// 10,000 containers was a sixth of `vagga check`'s memory.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <stdexcept>
#include <utility>
#include <vector>

namespace vagga::ir {

template <class K, class V> class FlatMap {
  public:
    using key_type = K;
    using mapped_type = V;
    using value_type = std::pair<K, V>;
    using iterator = typename std::vector<value_type>::iterator;
    using const_iterator = typename std::vector<value_type>::const_iterator;

    FlatMap() = default;
    FlatMap(std::initializer_list<value_type> items) {
        for (const auto& e : items)
            insert_or_assign(e.first, e.second);
    }

    iterator begin() { return items_.begin(); }
    iterator end() { return items_.end(); }
    const_iterator begin() const { return items_.begin(); }
    const_iterator end() const { return items_.end(); }
    size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }

    iterator find(const K& k) {
        auto it = lower(k);
        return it != items_.end() && !(k < it->first) ? it : items_.end();
    }
    const_iterator find(const K& k) const {
        auto it = lower(k);
        return it != items_.end() && !(k < it->first) ? it : items_.end();
    }
    size_t count(const K& k) const { return find(k) == end() ? 0 : 1; }
    V& at(const K& k) {
        auto it = find(k);
        if (it == end())
            throw std::out_of_range("FlatMap::at");
        return it->second;
    }
    const V& at(const K& k) const {
        auto it = find(k);
        if (it == end())
            throw std::out_of_range("FlatMap::at");
        return it->second;
    }
    // Appending in key order (how a sorted source fills it) costs O(1).
    std::pair<iterator, bool> insert_or_assign(K k, V v) {
        if (items_.empty() || items_.back().first < k) {
            items_.emplace_back(std::move(k), std::move(v));
            return {items_.end() - 1, true};
        }
        auto it = lower(k);
        if (it != items_.end() && !(k < it->first)) {
            it->second = std::move(v);
            return {it, false};
        }
        return {items_.insert(it, value_type(std::move(k), std::move(v))), true};
    }
    // Takes entries in any order; of equal keys the last one wins, as with
    // repeated insert_or_assign, but in O(n log n) for any input.
    void assign_last_wins(std::vector<value_type> items) {
        std::stable_sort(items.begin(), items.end(), [](const value_type& a, const value_type& b) {
            return a.first < b.first;
        });
        items_.clear();
        items_.reserve(items.size());
        for (auto& e : items) {
            if (!items_.empty() && !(items_.back().first < e.first))
                items_.back().second = std::move(e.second);
            else
                items_.push_back(std::move(e));
        }
    }

  private:
    iterator lower(const K& k) {
        return std::lower_bound(items_.begin(), items_.end(), k,
                                [](const value_type& e, const K& key) { return e.first < key; });
    }
    const_iterator lower(const K& k) const {
        return std::lower_bound(items_.begin(), items_.end(), k,
                                [](const value_type& e, const K& key) { return e.first < key; });
    }

    std::vector<value_type> items_;
};

} // namespace vagga::ir
