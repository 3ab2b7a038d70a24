#include "cli/listing.h"

#include <map>
#include <set>
#include <string>
#include <variant>

namespace vagga::cli {

namespace {

const ir::CommandCommon& common(const ir::Command& cmd) {
    return ir::visit([](const auto& c) -> const ir::CommandCommon& { return c; }, cmd.value);
}

std::string indent_lines(const std::string& text, size_t width) {
    std::string out;
    for (char c : text) {
        out += c;
        if (c == '\n')
            out += std::string(width, ' ');
    }
    return out;
}

} // namespace

void print_command_summary(const ir::Config& config, std::ostream& out) {
    // Groups in the order the sorted walk first meets them, hidden commands included.
    std::vector<std::string> order;
    std::map<std::string, std::string> text;
    for (const auto& [name, cmd] : config.commands) {
        const auto& c = common(cmd);
        std::string group = c.group ? c.group->text : "Available commands";
        if (!text.count(group)) {
            order.push_back(group);
            text[group];
        }
        if (!name.text.empty() && name.text[0] == '_')
            continue;
        std::string& t = text[group];
        t += "    " + name.text;
        if (c.description) {
            if (name.text.size() > 19)
                t += "\n" + std::string(24, ' ');
            else
                t += std::string(20 - name.text.size(), ' ');
            t += indent_lines(c.description->text, 24);
        }
        std::string aliases;
        for (const auto& a : c.aliases)
            if (!config.commands.count(a))
                aliases += (aliases.empty() ? "" : ", ") + a.text;
        if (!aliases.empty())
            t += "\n" + std::string(24, ' ') + "(aliases: " + aliases + ")";
        t += "\n";
    }
    bool first = true;
    for (const auto& group : order) {
        if (text[group].empty())
            continue;
        if (!first)
            out << "\n";
        first = false;
        out << group << ":\n" << text[group];
    }
}

void print_list(const ir::Config& config, const source::SourceManager& sources,
                const ListOptions& opts, std::ostream& out) {
    auto source_of = [&](source::Span s) {
        return s.valid() ? sources.file(s.file).path.string() : std::string("<builtin>");
    };
    if (opts.containers) {
        for (const auto& [name, c] : config.containers) {
            out << name.text << "\n";
            if (opts.verbose)
                out << std::string(20, ' ') << "(from \"" << source_of(c.span) << "\")\n";
        }
        return;
    }
    struct Entry {
        std::string description;
        std::string from;
    };
    std::map<std::string, Entry> entries;
    bool show_hidden = opts.hidden || opts.all;
    for (const auto& [name, cmd] : config.commands) {
        const auto& c = common(cmd);
        std::string desc = c.description ? c.description->text : "";
        if (show_hidden || name.text.empty() || name.text[0] != '_')
            entries[name.text] = {desc, "\"" + source_of(cmd.span) + "\""};
        if (opts.no_aliases)
            continue;
        for (const auto& a : c.aliases)
            if (!config.commands.count(a) && !entries.count(a.text))
                entries[a.text] = {desc, "\"" + source_of(cmd.span) + "\":" + name.text};
    }
    if (show_hidden) {
        static const std::pair<const char*, const char*> builtins[] = {
            {"_build", "Build a container"},
            {"_run", "Run arbitrary command, optionally building container"},
            {"_clean", "Clean containers and build artifacts"},
            {"_list", "List of built-in commands"},
            {"_base_dir", "Display a directory which contains vagga.yaml"},
            {"_relative_work_dir", "Display a relative path from the current working directory "
                                   "to the directory containing vagga.yaml"},
            {"_update_symlinks", "Updates symlinks to vagga for commands having "
                                 "`symlink-name` in this project"},
        };
        for (const auto& [n, d] : builtins)
            entries.try_emplace(n, Entry{d, "<builtin>"});
    }
    for (const auto& [name, e] : entries) {
        if (opts.zsh) {
            out << name << ":" << e.description.substr(0, e.description.find('\n')) << "\n";
            continue;
        }
        out << name;
        if (name.size() > 19)
            out << "\n" << std::string(20, ' ');
        else
            out << std::string(20 - name.size(), ' ');
        out << indent_lines(e.description, 20) << "\n";
        if (opts.verbose)
            out << std::string(20, ' ') << "(from " << e.from << ")\n";
    }
}

} // namespace vagga::cli
