#include "compiler/plan/plan_json.h"

#include "compiler/plan/json_fields.h"

#include <stdexcept>
#include <type_traits>

namespace vagga::plan {

namespace json_fields {

// One list of fields per op (IdMap's is in json_fields.h); see there why
// they are in that namespace.
template <class F> void fields(F& f, Namespaces& o) {
    f("ipc", o.ipc);
    f("net", o.net);
}
template <class F> void fields(F& f, Root& o) {
    f("source", o.source);
    f("writable", o.writable);
    f("transient_copy", o.transient_copy);
}
template <class F> void fields(F& f, MakeDir& o) {
    f("base", o.base);
    f("path", o.path);
    f("root", o.root);
    f("mode", o.mode);
    f("parents", o.parents);
    f("uid", o.uid);
    f("gid", o.gid);
}
template <class F> void fields(F& f, Bind& o) {
    f("source", o.source);
    f("source_root", o.source_root);
    f("resolve", o.resolve);
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
    f("source_root", o.source_root);
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

} // namespace json_fields

namespace {

using namespace json_fields;

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

ojson write_ops(const std::vector<OpBox>& ops) {
    ojson arr = ojson::array();
    for (const auto& box : ops) {
        std::visit(
            [&](const auto& op) {
                using T = std::decay_t<decltype(op)>;
                ojson j = ojson::object();
                j["op"] = std::string(name_of<T>());
                put_fields(j, op);
                put_span(j, op.span);
                arr.push_back(std::move(j));
            },
            box.op);
    }
    return arr;
}

template <class T> bool try_read(const std::string& name, const json& j, std::vector<OpBox>* ops) {
    if (name != name_of<T>()) {
        return false;
    }
    T op{};
    get_fields(j, op);
    op.span = get_span(j);
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
    read_each(
        arr,
        [](size_t index, const json& j) {
            return op_context(index, j.at("op").get<std::string>());
        },
        [&](const json& j, size_t) {
            if (!ReadAny<Op>::read(j.at("op").get<std::string>(), j, ops)) {
                throw std::runtime_error("unknown op");
            }
        });
}

} // namespace

// The value types only launch plans hold.
namespace json_fields {

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
ojson put(const SuperviseChild& c) {
    ojson j = ojson::object();
    j["name"] = c.name;
    j["ops"] = write_ops(c.ops);
    return j;
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
void get(const json& j, SuperviseChild& c) {
    c.name = j.at("name").get<std::string>();
    read_ops(array_at(j, "ops"), &c.ops);
}

} // namespace json_fields

std::string_view op_name(const Op& op) {
    return std::visit([](const auto& o) { return name_of<std::decay_t<decltype(o)>>(); }, op);
}

std::string_view to_string(MapKind k) {
    switch (k) {
    case MapKind::Container:
        return "container";
    case MapKind::Max:
        return "max";
    }
    return "?";
}
std::string_view to_string(Resolve r) {
    switch (r) {
    case Resolve::AsIs:
        return "as-is";
    case Resolve::Beneath:
        return "beneath";
    case Resolve::InRoot:
        return "in-root";
    }
    return "?";
}
std::string_view to_string(PathBase b) {
    switch (b) {
    case PathBase::Host:
        return "host";
    case PathBase::Container:
        return "container";
    }
    return "?";
}
std::string_view to_string(HostFileKind k) {
    switch (k) {
    case HostFileKind::Hosts:
        return "hosts";
    case HostFileKind::ResolvConf:
        return "resolv_conf";
    }
    return "?";
}
std::string_view to_string(Pid1Mode m) {
    switch (m) {
    case Pid1Mode::Wait:
        return "wait";
    case Pid1Mode::WaitAllChildren:
        return "wait-all-children";
    case Pid1Mode::Exec:
        return "exec";
    }
    return "?";
}
std::string_view to_string(SuperviseMode m) {
    switch (m) {
    case SuperviseMode::StopOnFailure:
        return "stop-on-failure";
    case SuperviseMode::WaitAllSuccessful:
        return "wait-all-successful";
    }
    return "?";
}

nlohmann::ordered_json to_json(const LaunchPlan& plan) {
    ojson j = ojson::object();
    j["ops"] = write_ops(plan.ops);
    return j;
}

bool from_json(const nlohmann::json& doc, LaunchPlan* plan, std::string* error) {
    try {
        plan->ops.clear();
        read_ops(array_at(doc, "ops"), &plan->ops);
        return true;
    } catch (const std::exception& e) {
        *error = e.what();
        return false;
    }
}

} // namespace vagga::plan
