#include "compiler/plan/build_plan_json.h"

#include "compiler/plan/json_fields.h"

#include <stdexcept>
#include <utility>

namespace vagga::plan {

namespace {

using namespace json_fields;

BuildStep read_step(const json& j) {
    if (!j.is_object()) {
        throw std::runtime_error("a step is an object");
    }
    BuildStep step;
    step.label = j.at("label").get<std::string>();
    step.span = get_span(j);
    read_each(
        array_at(j, "ops"),
        [](size_t index, const json& o) { return op_context(index, op_name_in(o)); },
        [&](const json& o, size_t) {
            BuildOp op;
            get(o, op);
            step.ops.push_back(std::move(op));
        });
    return step;
}

// The plan's own fields besides steps and idmap.
template <class F> void plan_fields(F& f, BuildPlan& p) {
    f("container", p.container);
    f("version", p.version);
    f("root_dir", p.root_dir);
    f("project_root", p.project_root);
    f("cache_dir", p.cache_dir);
    f("env", p.env);
    f("truncate_files", p.truncate_files);
    f("data_dirs", p.data_dirs);
    f("timings_log", p.timings_log);
    f("image", p.image);
}

} // namespace

nlohmann::ordered_json to_json(const BuildPlan& plan) {
    ojson j = ojson::object();
    BuildPlan copy = plan;
    Writer w{&j};
    plan_fields(w, copy);
    j["idmap"] = put(plan.idmap);
    ojson steps = ojson::array();
    for (const auto& step : plan.steps) {
        ojson s = ojson::object();
        s["label"] = step.label;
        put_span(s, step.span);
        ojson ops = ojson::array();
        for (const auto& op : step.ops) {
            ops.push_back(put(op));
        }
        s["ops"] = std::move(ops);
        steps.push_back(std::move(s));
    }
    j["steps"] = std::move(steps);
    if (plan.snapshot) {
        j["snapshot"] = put(*plan.snapshot);
    }
    return j;
}

bool from_json(const nlohmann::json& doc, BuildPlan* plan, std::string* error) {
    try {
        if (!doc.is_object()) {
            throw std::runtime_error("a build plan is an object");
        }
        BuildPlan out;
        Reader r{&doc};
        plan_fields(r, out);
        if (doc.contains("idmap")) {
            get(doc.at("idmap"), out.idmap);
        }
        read_each(
            array_at(doc, "steps"),
            [](size_t index, const json&) { return "step " + std::to_string(index); },
            [&](const json& s, size_t) { out.steps.push_back(read_step(s)); });
        if (doc.contains("snapshot")) {
            get(doc.at("snapshot"), out.snapshot);
        }
        *plan = std::move(out);
        return true;
    } catch (const std::exception& e) {
        *error = e.what();
        return false;
    }
}

} // namespace vagga::plan
