// Internal to compiler/plan: the pieces both JSON forms (plan_json.cpp for
// launch plans, build_plan_json.cpp for build plans) are made of, so that a
// value, an enum, a span or an error reads and writes the same way in both.
//
// Every value type a plan field can hold has put() (value -> JSON) and get()
// (JSON -> value, throwing std::runtime_error on a bad document). The
// overloads are declared here, before the templates that call them, because
// a template only sees the overloads declared before it (the plan types live
// in vagga::plan, so argument-dependent lookup would not find overloads in
// this namespace). Types that only one form uses are defined in that form's
// file.
#pragma once

#include "compiler/plan/build_plan.h"
#include "compiler/plan/launch_plan.h"
#include "compiler/source/span.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace vagga::plan::json_fields {

using ojson = nlohmann::ordered_json;
using json = nlohmann::json;

// One list of fields per type, shared by the writer and the reader so the two
// directions cannot drift apart: fields(f, x) calls f("key", x.member) for
// each field in the order the JSON form writes them. The lists live in this
// namespace (also those in the two .cpp files) so that put_fields() and
// get_fields() find them through their Writer/Reader argument. IdMap is an op
// of launch plans and the `idmap` object of build plans.
template <class F> void fields(F& f, IdMap& o) {
    f("map", o.kind);
    f("uids", o.uids);
    f("gids", o.gids);
}

// Enums: every value is listed once; names come from to_string().
template <class E> struct EnumValues;
template <> struct EnumValues<MapKind> {
    static constexpr MapKind all[] = {MapKind::Container, MapKind::Max};
};
template <> struct EnumValues<Resolve> {
    static constexpr Resolve all[] = {Resolve::AsIs, Resolve::Beneath, Resolve::InRoot};
};
template <> struct EnumValues<PathBase> {
    static constexpr PathBase all[] = {PathBase::Host, PathBase::Container};
};
template <> struct EnumValues<HostFileKind> {
    static constexpr HostFileKind all[] = {HostFileKind::Hosts, HostFileKind::ResolvConf};
};
template <> struct EnumValues<Pid1Mode> {
    static constexpr Pid1Mode all[] = {Pid1Mode::Wait, Pid1Mode::WaitAllChildren, Pid1Mode::Exec};
};
template <> struct EnumValues<SuperviseMode> {
    static constexpr SuperviseMode all[] = {SuperviseMode::StopOnFailure,
                                            SuperviseMode::WaitAllSuccessful};
};
template <> struct EnumValues<ArchiveKind> {
    static constexpr ArchiveKind all[] = {ArchiveKind::Tar, ArchiveKind::Zip};
};
template <> struct EnumValues<Distro> {
    static constexpr Distro all[] = {Distro::Debian, Distro::Ubuntu, Distro::Alpine};
};

template <class E> E enum_parse(const std::string& s) {
    for (E e : EnumValues<E>::all) {
        if (to_string(e) == s) {
            return e;
        }
    }
    throw std::runtime_error("unknown value \"" + s + "\"");
}

// ---- writer ----

ojson put(bool v);
ojson put(uint32_t v);
ojson put(uint64_t v);
ojson put(const std::string& v);
ojson put(const IdRange& r);
ojson put(const std::pair<std::string, std::string>& kv);
// Defined in plan_json.cpp.
ojson put(const TmpfsDir& d);
ojson put(const TmpfsFile& f);
ojson put(const SuperviseChild& c);
// Defined in build_plan_json.cpp.
ojson put(const BuildFilter& v);
ojson put(const FetchSource& v);

template <class E, class = decltype(EnumValues<E>::all)> ojson put(E e) {
    return std::string(to_string(e));
}
template <class T> ojson put(const std::vector<T>& v);
template <class T> ojson put(const std::optional<T>& v) {
    return v ? put(*v) : ojson(nullptr);
}
template <class T> ojson put(const std::vector<T>& v) {
    ojson a = ojson::array();
    for (const auto& x : v) {
        a.push_back(put(x));
    }
    return a;
}

struct Writer {
    ojson* out;
    template <class T> void operator()(const char* key, const T& v) { (*out)[key] = put(v); }
};

// The fields of `v` into the object `j`.
template <class T> void put_fields(ojson& j, const T& v) {
    Writer w{&j};
    T copy = v; // fields() takes non-const refs (shared with the reader)
    fields(w, copy);
}

// A value written as an object of its fields.
template <class T> ojson put_object(const T& v) {
    ojson j = ojson::object();
    put_fields(j, v);
    return j;
}

// A span as {"file","begin","end"}; nothing when the value has no location.
void put_span(ojson& j, const source::Span& span);

// ---- reader ----
// A non-negative integer no larger than `max`; anything else throws.
uint64_t get_unsigned(const json& j, uint64_t max);

void get(const json& j, bool& v);
void get(const json& j, uint32_t& v);
void get(const json& j, uint64_t& v);
void get(const json& j, std::string& v);
void get(const json& j, IdRange& r);
void get(const json& j, std::pair<std::string, std::string>& kv);
// Defined in plan_json.cpp.
void get(const json& j, TmpfsDir& d);
void get(const json& j, TmpfsFile& f);
void get(const json& j, SuperviseChild& c);
// Defined in build_plan_json.cpp.
void get(const json& j, BuildFilter& v);
void get(const json& j, FetchSource& v);

template <class E, class = decltype(EnumValues<E>::all)> void get(const json& j, E& e) {
    e = enum_parse<E>(j.get<std::string>());
}
template <class T> void get(const json& j, std::vector<T>& v);
template <class T> void get(const json& j, std::optional<T>& v) {
    if (j.is_null()) {
        v.reset();
    } else {
        T x{};
        get(j, x);
        v = std::move(x);
    }
}
template <class T> void get(const json& j, std::vector<T>& v) {
    if (!j.is_array()) {
        throw std::runtime_error("expected an array");
    }
    v.clear();
    for (const auto& x : j) {
        T item{};
        get(x, item);
        v.push_back(std::move(item));
    }
}

// Reads the fields present in `in`; a missing one keeps its default.
struct Reader {
    const json* in;
    template <class T> void operator()(const char* key, T& v) {
        if (in->contains(key)) {
            try {
                get(in->at(key), v);
            } catch (const std::exception& e) {
                throw std::runtime_error(std::string("field \"") + key + "\": " + e.what());
            }
        }
    }
};

template <class T> void get_fields(const json& j, T& v) {
    Reader r{&j};
    fields(r, v);
}
// A value written as an object of its fields.
template <class T> void get_object(const json& j, T& v) {
    if (!j.is_object()) {
        throw std::runtime_error("expected an object");
    }
    get_fields(j, v);
}

// The span written by put_span, or no location when there is none.
source::Span get_span(const json& j);

// j[key], which must be an array.
const json& array_at(const json& j, const char* key);

// Calls read(item, index) for each item of `arr`; an error from it comes out
// with where(index, item) in front, so a message names the path to the bad
// value ("step 1: op 0 (copy): field \"path\": ..."). `where` runs before the
// read, outside the error context.
template <class Where, class Read> void read_each(const json& arr, Where where, Read read) {
    size_t index = 0;
    for (const auto& item : arr) {
        std::string context = where(index, item);
        try {
            read(item, index);
        } catch (const std::exception& e) {
            throw std::runtime_error(context + ": " + e.what());
        }
        ++index;
    }
}

// "op 2 (bind)": how read_each names an op.
std::string op_context(size_t index, const std::string& name);

} // namespace vagga::plan::json_fields
