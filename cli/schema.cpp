#include "cli/schema.h"

#include "cli/builtin_docs.h"
#include "compiler/schema/json_schema.h"
#include "compiler/text/json_text.h"

namespace vagga::cli {

int builtin_schema(Context& ctx, const std::vector<std::string>& args) {
    bool custom_tags = false;
    for (const auto& a : args) {
        if (a != "--custom-tags") { // `--help` never comes here: the launcher answers it
            ctx.err << usage_text(*find_builtin_doc("_schema"))
                    << "vagga _schema: unexpected argument `" << a << "`\n";
            return exit_code::usage;
        }
        custom_tags = true;
    }
    auto j = custom_tags ? schema::custom_tags() : schema::json_schema();
    ctx.out << text::dump_json(j, 2) << "\n";
    return exit_code::ok;
}

} // namespace vagga::cli
