#include "runtime/build/host_apt.h"

#include "runtime/sys.h"

#include <dirent.h>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <vector>

namespace vagga::runtime::build {
namespace {

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    std::string w;
    while (in >> w) {
        out.push_back(w);
    }
    return out;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_security(const std::string& suite) {
    return ends_with(suite, "-security") || ends_with(suite, "/updates");
}

std::string trimmed_uri(std::string uri) {
    while (uri.size() > 1 && uri.back() == '/') {
        uri.pop_back();
    }
    return uri;
}

std::vector<std::string> files_in(const std::string& dir) {
    auto listed = sys::list_dir(dir);
    std::vector<std::string> names = listed.ok() ? listed.value : std::vector<std::string>{};
    std::sort(names.begin(), names.end());
    return names;
}

// One deb822 stanza: its fields, continuation lines appended.
std::optional<std::string>
mirror_of_stanza(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string types, uris, suites, enabled = "yes";
    for (const auto& [k, v] : fields) {
        std::string key = k;
        std::transform(key.begin(), key.end(), key.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (key == "types") {
            types = v;
        } else if (key == "uris") {
            uris = v;
        } else if (key == "suites") {
            suites = v;
        } else if (key == "enabled") {
            enabled = v;
        }
    }
    auto t = words(types);
    auto u = words(uris);
    auto s = words(suites);
    if (enabled.find("no") != std::string::npos || u.empty() || s.empty() ||
        std::find(t.begin(), t.end(), "deb") == t.end()) {
        return std::nullopt;
    }
    if (std::all_of(s.begin(), s.end(), is_security)) {
        return std::nullopt;
    }
    return trimmed_uri(u.front());
}

} // namespace

std::optional<std::string> mirror_from_list(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        line = line.substr(0, line.find('#'));
        auto w = words(line);
        if (w.size() < 3 || w[0] != "deb") {
            continue;
        }
        size_t i = 1;
        if (w[i].front() == '[') { // options: "[arch=amd64 signed-by=...]"
            while (i < w.size() && w[i].back() != ']') {
                ++i;
            }
            ++i;
        }
        if (i + 1 < w.size() && !is_security(w[i + 1])) {
            return trimmed_uri(w[i]);
        }
    }
    return std::nullopt;
}

std::optional<std::string> mirror_from_deb822(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    std::vector<std::pair<std::string, std::string>> fields;
    auto flush = [&]() -> std::optional<std::string> {
        auto m = mirror_of_stanza(fields);
        fields.clear();
        return m;
    };
    while (std::getline(in, line)) {
        if (!line.empty() && line.front() == '#') {
            continue;
        }
        if (line.find_first_not_of(" \t") == std::string::npos) {
            if (auto m = flush()) {
                return m;
            }
            continue;
        }
        if ((line.front() == ' ' || line.front() == '\t') && !fields.empty()) {
            fields.back().second += " " + line;
            continue;
        }
        size_t colon = line.find(':');
        if (colon != std::string::npos) {
            fields.emplace_back(line.substr(0, colon), line.substr(colon + 1));
        }
    }
    return flush();
}

std::optional<std::string> host_debian_mirror(const std::string& apt_dir) {
    if (auto text = sys::read_file(apt_dir + "/sources.list"); text.ok()) {
        if (auto m = mirror_from_list(text.value)) {
            return m;
        }
    }
    const std::string d = apt_dir + "/sources.list.d";
    for (const auto& name : files_in(d)) {
        bool list = ends_with(name, ".list");
        if (!list && !ends_with(name, ".sources")) {
            continue;
        }
        auto text = sys::read_file(d + "/" + name);
        if (!text.ok()) {
            continue;
        }
        if (auto m = list ? mirror_from_list(text.value) : mirror_from_deb822(text.value)) {
            return m;
        }
    }
    return std::nullopt;
}

} // namespace vagga::runtime::build
