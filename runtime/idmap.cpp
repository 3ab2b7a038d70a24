#include "runtime/idmap.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <sstream>

namespace vagga::runtime {
namespace {

constexpr const char* kSubuidHint =
    "add a range for your user to /etc/subuid and /etc/subgid, e.g. "
    "`sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535 $USER`";

bool parse_u32(const std::string& s, uint32_t* out) {
    if (s.empty()) {
        return false;
    }
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc() && p == s.data() + s.size();
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (true) {
        size_t next = s.find(sep, pos);
        out.push_back(s.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
        if (next == std::string::npos) {
            return out;
        }
        pos = next + 1;
    }
}

uint64_t total(const std::vector<plan::IdRange>& ranges) {
    uint64_t n = 0;
    for (const auto& r : ranges) {
        n += uint64_t{r.end} - r.start + 1;
    }
    return n;
}

uint64_t total(const std::vector<SubRange>& ranges) {
    uint64_t n = 0;
    for (const auto& r : ranges) {
        n += r.count;
    }
    return n;
}

} // namespace

Result<std::vector<SubRange>> parse_subids(const std::string& text, const std::string& file,
                                           const std::string& user, uint32_t id) {
    Result<std::vector<SubRange>> out;
    std::istringstream in(text);
    std::string line;
    size_t lineno = 0;
    const std::string id_text = std::to_string(id);
    while (std::getline(in, line)) {
        ++lineno;
        if (line.empty() || line.front() == '#') {
            continue;
        }
        auto f = split(line, ':');
        uint32_t start = 0;
        uint32_t count = 0;
        if (f.size() != 3 || !parse_u32(f[1], &start) || !parse_u32(f[2], &count) || count == 0) {
            out.error = make_error(0, file + ":" + std::to_string(lineno) + ":",
                                   "Bad syntax: \"" + line + "\"");
            return out;
        }
        if (f[0] != user && f[0] != id_text) {
            continue;
        }
        if (id >= start && uint64_t{id} < uint64_t{start} + count) {
            out.error = make_error(0, file + ":" + std::to_string(lineno) + ":",
                                   "range " + std::to_string(start) + ".." +
                                       std::to_string(uint64_t{start} + count) +
                                       " includes original id, they should only include "
                                       "additional ranges not user's own uid/gid");
            return out;
        }
        out.value.push_back({start, count});
    }
    return out;
}

std::vector<SubRange> parse_proc_map(const std::string& text) {
    std::vector<SubRange> out;
    std::istringstream in(text);
    uint64_t inside = 0;
    uint64_t outside = 0;
    uint64_t count = 0;
    while (in >> inside >> outside >> count) {
        out.push_back({static_cast<uint32_t>(inside), static_cast<uint32_t>(count)});
    }
    return out;
}

std::vector<SubRange> without_id(const std::vector<SubRange>& allowed, uint32_t own) {
    std::vector<SubRange> out;
    for (const auto& r : allowed) {
        uint64_t end = uint64_t{r.start} + r.count; // exclusive
        if (own < r.start || own >= end) {
            out.push_back(r);
            continue;
        }
        if (own > r.start) {
            out.push_back({r.start, own - r.start});
        }
        if (uint64_t{own} + 1 < end) {
            out.push_back({own + 1, static_cast<uint32_t>(end - own - 1)});
        }
    }
    return out;
}

bool container_map(uint32_t own, const std::vector<plan::IdRange>& requested,
                   const std::vector<SubRange>& allowed, std::vector<IdMapEntry>* out) {
    out->clear();
    out->push_back({0, own, 1});
    size_t ai = 0;
    uint64_t aused = 0; // ids of allowed[ai] already used
    for (const auto& req : requested) {
        uint64_t s = req.start == 0 ? 1 : req.start; // 0 is the own id
        uint64_t e = uint64_t{req.end} + 1;          // exclusive
        while (s < e) {
            if (ai >= allowed.size()) {
                return false;
            }
            uint64_t avail = allowed[ai].count - aused;
            uint64_t n = std::min(avail, e - s);
            out->push_back({static_cast<uint32_t>(s),
                            static_cast<uint32_t>(allowed[ai].start + aused),
                            static_cast<uint32_t>(n)});
            s += n;
            aused += n;
            if (aused == allowed[ai].count) {
                ++ai;
                aused = 0;
            }
        }
    }
    return true;
}

std::vector<IdMapEntry> max_map(uint32_t own, const std::vector<SubRange>& allowed) {
    std::vector<IdMapEntry> out{{0, own, 1}};
    for (const auto& r : allowed) {
        if (r.start == 0) {
            // inside id 0 is taken by the own id; keep the rest of the range
            if (r.count > 1) {
                out.push_back({1, 1, r.count - 1});
            }
            continue;
        }
        out.push_back({r.start, r.start, r.count});
    }
    return out;
}

std::string format_map(const std::vector<IdMapEntry>& entries) {
    std::string s;
    for (const auto& e : entries) {
        s += std::to_string(e.inside) + " " + std::to_string(e.outside) + " " +
             std::to_string(e.count) + "\n";
    }
    return s;
}

IdMaps choose_id_maps(const plan::IdMap& want, const Host& host) {
    IdMaps single;
    single.single = true;
    single.uids = {{0, host.uid, 1}};
    single.gids = {{0, host.gid, 1}};
    auto warn = [&](const std::string& m) {
        if (host.warn) {
            host.warn(m);
        }
    };

    auto allowed_for = [&](const std::string& file, uint32_t id, const char* proc_file,
                           std::vector<SubRange>* out) -> bool {
        auto text = sys::read_file(file);
        std::vector<SubRange> ranges;
        if (text.ok()) {
            auto parsed = parse_subids(text.value, file, host.user_name, id);
            if (!parsed.ok()) {
                warn(parsed.error->message() + "; using a single-id mapping (" + kSubuidHint + ")");
                return false;
            }
            ranges = std::move(parsed.value);
        }
        if (ranges.empty() && host.uid == 0) {
            // Root (maybe vagga inside vagga): every id we have ourselves.
            auto proc = sys::read_file(proc_file);
            if (proc.ok()) {
                ranges = parse_proc_map(proc.value);
            }
        }
        *out = without_id(ranges, id);
        return true;
    };

    std::vector<SubRange> uallowed;
    std::vector<SubRange> gallowed;
    if (!allowed_for(host.subuid_path, host.uid, "/proc/self/uid_map", &uallowed) ||
        !allowed_for(host.subgid_path, host.gid, "/proc/self/gid_map", &gallowed)) {
        return single;
    }
    if (uallowed.empty() || gallowed.empty()) {
        const char* which = uallowed.empty() ? host.subuid_path.c_str() : host.subgid_path.c_str();
        warn(std::string("no subordinate id range for user \"") + host.user_name + "\" in " +
             which + "; the container sees only uid/gid 0 (" + kSubuidHint + ")");
        return single;
    }

    IdMaps maps;
    switch (want.kind) {
    case plan::MapKind::Container:
        if (!container_map(host.uid, want.uids, uallowed, &maps.uids)) {
            warn("Number of allowed subuids is too small. Required " +
                 std::to_string(total(want.uids)) + ", allowed " + std::to_string(total(uallowed)) +
                 "; using a single-id mapping. Increase the range in " + host.subuid_path +
                 " (preferred) or decrease the container's `uids`");
            return single;
        }
        if (!container_map(host.gid, want.gids, gallowed, &maps.gids)) {
            warn("Number of allowed subgids is too small. Required " +
                 std::to_string(total(want.gids)) + ", allowed " + std::to_string(total(gallowed)) +
                 "; using a single-id mapping. Increase the range in " + host.subgid_path +
                 " (preferred) or decrease the container's `gids`");
            return single;
        }
        break;
    case plan::MapKind::Max:
        maps.uids = max_map(host.uid, uallowed);
        maps.gids = max_map(host.gid, gallowed);
        break;
    }
    if (host.uid != 0) {
        if (host.newuidmap.empty() || host.newgidmap.empty()) {
            warn("can't find `newuidmap` or `newgidmap`: install the package `uidmap` "
                 "(apt install uidmap); using a single-id mapping");
            return single;
        }
        maps.use_helpers = true;
    }
    return maps;
}

Status apply_id_maps(pid_t pid, const IdMaps& maps, const Host& host) {
    const std::string proc = "/proc/" + std::to_string(pid);
    if (maps.use_helpers) {
        auto args = [&](const std::string& prog, const std::vector<IdMapEntry>& entries) {
            std::vector<std::string> a{prog, std::to_string(pid)};
            for (const auto& e : entries) {
                a.push_back(std::to_string(e.inside));
                a.push_back(std::to_string(e.outside));
                a.push_back(std::to_string(e.count));
            }
            return a;
        };
        // Both helpers at once: each is a setuid exec, the slowest part of
        // an unprivileged start.
        auto st =
            sys::run_helpers({args(host.newuidmap, maps.uids), args(host.newgidmap, maps.gids)});
        const std::string* files[] = {&host.subuid_path, &host.subgid_path};
        const char* names[] = {"newuidmap", "newgidmap"};
        for (size_t i = 0; i < 2; ++i) {
            if (st[i]) {
                st[i]->op = names[i];
                st[i]->hint = "check that " + *files[i] + " lists a range for \"" + host.user_name +
                              "\" and that " + names[i] + " is setuid root (package uidmap)";
                return st[i];
            }
        }
        return std::nullopt;
    }
    auto write = [&](const std::string& name, const std::string& text) -> Status {
        auto fd = sys::open(proc + "/" + name, O_WRONLY);
        if (!fd.ok()) {
            return fd.error;
        }
        if (auto err = sys::write_all(fd.value.get(), text, proc + "/" + name)) {
            return err;
        }
        return std::nullopt;
    };
    if (maps.single) {
        // Since Linux 3.19 an unprivileged process may write gid_map only
        // after denying setgroups (the original missed this and failed).
        if (auto err = write("setgroups", "deny")) {
            return err;
        }
    }
    if (auto err = write("uid_map", format_map(maps.uids))) {
        return err;
    }
    if (auto err = write("gid_map", format_map(maps.gids))) {
        return err;
    }
    return std::nullopt;
}

} // namespace vagga::runtime
