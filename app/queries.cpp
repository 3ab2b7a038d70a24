#include "app/queries.h"

#include <algorithm>
#include <set>

namespace vagga::app {

const ir::CommandCommon& common(const ir::Command& c) {
    return ir::visit([](const auto& x) -> const ir::CommandCommon& { return x; }, c.value);
}

std::optional<std::string> resolve_command(const ir::Config& config, const std::string& name) {
    const auto& cmds = config.commands;
    if (cmds.count(ir::Str(name)))
        return name;
    for (const auto& [n, cmd] : cmds) {
        const auto& aliases = ir::visit(
            [](const auto& c) -> const std::vector<ir::Str>& { return c.aliases; }, cmd.value);
        for (const auto& a : aliases)
            if (a.text == name)
                return n.text;
    }
    return std::nullopt;
}

std::vector<const ir::Volume*> volumes_of_command(const ir::Config& config,
                                                  const std::string& name) {
    std::vector<const ir::Volume*> out;
    auto it = config.commands.find(ir::Str(name));
    if (it == config.commands.end())
        return out;
    auto add_run = [&](const ir::RunFields& r) {
        for (const auto& [path, vol] : r.volumes)
            out.push_back(&vol);
        auto ct = config.containers.find(r.container);
        if (ct != config.containers.end())
            for (const auto& [path, vol] : ct->second.volumes)
                out.push_back(&vol);
    };
    ir::visit(
        [&](const auto& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, ir::command::Supervise>) {
                for (const auto& [n, child] : c.children)
                    ir::visit([&](const auto& ch) { add_run(ch); }, child.value);
            } else if constexpr (std::is_same_v<T, ir::command::Command>) {
                add_run(c);
            }
            // A !CapsuleCommand runs in vagga's own capsule: no volumes.
        },
        it->second.value);
    return out;
}

std::vector<std::string> containers_of_command(const ir::Config& config, const std::string& name) {
    std::vector<std::string> out;
    auto add = [&](const std::string& c) {
        if (!c.empty() && std::find(out.begin(), out.end(), c) == out.end())
            out.push_back(c);
    };
    auto it = config.commands.find(ir::Str(name));
    if (it == config.commands.end())
        return out;
    ir::visit(
        [&](const auto& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, ir::command::Supervise>) {
                for (const auto& [n, child] : c.children)
                    ir::visit([&](const auto& ch) { add(ch.container.text); }, child.value);
            } else if constexpr (std::is_same_v<T, ir::command::Command>) {
                add(c.container.text);
            }
        },
        it->second.value);
    // The containers that volumes name, the command's own volumes included
    // (the isolation audit's P15: those were not built first).
    for (const ir::Volume* vol : volumes_of_command(config, name)) {
        if (const auto* v = ir::get_if<ir::volume::Container>(vol->value))
            add(v->value.text);
        if (const auto* v = ir::get_if<ir::volume::Snapshot>(vol->value))
            if (v->container)
                add(v->container->text);
    }
    return out;
}

std::vector<std::string>
expand_prerequisites(const ir::Config& config, const std::vector<std::string>& names,
                     const std::function<bool(const std::string&)>& volume_exists) {
    std::vector<std::string> order;
    std::set<std::string> seen;
    std::set<std::string> named(names.begin(), names.end());
    std::vector<std::string> stack;
    std::function<void(const std::string&)> visit = [&](const std::string& name) {
        auto it = config.commands.find(ir::Str(name));
        if (it != config.commands.end()) {
            std::vector<ir::Str> pre = common(it->second).prerequisites;
            if (const auto* sup = ir::get_if<ir::command::Supervise>(it->second.value))
                for (const auto& [n, child] : sup->children) {
                    const auto& cp = ir::visit(
                        [](const auto& c) -> const std::vector<ir::Str>& {
                            return c.prerequisites;
                        },
                        child.value);
                    pre.insert(pre.end(), cp.begin(), cp.end());
                }
            // The init-command of a !Persistent volume that does not exist
            // yet (config.md §5.6), unless it is this very command.
            for (const ir::Volume* vol : volumes_of_command(config, name))
                if (const auto* p = ir::get_if<ir::volume::Persistent>(vol->value))
                    if (p->init_command && p->init_command->text != name &&
                        !volume_exists(p->name.text))
                        pre.push_back(*p->init_command);
            stack.push_back(name);
            for (const auto& p : pre) {
                // Cycles are cut; commands the user named run in the user's order.
                if (seen.count(p.text) || named.count(p.text) ||
                    std::find(stack.begin(), stack.end(), p.text) != stack.end())
                    continue;
                visit(p.text);
            }
            stack.pop_back();
        }
        if (seen.insert(name).second)
            order.push_back(name);
    };
    for (const auto& n : names) {
        named.erase(n); // earlier named commands may not pull later ones forward
        visit(n);
    }
    return order;
}

} // namespace vagga::app
