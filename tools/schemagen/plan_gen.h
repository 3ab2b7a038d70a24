// Turns plan declarations (compiler/plan/*.vs) into C++: the plan's records,
// enums and op variants (plan_gen.h/.cpp) and their JSON readers and writers
// (plan_json_gen.h/.cpp), so an op, its name and its JSON fields are written
// once.
#pragma once

#include "tools/schemagen/model.h"

#include <string>

namespace schemagen {

struct PlanOutputs {
    std::string types_h;
    std::string types_cpp;
    std::string json_h;
    std::string json_cpp;
};

class PlanGen {
  public:
    explicit PlanGen(const Schema& s) : s_(s) {}
    // Checks types, defaults and names; prints errors and returns false.
    bool check();
    PlanOutputs emit() const;

  private:
    const StructDef* find_struct(const std::string& name) const;
    const EnumDef* find_enum(const std::string& name) const;
    bool check_type(const Type& t, const std::string& where);
    bool check_default(const Field& f, const std::string& where);
    bool check_fields(const std::vector<Member>& members, const std::string& where);

    std::string cpp_type(const Type& t) const;
    std::string cpp_literal(const Type& t, const Literal& l) const;
    std::string cpp_default(const Field& f) const;

    void emit_record(std::string& out, const std::string& name, const Attrs& attrs,
                     const std::vector<Member>& members, const std::string& op_name) const;
    void emit_record_json(PlanOutputs& o, const std::string& name, const Attrs& attrs,
                          const std::vector<Member>& members) const;

    const Schema& s_;
    int errors_ = 0;
};

} // namespace schemagen
