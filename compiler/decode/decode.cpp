#include "compiler/decode/decode.h"

#include "decode_gen.h"

namespace vagga::decode {

ir::Config decode_config(const yaml::Node& root, diag::Diagnostics& diags) {
    Decoder d(diags);
    ir::Config config;
    // An empty file (or only comments) is a valid empty config.
    decode(d, root, config);
    return config;
}

StreamDecoder::StreamDecoder(diag::Diagnostics& diags)
    : d_(std::make_unique<Decoder>(diags)), containers_(std::make_shared<yaml::Node>()),
      commands_(std::make_shared<yaml::Node>()) {}
StreamDecoder::~StreamDecoder() = default;

yaml::EntrySink StreamDecoder::sink() {
    return [this](const std::string& section, const yaml::MapEntry& e) { return take(section, e); };
}

namespace {

// Decodes `e`'s value as the map value type V of its section, in the same
// context the map decoder would use, and leaves a placeholder in the tree.
// Decodes `e`'s value as the map value type V of its section, in the same
// context the map decoder would use, straight into a map node that the
// section's map later takes whole; the entry keeps the shared `marker`.
template <class V>
yaml::NodePtr ahead(Decoder& d, const yaml::NodePtr& marker, std::string_view noun,
                    const yaml::MapEntry& e) {
    using Node = typename std::map<ir::Str, V>::node_type;
    std::map<ir::Str, V> one;
    auto it = one.try_emplace(ir::Str{}).first;
    bool ok;
    {
        Decoder::Context ctx(d, noun, e.key);
        ok = decode(d, *e.value, it->second);
    }
    d.streamed<V>(marker.get(), ok ? one.extract(it) : Node{});
    return marker;
}

} // namespace

yaml::NodePtr StreamDecoder::take(const std::string& section, const yaml::MapEntry& e) {
    // Only what the schema's `containers`/`commands` maps hold; both are
    // keyed by plain names (the map keys are checked again in finish()).
    if (section == "containers")
        return ahead<ir::Container>(*d_, containers_, "container", e);
    if (section == "commands")
        return ahead<ir::Command>(*d_, commands_, "command", e);
    return e.value;
}

ir::Config StreamDecoder::finish(yaml::NodePtr root) {
    ir::Config config;
    decode(*d_, *root, config);
    return config;
}

} // namespace vagga::decode
