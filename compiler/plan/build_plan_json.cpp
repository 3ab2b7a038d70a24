#include "compiler/plan/build_plan_json.h"

#include <stdexcept>
#include <type_traits>
#include <utility>

namespace vagga::plan {
namespace {

using ojson = nlohmann::ordered_json;
using json = nlohmann::json;

// One list of fields per type, shared by the writer and the reader so the
// two directions cannot drift apart (as in plan_json.cpp).
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
    f("path", o.path);
    f("temporary_mount", o.temporary_mount);
}
template <class F> void fields(F& f, FetchSource& o) {
    f("url", o.url);
    f("host_path", o.host_path);
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
template <class F> void fields(F& f, IdMap& o) {
    f("map", o.kind);
    f("uids", o.uids);
    f("gids", o.gids);
}

// Enums: every value is listed once; names come from to_string().
template <class E> struct EnumValues;
template <> struct EnumValues<ArchiveKind> {
    static constexpr ArchiveKind all[] = {ArchiveKind::Tar, ArchiveKind::Zip};
};
template <> struct EnumValues<Distro> {
    static constexpr Distro all[] = {Distro::Debian, Distro::Ubuntu, Distro::Alpine};
};
template <> struct EnumValues<MapKind> {
    static constexpr MapKind all[] = {MapKind::Container, MapKind::Max};
};

template <class E> E enum_parse(const std::string& s) {
    for (E e : EnumValues<E>::all) {
        if (to_string(e) == s) {
            return e;
        }
    }
    throw std::runtime_error("unknown value \"" + s + "\"");
}

// Types written as objects through their fields() list.
template <class T>
concept Structured =
    std::is_same_v<T, BuildFilter> || std::is_same_v<T, FetchSource> || std::is_same_v<T, IdMap>;

// ---- writer ----

ojson put(bool v) {
    return v;
}
ojson put(uint32_t v) {
    return v;
}
ojson put(const std::string& v) {
    return v;
}
ojson put(const IdRange& r) {
    return ojson::array({r.start, r.end});
}
ojson put(const std::pair<std::string, std::string>& kv) {
    return ojson::array({kv.first, kv.second});
}
template <class E, class = decltype(EnumValues<E>::all)> ojson put(E e) {
    return std::string(to_string(e));
}
template <Structured T> ojson put(const T& v);
template <class T> ojson put(const std::optional<T>& v) {
    return v ? put(*v) : ojson(nullptr);
}
template <class T> ojson put(const std::vector<T>& v) {
    ojson a = ojson::array();
    for (const auto& x : v) {
        a.push_back(put(x));
    }
    return a;
}

struct Writer {
    ojson* out;
    template <class T> void operator()(const char* key, const T& v) { (*out)[key] = put(v); }
};

template <Structured T> ojson put(const T& v) {
    ojson j = ojson::object();
    Writer w{&j};
    T copy = v; // fields() takes non-const refs (shared with the reader)
    fields(w, copy);
    return j;
}

void put_span(ojson& j, const source::Span& span) {
    if (span.valid()) {
        j["span"] = ojson{{"file", span.file}, {"begin", span.begin}, {"end", span.end}};
    }
}

ojson write_op(const BuildOp& op) {
    return std::visit(
        [&](const auto& o) {
            using T = std::decay_t<decltype(o)>;
            ojson j = ojson::object();
            j["op"] = std::string(op_name(op));
            Writer w{&j};
            T copy = o;
            fields(w, copy);
            put_span(j, o.span);
            return j;
        },
        op);
}

// ---- reader ----

void get(const json& j, bool& v) {
    v = j.get<bool>();
}
void get(const json& j, uint32_t& v) {
    v = j.get<uint32_t>();
}
void get(const json& j, std::string& v) {
    v = j.get<std::string>();
}
void get(const json& j, IdRange& r) {
    if (!j.is_array() || j.size() != 2) {
        throw std::runtime_error("an id range is [start, end]");
    }
    r.start = j.at(0).get<uint32_t>();
    r.end = j.at(1).get<uint32_t>();
}
void get(const json& j, std::pair<std::string, std::string>& kv) {
    if (!j.is_array() || j.size() != 2) {
        throw std::runtime_error("an environment entry is [name, value]");
    }
    kv.first = j.at(0).get<std::string>();
    kv.second = j.at(1).get<std::string>();
}
template <class E, class = decltype(EnumValues<E>::all)> void get(const json& j, E& e) {
    e = enum_parse<E>(j.get<std::string>());
}
template <Structured T> void get(const json& j, T& v);
template <class T> void get(const json& j, std::optional<T>& v) {
    if (j.is_null()) {
        v.reset();
    } else {
        T x{};
        get(j, x);
        v = std::move(x);
    }
}
template <class T> void get(const json& j, std::vector<T>& v) {
    if (!j.is_array()) {
        throw std::runtime_error("expected an array");
    }
    v.clear();
    for (const auto& x : j) {
        T item{};
        get(x, item);
        v.push_back(std::move(item));
    }
}

struct Reader {
    const json* in;
    template <class T> void operator()(const char* key, T& v) {
        if (in->contains(key)) {
            try {
                get(in->at(key), v);
            } catch (const std::exception& e) {
                throw std::runtime_error(std::string("field \"") + key + "\": " + e.what());
            }
        }
    }
};

template <Structured T> void get(const json& j, T& v) {
    if (!j.is_object()) {
        throw std::runtime_error("expected an object");
    }
    Reader r{&j};
    fields(r, v);
}

source::Span get_span(const json& j) {
    if (!j.contains("span")) {
        return {};
    }
    const auto& s = j.at("span");
    return source::Span{s.at("file").get<uint32_t>(), s.at("begin").get<uint32_t>(),
                        s.at("end").get<uint32_t>()};
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
        Reader r{&j};
        fields(r, o);
        o.span = get_span(j);
        return op;
    }
}

BuildStep read_step(const json& j) {
    if (!j.is_object()) {
        throw std::runtime_error("a step is an object");
    }
    BuildStep step;
    step.label = j.at("label").get<std::string>();
    step.span = get_span(j);
    const json& ops = j.at("ops");
    if (!ops.is_array()) {
        throw std::runtime_error("\"ops\" must be an array");
    }
    size_t index = 0;
    for (const auto& o : ops) {
        std::string name = o.is_object() && o.contains("op") ? o.at("op").get<std::string>() : "";
        try {
            step.ops.push_back(read_op_as(name, o));
        } catch (const std::exception& e) {
            throw std::runtime_error("op " + std::to_string(index) + " (" + name +
                                     "): " + e.what());
        }
        ++index;
    }
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
}

} // namespace

nlohmann::ordered_json to_json(const BuildPlan& plan) {
    ojson j = ojson::object();
    BuildPlan copy = plan;
    Writer w{&j};
    plan_fields(w, copy);
    ojson idmap = put(plan.idmap);
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
            get(doc.at("idmap"), out.idmap);
            out.idmap.span = get_span(doc.at("idmap"));
        }
        const json& steps = doc.at("steps");
        if (!steps.is_array()) {
            throw std::runtime_error("\"steps\" must be an array");
        }
        size_t index = 0;
        for (const auto& s : steps) {
            try {
                out.steps.push_back(read_step(s));
            } catch (const std::exception& e) {
                throw std::runtime_error("step " + std::to_string(index) + ": " + e.what());
            }
            ++index;
        }
        *plan = std::move(out);
        return true;
    } catch (const std::exception& e) {
        *error = e.what();
        return false;
    }
}

} // namespace vagga::plan
