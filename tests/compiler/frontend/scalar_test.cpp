// compiler/scalar: booleans, decimals, id ranges (config.md §2.10-2.11);
// humannum numbers are tested in tests/compat/human_number_test.cpp.
#include "compiler/scalar/scalar.h"

#include <gtest/gtest.h>

#include <limits>

namespace vagga::scalar {
namespace {

TEST(Bool, ExactlyTrueOrFalse) {
    EXPECT_EQ(parse_bool("true"), std::optional<bool>(true));
    EXPECT_EQ(parse_bool("false"), std::optional<bool>(false));
    for (const char* s : {"True", "FALSE", "yes", "no", "on", "1", "0", "", " true"})
        EXPECT_EQ(parse_bool(s), std::nullopt) << s;
}

TEST(Decimal, RustUnsignedFromStr) {
    EXPECT_EQ(parse_decimal("0"), std::optional<uint64_t>(0));
    EXPECT_EQ(parse_decimal("+12"), std::optional<uint64_t>(12));
    EXPECT_EQ(parse_decimal("18446744073709551615"),
              std::optional<uint64_t>(std::numeric_limits<uint64_t>::max()));
    for (const char* s : {"18446744073709551616", "1M", "1k", "0x10", "-1", "", "+", " 1", "1_0"})
        EXPECT_EQ(parse_decimal(s), std::nullopt) << s;
}

TEST(Range, SingleAndPair) {
    auto r = parse_range("1000");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->start, 1000u);
    EXPECT_EQ(r->end, 1000u);
    r = parse_range("0-65535");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->start, 0u);
    EXPECT_EQ(r->end, 65535u);
    r = parse_range("5-5");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->start, 5u);
}

TEST(Range, Rejected) {
    // B < A panicked the original; we reject it.
    for (const char* s : {"10-5", "", "-", "1-", "-1", "+1", "1 - 2", " 1", "1-2-3", "a", "1k",
                          "4294967296", "0-4294967296"})
        EXPECT_EQ(parse_range(s), std::nullopt) << s;
    EXPECT_TRUE(parse_range("4294967295"));
}

} // namespace
} // namespace vagga::scalar
