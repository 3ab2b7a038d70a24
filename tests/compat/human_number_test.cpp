// humannum 0.1.0 numbers (config.md §2.10-2.11).
#include "compat/human_number.h"

#include <gtest/gtest.h>

#include <limits>

namespace vagga::compat {
namespace {

int64_t value(std::string_view s) {
    auto r = parse_number(s);
    EXPECT_EQ(r.error, NumError::None) << s;
    return r.value;
}
NumError error(std::string_view s) {
    return parse_number(s).error;
}

TEST(Humannum, PlainDecimal) {
    EXPECT_EQ(value("0"), 0);
    EXPECT_EQ(value("42"), 42);
    EXPECT_EQ(value("  42  "), 42);
    EXPECT_EQ(value("+5"), 5);
    EXPECT_EQ(value("-5"), -5);
}

TEST(Humannum, Units) {
    EXPECT_EQ(value("1k"), 1000);
    EXPECT_EQ(value("2M"), 2000000);
    EXPECT_EQ(value("3G"), 3000000000);
    EXPECT_EQ(value("1ki"), 1024);
    EXPECT_EQ(value("1Mi"), 1048576);
    EXPECT_EQ(value("1Gi"), 1073741824);
    EXPECT_EQ(value("100Mi"), 104857600);
    EXPECT_EQ(value("2 k"), 2000);
    EXPECT_EQ(value("2 Mi"), 2097152);
}

TEST(Humannum, NotUnits) {
    EXPECT_EQ(error("1Ki"), NumError::InvalidDigit);
    EXPECT_EQ(error("1K"), NumError::InvalidDigit);
    EXPECT_EQ(error("1m"), NumError::InvalidDigit);
    EXPECT_EQ(error("1T"), NumError::InvalidDigit);
    EXPECT_EQ(error("1Ti"), NumError::InvalidDigit);
    EXPECT_EQ(error("1B"), NumError::InvalidDigit);
}

TEST(Humannum, BasePrefixes) {
    EXPECT_EQ(value("0x1f"), 31);
    EXPECT_EQ(value("0xFF"), 255);
    EXPECT_EQ(value("0o17"), 15);
    EXPECT_EQ(value("0o1777"), 1023);
    EXPECT_EQ(value("0b101"), 5);
    EXPECT_EQ(error("0b102"), NumError::InvalidDigit);
    EXPECT_EQ(error("0o8"), NumError::InvalidDigit);
}

TEST(Humannum, BareLeadingZeroIsDecimal) {
    EXPECT_EQ(value("0755"), 755);
    EXPECT_EQ(value("755"), 755);
    EXPECT_EQ(value("007"), 7);
}

TEST(Humannum, Separators) {
    EXPECT_EQ(value("1_000"), 1000);
    EXPECT_EQ(value("12_M"), 12000000);
    EXPECT_EQ(value("1__0"), 10);
    EXPECT_EQ(error("_12"), NumError::InvalidDigit);
}

TEST(Humannum, Overflow) {
    EXPECT_EQ(value("9223372036854775807"), std::numeric_limits<int64_t>::max());
    EXPECT_EQ(error("9223372036854775808"), NumError::Overflow);
    EXPECT_EQ(value("-9223372036854775808"), std::numeric_limits<int64_t>::min());
    EXPECT_EQ(error("9999999999999G"), NumError::Overflow);
    EXPECT_EQ(error("99999999999999999999"), NumError::Overflow);
}

TEST(Humannum, EmptyAndGarbage) {
    EXPECT_EQ(error(""), NumError::Empty);
    EXPECT_EQ(error("   "), NumError::Empty);
    EXPECT_EQ(error("k"), NumError::Empty);
    EXPECT_EQ(error("0x"), NumError::Empty);
    EXPECT_EQ(error("1.5"), NumError::InvalidDigit);
    EXPECT_EQ(error("abc"), NumError::InvalidDigit);
    EXPECT_EQ(num_error_text(NumError::InvalidDigit), "InvalidDigit");
    EXPECT_EQ(num_error_text(NumError::Overflow), "Overflow");
    EXPECT_EQ(num_error_text(NumError::Empty), "Empty");
}

} // namespace
} // namespace vagga::compat
