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

ir::Config decode_config(yaml::NodePtr root, diag::Diagnostics& diags) {
    Decoder d(diags);
    // Only mappings that this tree alone holds (not also an alias target, an
    // include cache entry or another caller's node) may lose their values.
    if (root.use_count() == 1)
        for (const auto& e : root->entries)
            if (e.value.use_count() == 1 && e.value->is_map())
                d.release_after_decode(e.value.get());
    ir::Config config;
    decode(d, *root, config);
    return config;
}

} // namespace vagga::decode
