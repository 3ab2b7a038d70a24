#include "compiler/hash/project_files.h"

#include "compat/path_order.h"
#include "compat/utf8.h"
#include "compiler/hash/tree.h"

#include <cerrno>
#include <cstring>
#include <set>
#include <unordered_set>

namespace vagga::hash {

namespace {

// Unicode White_Space, which Rust's str::trim removes.
bool is_rust_whitespace(uint32_t cp) {
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

std::string errno_text(int err) {
    return std::strerror(err);
}

// Rust Path::parent of a relative or absolute name ("" for a bare name).
std::optional<std::string> path_parent(std::string_view p) {
    while (p.size() > 1 && p.back() == '/') {
        p.remove_suffix(1);
    }
    if (p.empty() || p == "/") {
        return std::nullopt;
    }
    size_t slash = p.rfind('/');
    if (slash == std::string_view::npos) {
        return std::string();
    }
    std::string_view parent = p.substr(0, slash);
    while (parent.size() > 1 && parent.back() == '/') {
        parent.remove_suffix(1);
    }
    return std::string(parent.empty() ? std::string_view("/") : parent);
}

Outcome host_of(const ProjectFiles& pf, const std::string& container_path, std::string& host) {
    auto h = pf.paths.to_host(container_path);
    if (!h) {
        return Outcome::error(container_path + ": not under /work");
    }
    host = *h;
    return Outcome::ok();
}

Outcome read_text(const ProjectFiles& pf, const std::string& container_path, std::string& out) {
    std::string host;
    Outcome o = host_of(pf, container_path, host);
    if (!o.is_ok()) {
        return o;
    }
    int err = read_whole_file(pf.fs, host, out);
    if (err != 0) {
        return Outcome::error("\"" + container_path + "\": " + errno_text(err));
    }
    return Outcome::ok();
}

Outcome read_json(const ProjectFiles& pf, const std::string& container_path, nlohmann::json& out) {
    std::string text;
    Outcome o = read_text(pf, container_path, text);
    if (!o.is_ok()) {
        return o;
    }
    try {
        out = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        return Outcome::error("bad json in \"" + container_path + "\": " + e.what());
    }
    return Outcome::ok();
}

bool exists_at(const ProjectFiles& pf, const std::string& container_path) {
    auto h = pf.paths.to_host(container_path);
    return h && pf.fs.exists(*h);
}

void npm_hash_deps(const nlohmann::json& data, const char* key, Digest& d) {
    if (!data.is_object()) {
        return;
    }
    auto it = data.find(key);
    if (it == data.end() || !it->is_object()) {
        return;
    }
    // The package name is the field title (upstream quirk, kept).
    for (const auto& [name, value] : it->items()) {
        d.text(name, value.is_string() ? value.get_ref<const std::string&>() : std::string("*"));
    }
}

Outcome version_req(const ProjectFiles& pf, Digest& d, const std::string& fname,
                    std::unordered_set<std::string>& used) {
    std::string container = compat::join_path("/work", fname);
    std::string host;
    Outcome o = host_of(pf, container, host);
    if (!o.is_ok()) {
        return o;
    }
    std::string canonical;
    int err = pf.fs.canonicalize(host, canonical);
    if (err != 0) {
        return Outcome::error("\"" + fname + "\": " + errno_text(err));
    }
    // Never removed again: a file included twice is reported as a cycle too,
    // as in the original.
    if (!used.insert(canonical).second) {
        return Outcome::error("Cyclic requirement: \"" + canonical + "\"");
    }
    std::string text;
    err = read_whole_file(pf.fs, canonical, text);
    if (err != 0) {
        return Outcome::error("\"" + canonical + "\": " + errno_text(err));
    }
    std::vector<std::string_view> lines;
    if (!split_lines(text, lines)) {
        return Outcome::error("\"" + canonical + "\": stream did not contain valid UTF-8");
    }
    static constexpr std::string_view kIncludes[] = {
        "-r", "--requirement ", "--requirement=", "-c", "--constraint ", "--constraint=",
    };
    for (auto raw : lines) {
        std::string_view chunk = rust_trim(raw);
        if (chunk.empty() || chunk.front() == '#') {
            continue;
        }
        bool included = false;
        for (auto prefix : kIncludes) {
            if (chunk.substr(0, prefix.size()) == prefix) {
                std::string_view req = rust_trim(chunk.substr(prefix.size()));
                auto parent = path_parent(fname);
                if (!parent) {
                    return Outcome::error("requirements file has no parent: " + fname);
                }
                o = version_req(pf, d, compat::join_path(*parent, req), used);
                if (!o.is_ok()) {
                    return o;
                }
                included = true;
                break;
            }
        }
        if (!included) {
            d.text("line", chunk);
        }
    }
    return Outcome::ok();
}

bool check_deps(const nlohmann::json& data, const char* key,
                const std::set<std::string>& patterns) {
    if (!data.is_object()) {
        return true;
    }
    auto it = data.find(key);
    if (it == data.end() || !it->is_object()) {
        return true;
    }
    for (const auto& [name, value] : it->items()) {
        if (!value.is_string()) {
            continue;
        }
        if (patterns.count(name + "@" + value.get<std::string>()) == 0) {
            return false;
        }
    }
    return true;
}

const nlohmann::json& member_or_null(const nlohmann::json& obj, const char* key) {
    static const nlohmann::json null_value;
    if (!obj.is_object()) {
        return null_value;
    }
    auto it = obj.find(key);
    return it == obj.end() ? null_value : *it;
}

} // namespace

std::string_view rust_trim(std::string_view s) {
    size_t b = 0;
    while (b < s.size()) {
        uint32_t cp = 0;
        size_t n = compat::decode_utf8(s, b, cp);
        if (n == 0 || !is_rust_whitespace(cp)) {
            break;
        }
        b += n;
    }
    size_t e = s.size();
    while (e > b) {
        size_t start = e - 1;
        while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
            --start;
        }
        uint32_t cp = 0;
        if (compat::decode_utf8(s, start, cp) == 0 || !is_rust_whitespace(cp)) {
            break;
        }
        e = start;
    }
    return s.substr(b, e - b);
}

bool split_lines(std::string_view text, std::vector<std::string_view>& out) {
    out.clear();
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        std::string_view line =
            text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (!compat::is_valid_utf8(line)) {
            return false;
        }
        out.push_back(line);
    }
    return true;
}

