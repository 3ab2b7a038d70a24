#include "compiler/hash/apt_list.h"

#include "compiler/hash/digest.h"

#include <type_traits>

namespace vagga::hash {

std::string apt_list_name(const std::optional<std::string>& url, const std::string& suite,
                          const std::vector<std::string>& components) {
    Digest d;
    d.opt_text("url", url);
    d.text("suite", suite);
    d.texts("components", components);
    return to_hex(d.finish(), 4) + "-" + suite + ".list";
}

namespace {

void collect(const ir::Config& config, const ir::Container& c, std::string& codename,
             std::vector<std::string>& out, int depth) {
    if (depth > 64) {
        return; // a container cycle; checks report it
    }
    for (const auto& step : c.setup) {
        ir::visit(
            [&](const auto& s) {
                using T = std::decay_t<decltype(s)>;
                if constexpr (std::is_same_v<T, ir::step::Ubuntu>) {
                    codename = s.value.text;
                } else if constexpr (std::is_same_v<T, ir::step::UbuntuRelease>) {
                    codename = s.codename ? s.codename->text : std::string();
                } else if constexpr (std::is_same_v<T, ir::step::UbuntuRepo>) {
                    std::vector<std::string> comps;
                    for (const auto& x : s.components) {
                        comps.push_back(x.text);
                    }
                    std::optional<std::string> url;
                    if (s.url) {
                        url = s.url->text;
                    }
                    out.push_back(apt_list_name(url, s.suite ? s.suite->text : codename, comps));
                } else if constexpr (std::is_same_v<T, ir::step::Repo>) {
                    if (codename.empty()) {
                        return; // not Ubuntu: Alpine repos write no list file
                    }
                    const std::string& v = s.value.text;
                    size_t slash = v.find('/');
                    if (slash == std::string::npos) {
                        out.push_back(apt_list_name(std::nullopt, codename, {v}));
                    } else {
                        out.push_back(
                            apt_list_name(std::nullopt, v.substr(0, slash), {v.substr(slash + 1)}));
                    }
                } else if constexpr (std::is_same_v<T, ir::step::Container>) {
                    auto it = config.containers.find(s.value);
                    if (it != config.containers.end()) {
                        collect(config, it->second, codename, out, depth + 1);
                    }
                }
            },
            step.value);
    }
}

} // namespace

std::vector<std::string> apt_list_names(const ir::Config& config, const ir::Container& container) {
    std::string codename;
    std::vector<std::string> out;
    collect(config, container, codename, out, 0);
    return out;
}

} // namespace vagga::hash
