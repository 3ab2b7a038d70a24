// schemagen: stdlib/*.vs -> C++ IR types, schema tables and decoders;
// with --plan, compiler/plan/*.vs -> the plan types and their JSON form.
// Usage: schemagen [--plan] OUT_DIR FILE.vs...
#include "tools/schemagen/gen.h"
#include "tools/schemagen/model.h"
#include "tools/schemagen/plan_gen.h"
#include "tools/schemagen/step_gen.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

// Writes only when the content changes, so an unchanged schema rebuilds nothing.
bool write_if_changed(const std::filesystem::path& path, const std::string& text) {
    std::ifstream in(path);
    if (in) {
        std::stringstream ss;
        ss << in.rdbuf();
        if (ss.str() == text)
            return true;
    }
    std::ofstream out(path);
    out << text;
    return static_cast<bool>(out);
}

int plan_main(const std::filesystem::path& out_dir, const schemagen::Schema& schema) {
    schemagen::PlanGen gen(schema);
    if (!gen.check())
        return 1;
    schemagen::PlanOutputs o = gen.emit();
    std::filesystem::create_directories(out_dir);
    bool ok = write_if_changed(out_dir / "plan_gen.h", o.types_h) &&
              write_if_changed(out_dir / "plan_gen.cpp", o.types_cpp) &&
              write_if_changed(out_dir / "plan_json_gen.h", o.json_h) &&
              write_if_changed(out_dir / "plan_json_gen.cpp", o.json_cpp);
    if (!ok) {
        std::cerr << "schemagen: cannot write to " << out_dir << "\n";
        return 1;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    bool plan = argc > 1 && std::string(argv[1]) == "--plan";
    if (plan) {
        --argc;
        ++argv;
    }
    if (argc < 3) {
        std::cerr << "usage: schemagen [--plan] OUT_DIR FILE.vs...\n";
        return 2;
    }
    std::filesystem::path out_dir = argv[1];
    std::vector<std::string> files(argv + 2, argv + argc);
    schemagen::Schema schema;
    if (!schemagen::parse_files(files, schema))
        return 1;
    if (plan)
        return plan_main(out_dir, schema);
    schemagen::Gen gen(schema);
    if (!gen.check())
        return 1;
    schemagen::Outputs o = gen.emit();
    schemagen::StepOutputs steps;
    if (!schemagen::emit_step_rules(schema, steps))
        return 1;
    std::filesystem::create_directories(out_dir);
    bool ok = write_if_changed(out_dir / "ir_gen.h", o.ir_h) &&
              write_if_changed(out_dir / "ir_gen.cpp", o.ir_cpp) &&
              write_if_changed(out_dir / "schema_gen.h", o.schema_h) &&
              write_if_changed(out_dir / "schema_gen.cpp", o.schema_cpp) &&
              write_if_changed(out_dir / "decode_gen.h", o.decode_h) &&
              write_if_changed(out_dir / "decode_gen.cpp", o.decode_cpp) &&
              write_if_changed(out_dir / "step_rules_gen.h", steps.rules_h) &&
              write_if_changed(out_dir / "step_lower_gen.h", steps.lower_h);
    if (!ok) {
        std::cerr << "schemagen: cannot write to " << out_dir << "\n";
        return 1;
    }
    return 0;
}
