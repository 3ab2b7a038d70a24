// Turns the checked schema model into C++: the IR types (ir_gen.h), the
// schema tables (schema_gen.cpp) and the decoders (decode_gen.cpp).
#pragma once

#include "tools/schemagen/model.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace schemagen {

struct Outputs {
    std::string ir_h;
    std::string ir_cpp;
    std::string schema_h;
    std::string schema_cpp;
    std::string decode_h;
    std::string decode_cpp;
};

class Gen {
  public:
    explicit Gen(const Schema& s);
    // Checks names, defaults and bounds; prints errors and returns false.
    bool check();
    Outputs emit();

  private:
    enum class Named { None, Struct, Union, Enum };
    Named kind_of(const std::string& name) const;
    const StructDef* find_struct(const std::string& name) const;
    const UnionDef* find_union(const std::string& name) const;
    const EnumDef* find_enum(const std::string& name) const;

    std::vector<const Field*> flatten(const std::vector<Member>& members) const;
    bool check_type(const Type& t, const std::string& where);
    bool check_default(const Field& f, const std::string& where);
    bool is_required(const Field& f) const;

    std::string cpp_type(const Type& t) const;
    std::string cpp_default(const Field& f) const;
    std::string display(const Type& t) const;
    std::string decode_expr(const Type& t, const std::string& node, const std::string& target,
                            int depth, const std::string& noun) const;
    std::string type_ref(const Type& t); // name of the TypeInfo constant

    void emit_ir_types(std::string& out);
    void emit_struct_body(std::string& out, const std::vector<Member>& members,
                          const std::string& indent) const;
    void emit_tables(Outputs& o);
    void emit_field_table(std::string& out, const std::string& name,
                          const std::vector<Member>& members);
    void emit_decoders(Outputs& o);
    void emit_struct_decoder(std::string& out, const std::string& info,
                             const std::vector<Member>& members, const std::string& shorthand,
                             const std::string& target);

    const Schema& s_;
    std::map<std::string, std::string> type_names_; // display -> constant name
    std::string type_defs_;
    int errors_ = 0;
};

} // namespace schemagen
