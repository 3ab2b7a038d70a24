// Union alternatives that live on the heap, and the accessors that see
// through them. A std::variant is as large as its largest alternative, so
// without this every build step of a big project paid for the rare large
// ones (`!SubConfig`, `!Copy`: over 250 bytes against 40-64 for `!Sh` or
// `!Install`), which was most of `vagga check`'s memory at 10,000 containers.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace vagga::ir {

// A nullable owning pointer whose copies deep-copy: what Box and Opt hold.
template <class T> class DeepPtr {
  public:
    DeepPtr() = default;
    explicit DeepPtr(std::unique_ptr<T> p) : p_(std::move(p)) {}
    DeepPtr(const DeepPtr& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
    DeepPtr(DeepPtr&&) noexcept = default;
    DeepPtr& operator=(const DeepPtr& o) {
        if (this != &o)
            p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
        return *this;
    }
    DeepPtr& operator=(DeepPtr&&) noexcept = default;
    ~DeepPtr() = default;

    T* get() const { return p_.get(); }
    void reset() { p_.reset(); }

  private:
    std::unique_ptr<T> p_;
};

// A value on the heap with value semantics (copies deep-copy).
template <class T> class Box {
  public:
    Box() : p_(std::make_unique<T>()) {}
    Box(T v) : p_(std::make_unique<T>(std::move(v))) {} // NOLINT: implicit, like T

    T& operator*() { return *p_.get(); }
    const T& operator*() const { return *p_.get(); }
    T* operator->() { return p_.get(); }
    const T* operator->() const { return p_.get(); }

  private:
    DeepPtr<T> p_;
};

// The part of std::optional's interface the IR uses, in 8 bytes: the value lives on the heap when
// present. For the many optional strings of the IR, which are absent far more
// often than not (a `!Command` has eight; std::optional<Str> is 56 bytes).
template <class T> class Opt {
  public:
    using value_type = T;

    Opt() = default;
    Opt(std::nullopt_t) {}                              // NOLINT: implicit, like std::optional
    Opt(T v) : p_(std::make_unique<T>(std::move(v))) {} // NOLINT: implicit
    Opt& operator=(std::nullopt_t) {
        p_.reset();
        return *this;
    }

    bool has_value() const { return p_.get() != nullptr; }
    explicit operator bool() const { return has_value(); }
    T& operator*() { return *p_.get(); }
    const T& operator*() const { return *p_.get(); }
    T* operator->() { return p_.get(); }
    const T* operator->() const { return p_.get(); }
    void reset() { p_.reset(); }
    friend bool operator==(const Opt& a, const Opt& b) {
        return a.has_value() == b.has_value() && (!a.has_value() || *a == *b);
    }

  private:
    DeepPtr<T> p_;
};

// Alternatives larger than this are boxed (ir_gen.h's variants use it).
inline constexpr std::size_t kInlineAlternativeBytes = 64;
template <class T>
using MaybeBox = std::conditional_t<(sizeof(T) > kInlineAlternativeBytes), Box<T>, T>;

template <class T> T& unbox(T& v) {
    return v;
}
template <class T> const T& unbox(const T& v) {
    return v;
}
template <class T> T& unbox(Box<T>& v) {
    return *v;
}
template <class T> const T& unbox(const Box<T>& v) {
    return *v;
}

// std::get_if for a union's value, boxed or not: ir::get_if<step::Copy>(s.value).
template <class T, class... A> T* get_if(std::variant<A...>& v) {
    auto* p = std::get_if<MaybeBox<T>>(&v);
    return p ? &unbox(*p) : nullptr;
}
template <class T, class... A> const T* get_if(const std::variant<A...>& v) {
    const auto* p = std::get_if<MaybeBox<T>>(&v);
    return p ? &unbox(*p) : nullptr;
}
template <class T, class... A> const T& get(const std::variant<A...>& v) {
    return unbox(std::get<MaybeBox<T>>(v));
}
template <class T, class... A> bool holds(const std::variant<A...>& v) {
    return std::holds_alternative<MaybeBox<T>>(v);
}
template <class T, class... A> T& emplace(std::variant<A...>& v) {
    return unbox(v.template emplace<MaybeBox<T>>());
}

// std::visit that hands `f` the alternative itself, never its box.
template <class F, class V> decltype(auto) visit(F&& f, V&& v) {
    return std::visit([&f](auto&& x) -> decltype(auto) { return f(unbox(x)); }, std::forward<V>(v));
}

} // namespace vagga::ir
