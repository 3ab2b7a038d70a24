#include "compat/path_filter.h"

#include <algorithm>

namespace vagga::compat {

namespace {

constexpr const char* kDefaultIgnoreRules[] = {
    "!.git/", "!.hg/", "!.svn/", "!.vagga/", "!*.bak", "!*.orig", "!*~", "!#*#", "!.#*",
};

bool starts_with(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}
bool ends_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

} // namespace

std::vector<FilterRule> prepare_rule(std::string_view orig) {
    std::vector<FilterRule> out;
    std::string_view rule = orig;
    bool is_ignore = false;
    if (starts_with(rule, "!")) {
        rule.remove_prefix(1);
        is_ignore = true;
    }
    // Only `\!` is unescaped here; other escapes reach the glob.
    if (starts_with(rule, "\\") && starts_with(rule.substr(1), "!")) {
        rule.remove_prefix(1);
    }
    bool has_slash = rule.find('/') != std::string_view::npos;
    bool is_dir = ends_with(rule, "/");
    bool is_absolute = starts_with(rule, "/");
    if (is_dir) {
        rule.remove_suffix(1);
    }
    if (starts_with(rule, "/")) {
        rule.remove_prefix(1);
    }
    std::string prefix = (!is_absolute && !starts_with(rule, "**/")) ? "**/" : "";
    auto make = [&](std::string glob, bool dir, bool exact, bool intermediate) {
        FilterRule r;
        r.orig = std::string(orig);
        r.glob = std::move(glob);
        r.is_ignore = is_ignore;
        r.is_absolute = is_absolute;
        r.is_dir = dir;
        r.is_exact = exact;
        r.is_intermediate = intermediate;
        r.literal_sep = has_slash;
        // HashSet-based dedup within one rule, first occurrence kept.
        if (std::find(out.begin(), out.end(), r) == out.end()) {
            out.push_back(std::move(r));
        }
    };
    if (is_ignore) {
        make(prefix + std::string(rule), is_dir, true, false);
    } else {
        // Intermediate directories: entered, but not selected.
        std::string cur;
        size_t pos = 0;
        while (true) {
            size_t end = rule.find('/', pos);
            std::string_view part = rule.substr(
                pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
            cur.append(part);
            if (!cur.empty()) {
                bool is_last = cur.size() == rule.size();
                make(prefix + cur, !is_last || is_dir, true, !is_last);
                cur.push_back('/');
            }
            if (end == std::string_view::npos) {
                break;
            }
            pos = end + 1;
        }
    }
    if (is_dir) {
        std::string glob =
            rule.empty() ? std::string("**/*") : prefix + std::string(rule) + "/**/*";
        make(std::move(glob), false, false, false);
    } else if (!ends_with(rule, "/**")) {
        make(prefix + std::string(rule) + "/**", false, false, false);
    }
    return out;
}

std::unique_ptr<PathFilter> PathFilter::glob(const std::vector<std::string>& rules,
                                             std::string& error) {
    auto f = std::unique_ptr<PathFilter>(new PathFilter());
    f->is_glob_ = true;
    // Rules are expanded last to first with one set of seen globs, so a
    // duplicate keeps the occurrence of the later rule; the result is then
    // put back in rule order.
    std::vector<FilterRule> reversed;
    for (auto it = rules.rbegin(); it != rules.rend(); ++it) {
        auto prepared = prepare_rule(*it);
        for (auto p = prepared.rbegin(); p != prepared.rend(); ++p) {
            if (std::find(reversed.begin(), reversed.end(), *p) != reversed.end()) {
                continue;
            }
            if (!p->is_absolute && !p->is_ignore) {
                f->skip_unknown_dirs_ = false;
            }
            reversed.push_back(*p);
        }
    }
    f->rules_.assign(reversed.rbegin(), reversed.rend());
    for (const auto& r : f->rules_) {
        auto g = Glob::compile(r.glob, r.literal_sep, error);
        if (!g) {
            error = "Can't compile copy filter: " + error;
            return nullptr;
        }
        f->globs_.push_back(std::move(g));
    }
    return f;
}

std::unique_ptr<PathFilter> PathFilter::regex(const std::optional<std::string>& ignore,
                                              const std::optional<std::string>& include,
                                              std::string& error) {
    auto f = std::unique_ptr<PathFilter>(new PathFilter());
    if (ignore) {
        f->ignore_ = RustRegex::compile(*ignore, error);
        if (!f->ignore_) {
            error = "Can't compile copy filter: " + error;
            return nullptr;
        }
    }
    if (include) {
        f->include_ = RustRegex::compile(*include, error);
        if (!f->include_) {
            error = "Can't compile copy filter: " + error;
            return nullptr;
        }
    }
    return f;
}

FilterMatch PathFilter::matched(std::string_view path, bool is_dir) const {
    if (is_glob_) {
        const FilterRule* found = nullptr;
        for (size_t i = rules_.size(); i-- > 0;) {
            const auto& rule = rules_[i];
            if (!(is_dir || !rule.is_dir)) {
                continue;
            }
            if (!globs_[i]->matches(path)) {
                continue;
            }
            if (found == nullptr || rule.is_exact) {
                found = &rule;
            }
            if (rule.is_exact) {
                break;
            }
        }
        if (found == nullptr) {
            return {MatchKind::None, nullptr};
        }
        return {found->is_ignore ? MatchKind::Ignore : MatchKind::Include, found};
    }
    if (ignore_ && ignore_->is_match(path)) {
        return {MatchKind::Ignore, nullptr};
    }
    if (include_ && include_->is_match(path)) {
        return {MatchKind::Include, nullptr};
    }
    return {MatchKind::None, nullptr};
}

WalkAction PathFilter::action(std::string_view path, bool is_dir) const {
    FilterMatch m = matched(path, is_dir);
    switch (m.kind) {
    case MatchKind::Include:
        if (m.rule != nullptr && (m.rule->is_intermediate || (is_dir && !m.rule->is_dir))) {
            return WalkAction::SkipButDescend;
        }
        return WalkAction::Select;
    case MatchKind::Ignore:
        return WalkAction::Drop;
    case MatchKind::None:
        if (is_glob_) {
            return skip_unknown_dirs_ ? WalkAction::Drop : WalkAction::SkipButDescend;
        }
        return include_ ? WalkAction::SkipButDescend : WalkAction::Select;
    }
    return WalkAction::Drop;
}

std::unique_ptr<PathFilter> create_path_filter(const std::vector<std::string>& rules,
                                               std::optional<bool> no_default_rules,
                                               const std::optional<std::string>& ignore_regex,
                                               const std::optional<std::string>& include_regex,
                                               std::string& error) {
    if ((!rules.empty() || no_default_rules.has_value()) &&
        (ignore_regex.has_value() || include_regex.has_value())) {
        error = "You must specify either rules or regular expressions but not both";
        return nullptr;
    }
    if (!rules.empty()) {
        std::vector<std::string> all;
        if (!no_default_rules.value_or(false)) {
            all.assign(std::begin(kDefaultIgnoreRules), std::end(kDefaultIgnoreRules));
        }
        for (const auto& rule : rules) {
            if (!starts_with(rule, "!") && !starts_with(rule, "/")) {
                error = "Relative paths are allowed only for excluding rules";
                return nullptr;
            }
            all.push_back(rule);
        }
        return PathFilter::glob(all, error);
    }
    return PathFilter::regex(ignore_regex ? ignore_regex : std::string(kDefaultIgnoreRegex),
                             include_regex, error);
}

} // namespace vagga::compat
