// Checks what `!Alpine`'s bootstrap fetches from a mirror before anything of
// it runs: the package index and the apk-tools-static package must carry a
// signature by one of Alpine's keys (alpine-keys/), and the package's files
// must be the ones its signed control part names (language: apk v2, a
// package is three gzip members: signature, control, data).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vagga::runtime::build {

// A key's file name (as in `.SIGN.RSA.<name>`) and its PEM text.
using ApkKey = std::pair<std::string, std::string>;

// Alpine's keys, compiled in from alpine-keys/.
const std::vector<ApkKey>& alpine_keys();

// The trouble with `data` (an APKINDEX.tar.gz or an .apk), or nullopt
// when its signature is good. With `whole_package`, the data member's
// sha256 must also match the signed `.PKGINFO`'s `datahash`.
std::optional<std::string>
apk_signature_problem(std::string_view data, const std::vector<ApkKey>& keys, bool whole_package);

} // namespace vagga::runtime::build
