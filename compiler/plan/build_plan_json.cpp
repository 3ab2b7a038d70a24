#include "compiler/plan/build_plan_json.h"

#include "compiler/plan/json_fields.h"

#include <stdexcept>
#include <type_traits>
#include <utility>

namespace vagga::plan {

namespace json_fields {

// One list of fields per type (IdMap's is in json_fields.h); see there why
// they are in that namespace.
template <class F> void fields(F& f, BuildCommand& o) {
    f("argv", o.argv);
    f("work_dir", o.work_dir);
    f("uid", o.uid);
    f("gid", o.gid);
    f("supplementary_gids", o.supplementary_gids);
    f("external_uid", o.external_uid);
    f("isolate_network", o.isolate_network);
    f("env", o.env);
}
template <class F> void fields(F& f, BuildEnv& o) {
    f("vars", o.vars);
}
template <class F> void fields(F& f, BuildWriteFile& o) {
    f("path", o.path);
    f("contents", o.contents);
    f("mode", o.mode);
    f("make_parents", o.make_parents);
}
template <class F> void fields(F& f, BuildEnsureDir& o) {
    f("path", o.path);
}
template <class F> void fields(F& f, BuildRemove& o) {
    f("path", o.path);
}
template <class F> void fields(F& f, BuildEmptyDir& o) {
    f("path", o.path);
}
template <class F> void fields(F& f, BuildCacheMount& o) {
    f("path", o.path);
    f("name", o.name);
}
template <class F> void fields(F& f, BuildFilter& o) {
    f("ignore_regex", o.ignore_regex);
    f("include_regex", o.include_regex);
    f("rules", o.rules);
    f("glob", o.glob);
}
template <class F> void fields(F& f, BuildCopy& o) {
    f("host_source", o.host_source);
    f("source_root", o.source_root);
    f("resolve", o.resolve);
    f("path", o.path);
    f("filter", o.filter);
    f("owner_uid", o.owner_uid);
    f("owner_gid", o.owner_gid);
    f("umask", o.umask);
    f("preserve_permissions", o.preserve_permissions);
    f("preserve_times", o.preserve_times);
}
template <class F> void fields(F& f, BuildCopyRoot& o) {
    f("container", o.container);
    f("host_root", o.host_root);
}
template <class F> void fields(F& f, BuildFromContainer& o) {
    f("container", o.container);
    f("host_source", o.host_source);
    f("source_root", o.source_root);
    f("path", o.path);
    f("temporary_mount", o.temporary_mount);
}
template <class F> void fields(F& f, FetchSource& o) {
    f("url", o.url);
    f("host_path", o.host_path);
    f("host_root", o.host_root);
    f("sha256", o.sha256);
}
template <class F> void fields(F& f, BuildUnpack& o) {
    f("kind", o.kind);
    f("source", o.source);
    f("path", o.path);
    f("subdir", o.subdir);
}
template <class F> void fields(F& f, BuildDownload& o) {
    f("source", o.source);
    f("path", o.path);
    f("mode", o.mode);
}
template <class F> void fields(F& f, BuildBootstrap& o) {
    f("distro", o.distro);
    f("release", o.release);
    f("mirror", o.mirror);
    f("image_url", o.image_url);
    f("arch", o.arch);
    f("keep_chfn", o.keep_chfn);
    f("eatmydata", o.eatmydata);
}
template <class F> void fields(F& f, BuildPackages& o) {
    f("distro", o.distro);
    f("packages", o.packages);
    f("build_deps", o.build_deps);
}
template <class F> void fields(F& f, BuildRepo& o) {
    f("distro", o.distro);
    f("line", o.line);
    f("file", o.file);
}
template <class F> void fields(F& f, BuildAptTrust& o) {
    f("server", o.server);
    f("keys", o.keys);
}

// The value types only build plans hold: objects of their fields.
ojson put(const BuildFilter& v) {
    return put_object(v);
}
ojson put(const FetchSource& v) {
    return put_object(v);
}

void get(const json& j, BuildFilter& v) {
    get_object(j, v);
}
void get(const json& j, FetchSource& v) {
    get_object(j, v);
}

} // namespace json_fields

namespace {

using namespace json_fields;

ojson write_op(const BuildOp& op) {
    return std::visit(
        [&](const auto& o) {
            ojson j = ojson::object();
            j["op"] = std::string(op_name(op));
            put_fields(j, o);
            put_span(j, o.span);
            return j;
        },
        op);
}

// Tries each alternative of BuildOp in turn; op_name() of a default value
// gives its name, so the names live in build_plan.cpp only.
template <size_t I = 0> BuildOp read_op_as(const std::string& name, const json& j) {
    if constexpr (I == std::variant_size_v<BuildOp>) {
        throw std::runtime_error("unknown op");
    } else {
        BuildOp op(std::in_place_index<I>);
        if (op_name(op) != name) {
            return read_op_as<I + 1>(name, j);
        }
        auto& o = std::get<I>(op);
        get_fields(j, o);
        o.span = get_span(j);
        return op;
    }
}

std::string op_name_in(const json& o) {
    return o.is_object() && o.contains("op") ? o.at("op").get<std::string>() : "";
}

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
        [&](const json& o, size_t) { step.ops.push_back(read_op_as(op_name_in(o), o)); });
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
    ojson idmap = put_object(plan.idmap);
    put_span(idmap, plan.idmap.span);
    j["idmap"] = std::move(idmap);
    ojson steps = ojson::array();
    for (const auto& step : plan.steps) {
        ojson s = ojson::object();
        s["label"] = step.label;
        put_span(s, step.span);
        ojson ops = ojson::array();
        for (const auto& op : step.ops) {
            ops.push_back(write_op(op));
        }
        s["ops"] = std::move(ops);
        steps.push_back(std::move(s));
    }
    j["steps"] = std::move(steps);
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
            get_object(doc.at("idmap"), out.idmap);
            out.idmap.span = get_span(doc.at("idmap"));
        }
        read_each(
            array_at(doc, "steps"),
            [](size_t index, const json&) { return "step " + std::to_string(index); },
            [&](const json& s, size_t) { out.steps.push_back(read_step(s)); });
        *plan = std::move(out);
        return true;
    } catch (const std::exception& e) {
        *error = e.what();
        return false;
    }
}

} // namespace vagga::plan
