#include "compiler/plan/plan_json.h"

#include <stdexcept>
#include <type_traits>

namespace vagga::plan {
namespace {

using ojson = nlohmann::ordered_json;
using json = nlohmann::json;

// One list of fields per op, shared by the writer and the reader so the two
// directions cannot drift apart.
template <class F> void fields(F& f, IdMap& o) {
    f("map", o.kind);
    f("uids", o.uids);
    f("gids", o.gids);
}
template <class F> void fields(F& f, Namespaces& o) {
    f("ipc", o.ipc);
    f("net", o.net);
}
template <class F> void fields(F& f, Root& o) {
    f("source", o.source);
    f("writable", o.writable);
}
template <class F> void fields(F& f, MakeDir& o) {
    f("base", o.base);
    f("path", o.path);
    f("mode", o.mode);
    f("parents", o.parents);
    f("uid", o.uid);
    f("gid", o.gid);
}
template <class F> void fields(F& f, Bind& o) {
    f("source", o.source);
    f("target", o.target);
    f("read_only", o.read_only);
    f("recursive", o.recursive);
}
template <class F> void fields(F& f, Tmpfs& o) {
    f("target", o.target);
    f("size", o.size);
    f("mode", o.mode);
    f("read_only", o.read_only);
    f("subdirs", o.subdirs);
    f("files", o.files);
}
template <class F> void fields(F& f, Proc& o) {
    f("target", o.target);
}
template <class F> void fields(F& f, Sysfs& o) {
    f("target", o.target);
}
template <class F> void fields(F& f, Dev& o) {
    f("target", o.target);
}
template <class F> void fields(F& f, WriteFile& o) {
    f("path", o.path);
    f("contents", o.contents);
    f("mode", o.mode);
}
template <class F> void fields(F& f, Symlink& o) {
    f("path", o.path);
    f("link_target", o.link_target);
}
template <class F> void fields(F& f, HostFile& o) {
    f("kind", o.kind);
    f("target", o.target);
}
template <class F> void fields(F& f, InitVolume& o) {
    f("volumes_dir", o.volumes_dir);
    f("name", o.name);
    f("target", o.target);
    f("owner_uid", o.owner_uid);
    f("owner_gid", o.owner_gid);
}
template <class F> void fields(F& f, Snapshot& o) {
    f("target", o.target);
    f("source", o.source);
    f("size", o.size);
    f("owner_uid", o.owner_uid);
    f("owner_gid", o.owner_gid);
}
template <class F> void fields(F& f, SetEnv& o) {
    f("vars", o.vars);
}
template <class F> void fields(F& f, WorkDir& o) {
    f("path", o.path);
}
template <class F> void fields(F& f, User& o) {
    f("uid", o.uid);
    f("gid", o.gid);
    f("supplementary_gids", o.supplementary_gids);
    f("external_uid", o.external_uid);
}
template <class F> void fields(F& f, Pid1& o) {
    f("mode", o.mode);
}
template <class F> void fields(F& f, ListenSocket& o) {
    f("address", o.address);
    f("fd", o.fd);
}
template <class F> void fields(F& f, Exec& o) {
    f("argv", o.argv);
    f("search_path", o.search_path);
}
template <class F> void fields(F& f, Supervise& o) {
    f("mode", o.mode);
    f("kill_unresponsive_after", o.kill_unresponsive_after);
    f("children", o.children);
}

// Enum vocabularies: (value, name) tables; parsing walks the same table.
template <class E> struct EnumTable;
template <> struct EnumTable<MapKind> {
    static constexpr std::pair<MapKind, std::string_view> rows[] = {
        {MapKind::Container, "container"}, {MapKind::Max, "max"}};
};
template <> struct EnumTable<PathBase> {
    static constexpr std::pair<PathBase, std::string_view> rows[] = {
        {PathBase::Host, "host"}, {PathBase::Container, "container"}};
};
template <> struct EnumTable<HostFileKind> {
    static constexpr std::pair<HostFileKind, std::string_view> rows[] = {
        {HostFileKind::Hosts, "hosts"}, {HostFileKind::ResolvConf, "resolv_conf"}};
};
template <> struct EnumTable<Pid1Mode> {
    static constexpr std::pair<Pid1Mode, std::string_view> rows[] = {
        {Pid1Mode::Wait, "wait"},
        {Pid1Mode::WaitAllChildren, "wait-all-children"},
        {Pid1Mode::Exec, "exec"}};
};
template <> struct EnumTable<SuperviseMode> {
    static constexpr std::pair<SuperviseMode, std::string_view> rows[] = {
        {SuperviseMode::StopOnFailure, "stop-on-failure"},
        {SuperviseMode::WaitAllSuccessful, "wait-all-successful"}};
};

template <class E> std::string_view enum_name(E e) {
    for (const auto& [value, name] : EnumTable<E>::rows) {
        if (value == e) {
            return name;
        }
    }
    return "?";
}

template <class E> E enum_parse(const std::string& s) {
    for (const auto& [value, name] : EnumTable<E>::rows) {
        if (name == s) {
            return value;
        }
    }
    throw std::runtime_error("unknown value \"" + s + "\"");
}

// The op names, indexed like the Op variant.
template <class T> constexpr std::string_view name_of();
template <> constexpr std::string_view name_of<IdMap>() {
    return "idmap";
}
template <> constexpr std::string_view name_of<Namespaces>() {
    return "namespaces";
}
template <> constexpr std::string_view name_of<Root>() {
    return "root";
}
template <> constexpr std::string_view name_of<MakeDir>() {
    return "mkdir";
}
template <> constexpr std::string_view name_of<Bind>() {
    return "bind";
}
template <> constexpr std::string_view name_of<Tmpfs>() {
    return "tmpfs";
}
template <> constexpr std::string_view name_of<Proc>() {
    return "proc";
}
template <> constexpr std::string_view name_of<Sysfs>() {
    return "sysfs";
}
template <> constexpr std::string_view name_of<Dev>() {
    return "dev";
}
template <> constexpr std::string_view name_of<WriteFile>() {
    return "write_file";
}
template <> constexpr std::string_view name_of<Symlink>() {
    return "symlink";
}
template <> constexpr std::string_view name_of<HostFile>() {
    return "host_file";
}
template <> constexpr std::string_view name_of<InitVolume>() {
    return "init_volume";
}
template <> constexpr std::string_view name_of<Snapshot>() {
    return "snapshot";
}
template <> constexpr std::string_view name_of<SetEnv>() {
    return "env";
}
template <> constexpr std::string_view name_of<WorkDir>() {
    return "workdir";
}
template <> constexpr std::string_view name_of<User>() {
    return "user";
}
template <> constexpr std::string_view name_of<Pid1>() {
    return "pid1";
}
template <> constexpr std::string_view name_of<ListenSocket>() {
    return "listen_socket";
}
template <> constexpr std::string_view name_of<Exec>() {
    return "exec";
}
template <> constexpr std::string_view name_of<Supervise>() {
    return "supervise";
}

ojson write_ops(const std::vector<OpBox>& ops);
void read_ops(const json& arr, std::vector<OpBox>* ops);

// ---- writer ----

ojson put(bool v) {
    return v;
}
ojson put(uint32_t v) {
    return v;
}
ojson put(uint64_t v) {
    return v;
}
ojson put(const std::string& v) {
    return v;
}
ojson put(const IdRange& r) {
    return ojson::array({r.start, r.end});
}
ojson put(const TmpfsDir& d) {
    return ojson{{"path", d.path}, {"mode", d.mode}};
}
ojson put(const TmpfsFile& f) {
    ojson j = ojson::object();
    j["path"] = f.path;
    j["contents"] = f.contents ? ojson(*f.contents) : ojson(nullptr);
    j["mode"] = f.mode;
    return j;
}
ojson put(const std::pair<std::string, std::string>& kv) {
    return ojson::array({kv.first, kv.second});
}
ojson put(const SuperviseChild& c) {
    ojson j = ojson::object();
    j["name"] = c.name;
    j["ops"] = write_ops(c.ops);
    return j;
}
template <class E, class = decltype(EnumTable<E>::rows)> ojson put(E e) {
    return std::string(enum_name(e));
}
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

ojson write_ops(const std::vector<OpBox>& ops) {
    ojson arr = ojson::array();
    for (const auto& box : ops) {
        std::visit(
            [&](const auto& op) {
                using T = std::decay_t<decltype(op)>;
                ojson j = ojson::object();
                j["op"] = std::string(name_of<T>());
                Writer w{&j};
                T copy = op; // fields() takes non-const refs (shared with the reader)
                fields(w, copy);
                if (op.span.valid()) {
                    j["span"] = ojson{
                        {"file", op.span.file}, {"begin", op.span.begin}, {"end", op.span.end}};
                }
                arr.push_back(std::move(j));
            },
            box.op);
    }
    return arr;
}

// ---- reader ----
void get(const json& j, bool& v) {
    v = j.get<bool>();
}
void get(const json& j, uint32_t& v) {
    v = j.get<uint32_t>();
}
void get(const json& j, uint64_t& v) {
    v = j.get<uint64_t>();
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
void get(const json& j, TmpfsDir& d) {
    d.path = j.at("path").get<std::string>();
    if (j.contains("mode")) {
        d.mode = j.at("mode").get<uint32_t>();
    }
}
void get(const json& j, TmpfsFile& f) {
    f.path = j.at("path").get<std::string>();
    if (j.contains("contents") && !j.at("contents").is_null()) {
        f.contents = j.at("contents").get<std::string>();
    }
    if (j.contains("mode")) {
        f.mode = j.at("mode").get<uint32_t>();
    }
}
void get(const json& j, std::pair<std::string, std::string>& kv) {
    if (!j.is_array() || j.size() != 2) {
        throw std::runtime_error("an environment entry is [name, value]");
    }
    kv.first = j.at(0).get<std::string>();
    kv.second = j.at(1).get<std::string>();
}
void get(const json& j, SuperviseChild& c) {
    c.name = j.at("name").get<std::string>();
    read_ops(j.at("ops"), &c.ops);
}
template <class E, class = decltype(EnumTable<E>::rows)> void get(const json& j, E& e) {
    e = enum_parse<E>(j.get<std::string>());
}
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

template <class T> bool try_read(const std::string& name, const json& j, std::vector<OpBox>* ops) {
    if (name != name_of<T>()) {
        return false;
    }
    T op{};
    Reader r{&j};
    fields(r, op);
    if (j.contains("span")) {
        const auto& s = j.at("span");
        op.span = source::Span{s.at("file").get<uint32_t>(), s.at("begin").get<uint32_t>(),
                               s.at("end").get<uint32_t>()};
    }
    ops->push_back(OpBox{Op{std::move(op)}});
    return true;
}

template <class... Ts> struct ReadAny;
template <class... Ts> struct ReadAny<std::variant<Ts...>> {
    static bool read(const std::string& name, const json& j, std::vector<OpBox>* ops) {
        return (try_read<Ts>(name, j, ops) || ...);
    }
};

void read_ops(const json& arr, std::vector<OpBox>* ops) {
    if (!arr.is_array()) {
        throw std::runtime_error("\"ops\" must be an array");
    }
    size_t index = 0;
    for (const auto& j : arr) {
        std::string name = j.at("op").get<std::string>();
        try {
            if (!ReadAny<Op>::read(name, j, ops)) {
                throw std::runtime_error("unknown op");
            }
        } catch (const std::exception& e) {
            throw std::runtime_error("op " + std::to_string(index) + " (" + name +
                                     "): " + e.what());
        }
        ++index;
    }
}

} // namespace

std::string_view op_name(const Op& op) {
    return std::visit([](const auto& o) { return name_of<std::decay_t<decltype(o)>>(); }, op);
}

std::string_view to_string(MapKind k) {
    return enum_name(k);
}
std::string_view to_string(PathBase b) {
    return enum_name(b);
}
std::string_view to_string(HostFileKind k) {
    return enum_name(k);
}
std::string_view to_string(Pid1Mode m) {
    return enum_name(m);
}
std::string_view to_string(SuperviseMode m) {
    return enum_name(m);
}

nlohmann::ordered_json to_json(const LaunchPlan& plan) {
    ojson j = ojson::object();
    j["ops"] = write_ops(plan.ops);
    return j;
}

bool from_json(const nlohmann::json& doc, LaunchPlan* plan, std::string* error) {
    try {
        plan->ops.clear();
        read_ops(doc.at("ops"), &plan->ops);
        return true;
    } catch (const std::exception& e) {
        *error = e.what();
        return false;
    }
}

} // namespace vagga::plan
