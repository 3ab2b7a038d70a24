// `_clean --at-least DURATION`: humantime durations as the original took them.
#include "cli/clean.h"

#include <gtest/gtest.h>

namespace vagga::cli {
namespace {

TEST(ParseDuration, Units) {
    using std::chrono::seconds;
    EXPECT_EQ(parse_duration("10days"), seconds(864000));
    EXPECT_EQ(parse_duration("12h"), seconds(43200));
    EXPECT_EQ(parse_duration("1w 2d"), seconds(604800 + 172800));
    EXPECT_EQ(parse_duration("90s"), seconds(90));
    EXPECT_EQ(parse_duration("5min"), seconds(300));
}

TEST(ParseDuration, Malformed) {
    for (const char* bad : {"", " ", "ten", "10", "10 parsecs", "d", "99999999999days"})
        EXPECT_FALSE(parse_duration(bad)) << bad;
}

} // namespace
} // namespace vagga::cli
