#include "compiler/yaml/node.h"

namespace vagga::yaml {

const MapEntry* Node::find(const std::string& key) const {
    for (const auto& e : entries)
        if (e.key == key)
            return &e;
    return nullptr;
}

const char* kind_name(Kind k) {
    switch (k) {
    case Kind::Null:
        return "null";
    case Kind::Scalar:
        return "scalar";
    case Kind::Map:
        return "mapping";
    case Kind::Seq:
        return "sequence";
    }
    return "null";
}

} // namespace vagga::yaml
