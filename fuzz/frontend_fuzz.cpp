// vagga.yaml text through the whole front end (YAML layer, streaming
// decoder, IR, project defaults, checks), then every diagnostic rendered as
// text and as JSON. The JSON must always be valid: it is what `check
// --format json` and the language server write.
#include "compat/utf8.h"
#include "compiler/checks/checks.h"
#include "compiler/diag/render.h"
#include "compiler/project/project.h"
#include "compiler/text/json_text.h"

#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace vagga;
    const std::filesystem::path file = "/nonexistent/vagga-fuzz/vagga.yaml";
    project::Frontend fe;
    source::OverlayFileSystem overlay(fe.real_fs);
    overlay.set(file, std::string(reinterpret_cast<const char*>(data), size));
    fe.fs = &overlay;
    project::Discovery where{file.parent_path(), file, {}};
    project::Project p = project::load(fe, where, {false, std::nullopt, std::nullopt});
    checks::check_load(p.config, fe.diags);
    checks::check_references(p.config, fe.diags);

    (void)diag::render_text(fe.sources, fe.diags);
    std::string json = text::dump_json(diag::to_json(fe.sources, fe.diags), 2);
    if (!compat::is_valid_utf8(json) || !nlohmann::json::accept(json))
        std::abort();
    return 0;
}
