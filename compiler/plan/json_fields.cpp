#include "compiler/plan/json_fields.h"

#include <cstdint>
#include <string>

namespace vagga::plan::json_fields {

ojson put(bool v) {
    return v;
}
ojson put(uint32_t v) {
    return v;
}
ojson put(uint64_t v) {
    return v;
}
ojson put(const std::string& v) {
    return v;
}
ojson put(const std::pair<std::string, std::string>& kv) {
    return ojson::array({kv.first, kv.second});
}

void put_span(ojson& j, const source::Span& span) {
    if (span.valid()) {
        j["span"] = ojson{{"file", span.file}, {"begin", span.begin}, {"end", span.end}};
    }
}

void get(const json& j, bool& v) {
    v = j.get<bool>();
}
uint64_t get_unsigned(const json& j, uint64_t max) {
    // Only a non-negative integer: nlohmann's get<uint32_t>() casts a
    // float or a larger integer as it is (1e57 is undefined behaviour, 2^32
    // wraps to 0; found by fuzz/plan_json).
    if (!j.is_number_unsigned()) {
        throw std::runtime_error("expected a non-negative integer");
    }
    uint64_t v = j.get<uint64_t>();
    if (v > max) {
        throw std::runtime_error(std::to_string(v) + " is out of range (at most " +
                                 std::to_string(max) + ")");
    }
    return v;
}

void get(const json& j, uint32_t& v) {
    v = static_cast<uint32_t>(get_unsigned(j, UINT32_MAX));
}
void get(const json& j, uint64_t& v) {
    v = get_unsigned(j, UINT64_MAX);
}
void get(const json& j, std::string& v) {
    v = j.get<std::string>();
}
void get(const json& j, std::pair<std::string, std::string>& kv) {
    if (!j.is_array() || j.size() != 2) {
        throw std::runtime_error("an environment entry is [name, value]");
    }
    kv.first = j.at(0).get<std::string>();
    kv.second = j.at(1).get<std::string>();
}

source::Span get_span(const json& j) {
    if (!j.contains("span")) {
        return {};
    }
    const auto& s = j.at("span");
    source::Span span;
    get(s.at("file"), span.file);
    get(s.at("begin"), span.begin);
    get(s.at("end"), span.end);
    return span;
}

const json& array_at(const json& j, const char* key) {
    const json& arr = j.at(key);
    if (!arr.is_array()) {
        throw std::runtime_error(std::string("\"") + key + "\" must be an array");
    }
    return arr;
}

void expect_object(const json& j) {
    if (!j.is_object()) {
        throw std::runtime_error("expected an object");
    }
}

std::string op_name_in(const json& j) {
    if (j.is_object() && j.contains("op") && j.at("op").is_string()) {
        return j.at("op").get<std::string>();
    }
    return "";
}

std::string op_context(size_t index, const std::string& name) {
    return "op " + std::to_string(index) + " (" + name + ")";
}

} // namespace vagga::plan::json_fields
