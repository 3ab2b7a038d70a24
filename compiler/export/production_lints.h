// `vagga check --target production`: what a command relies on that vagga
// gives it on a developer's machine and a production engine does not
// (ecosystem.md, the lithos notes): the project in /work, a writable root,
// the host's sockets and files, a /tmp vagga adds, vagga's default PATH.
// Warnings, located at the command, the field or the volume concerned.
#pragma once

#include "compiler/export/workload.h"

namespace vagga::exporter {

// Every command of `in.config` (its containers need not be built).
void lint_production(const lower::LaunchInput& in, diag::Diagnostics& out);

} // namespace vagga::exporter
