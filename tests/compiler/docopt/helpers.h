// Shared helpers for the docopt tests: run a command's `options:` the way
// the launcher does and look at the resulting environment.
#pragma once

#include "compiler/docopt/docopt.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace vagga::docopt::testing {

inline CommandArgs run(std::string_view cmd, std::string_view options,
                       const std::vector<std::string>& args,
                       BuiltinSection section = BuiltinSection::Common) {
    return parse_command_args(cmd, std::nullopt, options, section, args);
}

inline std::map<std::string, std::string> env_of(const CommandArgs& r) {
    std::map<std::string, std::string> env;
    for (const auto& [k, v] : r.env)
        env[k] = v;
    return env;
}

// The env of a run that must match.
inline std::map<std::string, std::string> env_ok(std::string_view cmd, std::string_view options,
                                                 const std::vector<std::string>& args) {
    auto r = run(cmd, options, args);
    EXPECT_EQ(r.outcome, MatchOutcome::Matched) << r.text;
    return env_of(r);
}

inline Values values_ok(std::string_view doc, const std::vector<std::string>& argv) {
    auto spec = parse(doc);
    EXPECT_TRUE(spec.ok()) << spec.error;
    if (!spec.ok())
        return {};
    auto m = match(*spec.value, argv);
    EXPECT_EQ(m.outcome, MatchOutcome::Matched) << m.text;
    return m.values;
}

} // namespace vagga::docopt::testing
