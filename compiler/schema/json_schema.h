// The schema tables (schema.h) exported for generic YAML tools: a JSON
// Schema of vagga.yaml and the `customTags` list yaml-language-server needs
// to accept vagga's tags (ecosystem.md §3.1). Both are printed from the same
// tables the decoder uses, so they cannot drift from it.
//
// A JSON Schema has no notion of YAML tags: a tagged value (`!Install [git]`,
// `!Command {run: ...}`) reaches the validator as its plain node. So a union
// is the `anyOf` of its options' shapes, and the schema cannot tell which
// tag was written; checking that the shape fits the tag is the decoder's (and
// the future vagga-lsp's) job.
#pragma once

#include <nlohmann/json.hpp>

namespace vagga::schema {

// The JSON Schema (draft-07) of vagga.yaml: every key, type, enum, default
// and doc string, tags left out. Accepts every value the decoder accepts
// once tags are dropped (it is looser only where tags or YAML's own typing
// hide the difference) and rejects structural errors: unknown keys, missing
// required fields, a mapping where a list belongs.
nlohmann::json json_schema();

// yaml-language-server's `yaml.customTags`: "!Tag kind" for every tag and
// every node kind (scalar, sequence, mapping) the decoder accepts after it;
// a bare tag with no value counts as a scalar. Includes the YAML layer's own
// `!*Include` and `!*Unpack`.
nlohmann::json custom_tags();

} // namespace vagga::schema
