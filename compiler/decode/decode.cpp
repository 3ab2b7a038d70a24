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

} // namespace vagga::decode