std::vector<std::string> yarn_lock_patterns(std::string_view text) {
    std::vector<std::string> out;
    std::vector<std::string_view> lines;
    split_lines(text, lines);
    for (auto line : lines) {
        if (line.empty() || line.front() == ' ' || line.front() == '#' || line.back() != ':') {
            continue;
        }
        line.remove_suffix(1);
        // Regex `"[^"]+"|[^,]+`, leftmost-first, over the pattern list.
        size_t i = 0;
        while (i < line.size()) {
            size_t start = i;
            size_t end = std::string_view::npos;
            if (line[i] == '"') {
                size_t close = line.find('"', i + 1);
                if (close != std::string_view::npos && close > i + 1) {
                    end = close + 1;
                }
            }
            if (end == std::string_view::npos) {
                if (line[i] == ',') {
                    ++i;
                    continue;
                }
                end = line.find(',', i);
                if (end == std::string_view::npos) {
                    end = line.size();
                }
            }
            std::string_view item = rust_trim(line.substr(start, end - start));
            if (item.size() >= 2 && item.front() == '"' && item.back() == '"') {
                item = item.substr(1, item.size() - 2);
            } else if (item == "\"") {
                // A lone quote both starts and ends with `"`; Rust slices it
                // to [1..0], which panics. Keep it as is.
            }
            out.emplace_back(item);
            i = end;
        }
    }
    return out;
}

Outcome hash_requirements(const ProjectFiles& pf, Digest& d, std::string_view file) {
    std::unordered_set<std::string> used;
    return version_req(pf, d, std::string(file), used);
}

Outcome hash_npm_dependencies(const ProjectFiles& pf, Digest& d, std::string_view file,
                              const NpmSections& s) {
    nlohmann::json data;
    Outcome o = read_json(pf, compat::join_path("/work", file), data);
    if (!o.is_ok()) {
        return o;
    }
    if (s.package) {
        npm_hash_deps(data, "dependencies", d);
    }
    if (s.dev) {
        npm_hash_deps(data, "devDependencies", d);
    }
    if (s.peer) {
        npm_hash_deps(data, "peerDependencies", d);
    }
    if (s.bundled) {
        npm_hash_deps(data, "bundledDependencies", d);
        npm_hash_deps(data, "bundleDependencies", d);
    }
    if (s.optional) {
        npm_hash_deps(data, "optionalDependencies", d);
    }
    return Outcome::ok();
}

