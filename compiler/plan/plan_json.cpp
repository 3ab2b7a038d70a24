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

// The names of the mounts in JSON, indexed like the Mount variant.
template <class T> constexpr std::string_view name_of();
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

// A part of the plan: an object of its fields and its span.
template <class T> ojson write_part(const T& v) {
    ojson j = ojson::object();
    put_fields(j, v);
    put_span(j, v.span);
    return j;
}

// doc[key] into v; a missing part keeps its default unless it is required.
template <class T> void read_part(const json& doc, const char* key, T& v, bool required) {
    if (!doc.contains(key)) {
        if (required) {
            throw std::runtime_error(std::string("\"") + key + "\" is missing");
        }
        return;
    }
    try {
        get_object(doc.at(key), v);
        v.span = get_span(doc.at(key));
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("\"") + key + "\": " + e.what());
    }
}

ojson write_mounts(const std::vector<Mount>& mounts) {
    ojson arr = ojson::array();
    for (const auto& m : mounts) {
        std::visit(
            [&](const auto& op) {
                using T = std::decay_t<decltype(op)>;
                ojson j = ojson::object();
                j["op"] = std::string(name_of<T>());
                put_fields(j, op);
                put_span(j, op.span);
                arr.push_back(std::move(j));
            },
            m);
    }
    return arr;
}

template <class T> bool try_read(const std::string& name, const json& j, std::vector<Mount>* out) {
    if (name != name_of<T>()) {
        return false;
    }
    T op{};
    get_fields(j, op);
    op.span = get_span(j);
    out->push_back(Mount{std::move(op)});
    return true;
}

template <class... Ts> struct ReadAny;
template <class... Ts> struct ReadAny<std::variant<Ts...>> {
    static bool read(const std::string& name, const json& j, std::vector<Mount>* out) {
        return (try_read<Ts>(name, j, out) || ...);
    }
};

void read_mounts(const json& arr, std::vector<Mount>* out) {
    read_each(
        arr,
        [](size_t index, const json& j) {
            return op_context(index, j.at("op").get<std::string>());
        },
        [&](const json& j, size_t) {
            if (!ReadAny<Mount>::read(j.at("op").get<std::string>(), j, out)) {
                throw std::runtime_error("unknown op");
            }
        });
}

ojson write_container(const Container& c) {
    ojson j = ojson::object();
    j["root"] = write_part(c.root);
    j["mounts"] = write_mounts(c.mounts);
    j["env"] = write_part(c.process.env);
    j["workdir"] = write_part(c.process.workdir);
    j["user"] = write_part(c.process.user);
    ojson sockets = ojson::array();
    for (const auto& s : c.process.sockets) {
        sockets.push_back(write_part(s));
    }
    j["sockets"] = std::move(sockets);
    j["exec"] = write_part(c.process.exec);
    return j;
}

void read_container(const json& doc, Container& c) {
    if (!doc.is_object()) {
        throw std::runtime_error("expected an object");
    }
    read_part(doc, "root", c.root, true);
    if (doc.contains("mounts")) {
        try {
            read_mounts(array_at(doc, "mounts"), &c.mounts);
        } catch (const std::exception& e) {
            throw std::runtime_error(std::string("\"mounts\": ") + e.what());
        }
    }
    read_part(doc, "env", c.process.env, false);
    read_part(doc, "workdir", c.process.workdir, false);
    read_part(doc, "user", c.process.user, false);
    if (doc.contains("sockets")) {
        read_each(
            array_at(doc, "sockets"),
            [](size_t index, const json&) { return "socket " + std::to_string(index); },
            [&](const json& j, size_t) {
                ListenSocket l;
                get_object(j, l);
                l.span = get_span(j);
                c.process.sockets.push_back(std::move(l));
            });
    }
    read_part(doc, "exec", c.process.exec, true);
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
    j["container"] = write_container(c.container);
    return j;
}

void get(const json& j, TmpfsDir& d) {
    d.path = j.at("path").get<std::string>();
    if (j.contains("mode")) {
        get(j.at("mode"), d.mode);
    }
}
void get(const json& j, TmpfsFile& f) {
    f.path = j.at("path").get<std::string>();
    if (j.contains("contents") && !j.at("contents").is_null()) {
        f.contents = j.at("contents").get<std::string>();
    }
    if (j.contains("mode")) {
        get(j.at("mode"), f.mode);
    }
}
void get(const json& j, SuperviseChild& c) {
    c.name = j.at("name").get<std::string>();
    if (!j.contains("container")) {
        throw std::runtime_error("\"container\" is missing");
    }
    read_container(j.at("container"), c.container);
}

} // namespace json_fields

std::vector<const Container*> containers_of(const LaunchPlan& plan) {
    std::vector<const Container*> out;
    if (const auto* c = std::get_if<Command>(&plan.run)) {
        out.push_back(&c->container);
    } else {
        for (const auto& child : std::get<Supervise>(plan.run).children) {
            out.push_back(&child.container);
        }
    }
    return out;
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
    j["ids"] = write_part(plan.ids);
    j["namespaces"] = write_part(plan.namespaces);
    if (const auto* c = std::get_if<Command>(&plan.run)) {
        ojson cmd = ojson::object();
        cmd["pid1"] = write_part(c->pid1);
        cmd["container"] = write_container(c->container);
        j["command"] = std::move(cmd);
    } else {
        j["supervise"] = write_part(std::get<Supervise>(plan.run));
    }
    return j;
}

bool from_json(const nlohmann::json& doc, LaunchPlan* plan, std::string* error) {
    try {
        *plan = LaunchPlan{};
        if (!doc.is_object()) {
            throw std::runtime_error("a plan is an object");
        }
        read_part(doc, "ids", plan->ids, false);
        read_part(doc, "namespaces", plan->namespaces, false);
        if (doc.contains("command") == doc.contains("supervise")) {
            throw std::runtime_error("a plan has either \"command\" or \"supervise\"");
        }
        if (doc.contains("command")) {
            Command c;
            const json& cmd = doc.at("command");
            if (!cmd.is_object()) {
                throw std::runtime_error("\"command\": expected an object");
            }
            read_part(cmd, "pid1", c.pid1, false);
            if (!cmd.contains("container")) {
                throw std::runtime_error("\"command\": \"container\" is missing");
            }
            try {
                read_container(cmd.at("container"), c.container);
            } catch (const std::exception& e) {
                throw std::runtime_error(std::string("\"command\": \"container\": ") + e.what());
            }
            plan->run = std::move(c);
        } else {
            Supervise s;
            read_part(doc, "supervise", s, true);
            plan->run = std::move(s);
        }
        return true;
    } catch (const std::exception& e) {
        *error = e.what();
        return false;
    }
}

} // namespace vagga::plan
