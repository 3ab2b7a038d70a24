#include "compiler/plan/plan_json.h"

#include "compiler/plan/json_fields.h"

#include <stdexcept>
#include <type_traits>

namespace vagga::plan {

namespace {

using namespace json_fields;

// doc[key] into v; a missing part keeps its default unless it is required.
template <class T> void read_part(const json& doc, const char* key, T& v, bool required) {
    if (!doc.contains(key)) {
        if (required) {
            throw std::runtime_error(std::string("\"") + key + "\" is missing");
        }
        return;
    }
    try {
        get(doc.at(key), v);
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("\"") + key + "\": " + e.what());
    }
}

void read_mounts(const json& arr, std::vector<Mount>* out) {
    read_each(
        arr, [](size_t index, const json& j) { return op_context(index, op_name_in(j)); },
        [&](const json& j, size_t) {
            Mount m;
            get(j, m);
            out->push_back(std::move(m));
        });
}

ojson write_container(const Container& c) {
    ojson j = ojson::object();
    j["root"] = put(c.root);
    j["mounts"] = put(c.mounts);
    j["env"] = put(c.process.env);
    j["workdir"] = put(c.process.workdir);
    j["user"] = put(c.process.user);
    j["sockets"] = put(c.process.sockets);
    j["exec"] = put(c.process.exec);
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
                get(j, l);
                c.process.sockets.push_back(std::move(l));
            });
    }
    read_part(doc, "exec", c.process.exec, true);
}

} // namespace

// The value types only launch plans hold.
namespace json_fields {

ojson put(const SuperviseChild& c) {
    ojson j = ojson::object();
    j["name"] = c.name;
    j["container"] = write_container(c.container);
    return j;
}

void get(const json& j, SuperviseChild& c) {
    c.name = j.at("name").get<std::string>();
    if (!j.contains("container")) {
        throw std::runtime_error("\"container\" is missing");
    }
    read_container(j.at("container"), c.container);
}

ojson put(const Supervise& s) {
    ojson j = ojson::object();
    Writer w{&j};
    w("mode", s.mode);
    w("kill_unresponsive_after", s.kill_unresponsive_after);
    w("children", s.children);
    put_span(j, s.span);
    return j;
}

void get(const json& j, Supervise& s) {
    expect_object(j);
    Reader r{&j};
    r("mode", s.mode);
    r("kill_unresponsive_after", s.kill_unresponsive_after);
    r("children", s.children);
    s.span = get_span(j);
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

nlohmann::ordered_json to_json(const LaunchPlan& plan) {
    ojson j = ojson::object();
    j["ids"] = put(plan.ids);
    j["namespaces"] = put(plan.namespaces);
    if (const auto* c = std::get_if<Command>(&plan.run)) {
        ojson cmd = ojson::object();
        cmd["pid1"] = put(c->pid1);
        cmd["container"] = write_container(c->container);
        j["command"] = std::move(cmd);
    } else {
        j["supervise"] = put(std::get<Supervise>(plan.run));
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
