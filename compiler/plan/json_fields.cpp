#include "compiler/plan/json_fields.h"

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
ojson put(const IdRange& r) {
    return ojson::array({r.start, r.end});
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
void get(const json& j, uint32_t& v) {
    v = j.get<uint32_t>();
}
void get(const json& j, uint64_t& v) {
    v = j.get<uint64_t>();
}
void get(const json& j, std::string& v) {
    v = j.get<std::string>();
}
void get(const json& j, IdRange& r) {
    if (!j.is_array() || j.size() != 2) {
        throw std::runtime_error("an id range is [start, end]");
    }
    r.start = j.at(0).get<uint32_t>();
    r.end = j.at(1).get<uint32_t>();
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
    return source::Span{s.at("file").get<uint32_t>(), s.at("begin").get<uint32_t>(),
                        s.at("end").get<uint32_t>()};
}

const json& array_at(const json& j, const char* key) {
    const json& arr = j.at(key);
    if (!arr.is_array()) {
        throw std::runtime_error(std::string("\"") + key + "\" must be an array");
    }
    return arr;
}

std::string op_context(size_t index, const std::string& name) {
    return "op " + std::to_string(index) + " (" + name + ")";
}

} // namespace vagga::plan::json_fields
