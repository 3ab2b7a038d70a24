// humantime durations as the original's `_clean --at-least` took them.
#include "compat/duration.h"

#include <gtest/gtest.h>

namespace vagga::compat {
namespace {

using std::chrono::seconds;

TEST(ParseDuration, Units) {
    EXPECT_EQ(parse_duration("10days"), seconds(864000));
    EXPECT_EQ(parse_duration("12h"), seconds(43200));
    EXPECT_EQ(parse_duration("1w 2d"), seconds(604800 + 172800));
    EXPECT_EQ(parse_duration("90s"), seconds(90));
    EXPECT_EQ(parse_duration("5min"), seconds(300));
    EXPECT_EQ(parse_duration("1hr"), seconds(3600));
    EXPECT_EQ(parse_duration("2weeks"), seconds(1209600));
}

TEST(ParseDuration, TermsAddUpWithOrWithoutSpaces) {
    EXPECT_EQ(parse_duration("1h30m"), seconds(5400));
    EXPECT_EQ(parse_duration(" 1h  30m "), seconds(5400));
    EXPECT_EQ(parse_duration("999999999s"), seconds(999999999));
}

TEST(ParseDuration, Malformed) {
    for (const char* bad : {"", " ", "ten", "10", "days", "d", "10 parsecs", "10 days", "10Days",
                            "1.5h", "-1h", "99999999999days", "1234567890s"})
        EXPECT_FALSE(parse_duration(bad)) << bad;
}

} // namespace
} // namespace vagga::compat