Outcome hash_yarn_dependencies(const ProjectFiles& pf, Digest& d, std::string_view dir,
                               bool production, bool optional) {
    d.boolean("production", production);
    std::string base = compat::join_path("/work", dir);
    std::string lock = compat::join_path(base, "yarn.lock");
    std::string package = compat::join_path(base, "package.json");
    if (!exists_at(pf, lock)) {
        return Outcome::not_ready("no lockfile at " + lock);
    }
    nlohmann::json data;
    Outcome o = read_json(pf, package, data);
    if (!o.is_ok()) {
        return o;
    }
    std::string lock_text;
    o = read_text(pf, lock, lock_text);
    if (!o.is_ok()) {
        return o;
    }
    std::vector<std::string_view> check;
    if (!split_lines(lock_text, check)) {
        return Outcome::error("\"" + lock + "\": stream did not contain valid UTF-8");
    }
    auto list = yarn_lock_patterns(lock_text);
    std::set<std::string> patterns(list.begin(), list.end());
    if (!check_deps(data, "dependencies", patterns)) {
        return Outcome::not_ready("yarn.lock lacks some dependencies");
    }
    npm_hash_deps(data, "dependencies", d);
    if (!production) {
        if (!check_deps(data, "devDependencies", patterns)) {
            return Outcome::not_ready("yarn.lock lacks some devDependencies");
        }
        npm_hash_deps(data, "devDependencies", d);
    }
    if (optional) {
        if (!check_deps(data, "optionalDependencies", patterns)) {
            return Outcome::not_ready("yarn.lock lacks some optionalDependencies");
        }
        npm_hash_deps(data, "optionalDependencies", d);
    }
    d.begin_file(lock);
    d.content(lock_text);
    d.end_file();
    return Outcome::ok();
}

Outcome hash_gem_bundle(const ProjectFiles& pf, Digest& d, std::string_view gemfile,
                        const std::vector<std::string>& without,
                        const std::optional<std::string>& trust_policy) {
    std::string path = compat::join_path("/work", gemfile);
    d.path("gemfile", gemfile);
    auto parent = path_parent(path);
    if (!parent) {
        return Outcome::error("Gemfile should be under /work");
    }
    std::string text;
    if (exists_at(pf, compat::join_path(*parent, "Gemfile.lock"))) {
        // Upstream bug kept: the Gemfile is hashed where the lock was meant.
        Outcome o = read_text(pf, path, text);
        if (!o.is_ok()) {
            return o;
        }
        d.begin_file(path);
        d.content(text);
        d.end_file();
    }
    Outcome o = read_text(pf, path, text);
    if (!o.is_ok()) {
        return o;
    }
    std::vector<std::string_view> lines;
    if (!split_lines(text, lines)) {
        return Outcome::error("\"" + path + "\": stream did not contain valid UTF-8");
    }
    for (auto raw : lines) {
        std::string_view line = rust_trim(raw);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        d.text("line", line);
    }
    if (!without.empty()) {
        d.texts("without", without);
    }
    d.opt_text("trust_policy", trust_policy);
    return Outcome::ok();
}

Outcome hash_composer_dependencies(const ProjectFiles& pf, Digest& d,
                                   const std::optional<std::string>& working_dir) {
    std::string base =
        working_dir ? compat::join_path("/work", *working_dir) : std::string("/work");
    std::string lock = compat::join_path(base, "composer.lock");
    if (exists_at(pf, lock)) {
        nlohmann::json data;
        Outcome o = read_json(pf, lock, data);
        if (!o.is_ok()) {
            return o;
        }
        const auto& packages = member_or_null(data, "packages");
        if (packages.is_array()) {
            for (const auto& pkg : packages) {
                for (const char* key : {"name", "version", "source", "dist", "extra", "autoload",
                                        "require", "require-dev"}) {
                    d.json(key, member_or_null(pkg, key));
                }
            }
        }
    }
    nlohmann::json json;
    Outcome o = read_json(pf, compat::join_path(base, "composer.json"), json);
    if (!o.is_ok()) {
        return o;
    }
    for (const char* key : {"require", "conflict", "replace", "provide", "autoload", "repositories",
                            "minimum-stability", "prefer-stable"}) {
        d.json(key, member_or_null(json, key));
    }
    // Upstream bug kept: titled require-dev, valued autoload-dev.
    d.json("require-dev", member_or_null(json, "autoload-dev"));
    return Outcome::ok();
}

Outcome git_describe(const ProjectFiles& pf, std::string_view repo,
                     const std::optional<std::string>& pattern, std::string& out) {
    std::string container = compat::join_path("/work", repo);
    std::string host;
    Outcome o = host_of(pf, container, host);
    if (!o.is_ok()) {
        return o;
    }
    if (pf.git == nullptr) {
        return Outcome::error("GitDescribe: no git available");
    }
    std::string error;
    switch (pf.git->describe(host, pattern, out, error)) {
    case Git::Result::Ok:
        break;
    case Git::Result::NoRepository:
        return Outcome::not_ready("no git repository at " + container);
    case Git::Result::Failed:
        return Outcome::error("git describe in " + container + ": " + error);
    }
    return Outcome::ok();
}

Outcome hash_git_describe(const ProjectFiles& pf, Digest& d, std::string_view repo,
                          const std::optional<std::string>& output_file,
                          const std::optional<std::string>& pattern) {
    std::string describe;
    Outcome o = git_describe(pf, repo, pattern, describe);
    if (!o.is_ok()) {
        return o;
    }
    d.path("repo", repo);
    d.opt_path("output_file", output_file);
    d.text("describe", describe);
    return Outcome::ok();
}

} // namespace vagga::hash
