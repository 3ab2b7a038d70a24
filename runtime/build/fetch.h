// Getting files into a build: downloads (http/https through libcurl, cached
// in <cache>/downloads, sha256 checked) and archives (tar.gz/xz/bz2 and zip
// through libarchive, unpacked inside the root without leaving it).
#pragma once

#include "runtime/build/context.h"

namespace vagga::runtime::build {

// A host path holding the source's bytes: the local file itself, or the
// cached download (`<cache>/downloads/<8 hex>-<basename>`, the 8 hex being
// the sha256 prefix when given, else sha256 of the URL; fetched to `.part`
// under `<file>.lock` and renamed). A sha256 mismatch is an error
// "Hashsum mismatch: expected X but was Y".
Result<std::string> fetch(StepContext& ctx, const plan::FetchSource& src, source::Span span);

// !Tar, !Unzip, !TarInstall's unpack.
Status unpack(StepContext& ctx, const plan::BuildUnpack& op);

// !Download.
Status download(StepContext& ctx, const plan::BuildDownload& op);

} // namespace vagga::runtime::build
