// Internal to compiler/plan: the pieces both JSON forms (plan_json.cpp for
// launch plans, build_plan_json.cpp for build plans) are made of, so that a
// value, an enum, a span or an error reads and writes the same way in both.
//
// Every value type a plan field can hold has put() (value -> JSON) and get()
// (JSON -> value, throwing std::runtime_error on a bad document). The
// overloads are declared here, before the templates that call them, because
// a template only sees the overloads declared before it (the plan types live
// in vagga::plan, so argument-dependent lookup would not find overloads in
// this namespace). Those of the records, enums and ops declared in
// launch.vs/build.vs are generated (plan_json_gen.h); the plan's own shape
// (containers, steps, the plan objects) is written by hand in the two forms.
#pragma once

#include "compiler/plan/build_plan.h"
#include "compiler/plan/launch_plan.h"
#include "compiler/source/span.h"
#include "plan_json_gen.h"

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

// ---- writer ----

ojson put(bool v);
ojson put(uint32_t v);
ojson put(uint64_t v);
ojson put(const std::string& v);
ojson put(const std::pair<std::string, std::string>& kv);
// Defined in plan_json.cpp.
ojson put(const SuperviseChild& c);
ojson put(const Supervise& s);

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

// A span as {"file","begin","end"}; nothing when the value has no location.
void put_span(ojson& j, const source::Span& span);

// ---- reader ----
// A non-negative integer no larger than `max`; anything else throws.
uint64_t get_unsigned(const json& j, uint64_t max);

void get(const json& j, bool& v);
void get(const json& j, uint32_t& v);
void get(const json& j, uint64_t& v);
void get(const json& j, std::string& v);
void get(const json& j, std::pair<std::string, std::string>& kv);
// Defined in plan_json.cpp.
void get(const json& j, SuperviseChild& c);
void get(const json& j, Supervise& s);
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

// Reads the fields present in `in`; a missing one keeps its default, unless
// it is required.
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
    template <class T> void required(const char* key, T& v) {
        if (!in->contains(key)) {
            throw std::runtime_error(std::string("\"") + key + "\" is missing");
        }
        (*this)(key, v);
    }
};

// Throws unless `j` is an object.
void expect_object(const json& j);

// The "op" of an op object, or "" (then reading it says "unknown op").
std::string op_name_in(const json& j);

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
