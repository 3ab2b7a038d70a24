// Which files of a tree `!Copy`, `!Depends` and `!Build content-hash` hash:
// vagga's `create_path_filter` and the `path_filter` crate (spec §7.3).
// Two modes: regexes (ignore/include, unanchored) or glob `rules`.
#pragma once

#include "compat/glob.h"
#include "compat/rust_regex.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vagga::compat {

// One glob derived from a rule by path_filter's prepare_rule.
struct FilterRule {
    std::string orig;
    std::string glob;
    bool is_ignore = false;
    bool is_absolute = false;
    bool is_dir = false;
    bool is_exact = false;
    bool is_intermediate = false;
    bool literal_sep = false;

    bool operator==(const FilterRule&) const = default;
};

enum class MatchKind { Include, Ignore, None };

struct FilterMatch {
    MatchKind kind = MatchKind::None;
    const FilterRule* rule = nullptr; // glob mode only
};

// What the walk does with one entry.
enum class WalkAction { Select, SkipButDescend, Drop };

class PathFilter {
  public:
    // path_filter's PathFilter::glob over already-combined rules.
    static std::unique_ptr<PathFilter> glob(const std::vector<std::string>& rules,
                                            std::string& error);
    static std::unique_ptr<PathFilter> regex(const std::optional<std::string>& ignore,
                                             const std::optional<std::string>& include,
                                             std::string& error);

    FilterMatch matched(std::string_view rel_path, bool is_dir) const;
    // The Walker's decision for an entry (Drop of a directory = don't descend).
    WalkAction action(std::string_view rel_path, bool is_dir) const;

    bool is_glob() const { return is_glob_; }
    const std::vector<FilterRule>& rules() const { return rules_; }

  private:
    bool is_glob_ = false;
    std::vector<FilterRule> rules_;
    std::vector<std::unique_ptr<Glob>> globs_;
    bool skip_unknown_dirs_ = true;
    std::unique_ptr<RustRegex> ignore_;
    std::unique_ptr<RustRegex> include_;
};

// path_filter::prepare_rule: expands one rule into its globs (exposed for tests).
std::vector<FilterRule> prepare_rule(std::string_view rule);

// vagga's create_path_filter(rules, no_default_rules, ignore_regex, include_regex).
std::unique_ptr<PathFilter> create_path_filter(const std::vector<std::string>& rules,
                                               std::optional<bool> no_default_rules,
                                               const std::optional<std::string>& ignore_regex,
                                               const std::optional<std::string>& include_regex,
                                               std::string& error);

} // namespace vagga::compat
