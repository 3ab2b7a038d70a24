// decode stage: a located YAML node tree -> the typed IR (ir::Config).
//
// Takes: the root node of one config file (vagga.yaml, a mixin, a
// sub-config). Returns: the config with every value that could be read, and
// schema defaults elsewhere. Reports: unknown keys and tags (with "did you
// mean"), missing fields, wrong shapes, bad scalars, each located; it goes on
// after each one, so a single pass finds all of them.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/yaml/node.h"
#include "ir_gen.h"

#include <memory>
#include <string>

namespace vagga::decode {

class Decoder;

ir::Config decode_config(const yaml::Node& root, diag::Diagnostics& diags);

// Decoding while parsing: give sink() to yaml::Loader::set_entry_sink, load
// the file, then finish() with the root. Each `containers:` and `commands:`
// entry is decoded as soon as the parser completes it and its subtree is
// dropped, so a large config's node tree is never whole in memory. Results
// and diagnostics are those of decode_config.
class StreamDecoder {
  public:
    explicit StreamDecoder(diag::Diagnostics& diags);
    ~StreamDecoder();
    StreamDecoder(const StreamDecoder&) = delete;
    StreamDecoder& operator=(const StreamDecoder&) = delete;

    yaml::EntrySink sink();
    ir::Config finish(yaml::NodePtr root);

  private:
    yaml::NodePtr take(const std::string& section, const yaml::MapEntry& entry);
    std::unique_ptr<Decoder> d_;
    // What a streamed entry's value becomes in the tree: one shared node per
    // section rather than one per entry (20,000 nodes in a 10,000-container
    // file). Entries keep their own key spans for messages.
    yaml::NodePtr containers_;
    yaml::NodePtr commands_;
};

} // namespace vagga::decode
