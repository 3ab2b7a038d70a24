// ir::Box, ir::Opt and the accessors that see through boxed union alternatives.
#include "compiler/ir/boxed.h"
#include "compiler/ir/flat_map.h"
#include "ir_gen.h"

#include <gtest/gtest.h>

namespace vagga {
namespace {

TEST(BoxedTest, LargeStepsAreBoxedAndTheStepStaysSmall) {
    // The point of boxing: a step is not as large as its largest alternative.
    static_assert(sizeof(ir::step::Copy) > ir::kInlineAlternativeBytes);
    static_assert(std::is_same_v<ir::MaybeBox<ir::step::Copy>, ir::Box<ir::step::Copy>>);
    static_assert(std::is_same_v<ir::MaybeBox<ir::step::Sh>, ir::step::Sh>);
    EXPECT_LE(sizeof(ir::Step), 96u);
    EXPECT_LE(sizeof(ir::Command), 48u);
}

TEST(BoxedTest, GetIfAndVisitSeeThroughTheBox) {
    ir::Step s;
    auto& copy = ir::emplace<ir::step::Copy>(s.value);
    copy.source = ir::Str("src");
    EXPECT_TRUE(ir::holds<ir::step::Copy>(s.value));
    EXPECT_EQ(ir::get_if<ir::step::Sh>(s.value), nullptr);
    ASSERT_NE(ir::get_if<ir::step::Copy>(s.value), nullptr);
    EXPECT_EQ(ir::get<ir::step::Copy>(s.value).source.text, "src");
    std::string seen = ir::visit(
        [](const auto& x) {
            if constexpr (std::is_same_v<std::decay_t<decltype(x)>, ir::step::Copy>)
                return x.source.text;
            else
                return std::string("other");
        },
        s.value);
    EXPECT_EQ(seen, "src");
}

TEST(BoxedTest, CopiesAreDeep) {
    ir::Step a;
    ir::emplace<ir::step::Copy>(a.value).source = ir::Str("one");
    ir::Step b = a;
    auto* bc = ir::get_if<ir::step::Copy>(b.value);
    ASSERT_NE(bc, nullptr);
    bc->source = ir::Str("two");
    EXPECT_EQ(ir::get<ir::step::Copy>(a.value).source.text, "one");
    EXPECT_EQ(ir::get<ir::step::Copy>(b.value).source.text, "two");
    a = b;
    EXPECT_EQ(ir::get<ir::step::Copy>(a.value).source.text, "two");
}

TEST(BoxedTest, OptBehavesLikeStdOptional) {
    ir::Opt<ir::Str> o;
    EXPECT_FALSE(o.has_value());
    o = ir::Str("x");
    ASSERT_TRUE(o);
    EXPECT_EQ(o->text, "x");
    ir::Opt<ir::Str> p = o;
    p->text = "y";
    EXPECT_EQ(o->text, "x"); // deep copy
    EXPECT_FALSE(o == p);
    p = ir::Str("x");
    EXPECT_TRUE(o == p);
    o = std::nullopt;
    EXPECT_FALSE(o.has_value());
    EXPECT_FALSE(o == p);
    EXPECT_EQ(sizeof(o), sizeof(void*));
}

TEST(FlatMapTest, KeepsKeysSortedAndBehavesLikeAMap) {
    ir::FlatMap<ir::Str, ir::Str> m;
    m.insert_or_assign("b", "2");
    m.insert_or_assign("a", "1");
    m.insert_or_assign("c", "3");
    m.insert_or_assign("b", "two");
    std::string order;
    for (const auto& [k, v] : m)
        order += k.text + "=" + v.text + ";";
    EXPECT_EQ(order, "a=1;b=two;c=3;");
    EXPECT_EQ(m.at("b").text, "two");
    EXPECT_THROW((void)m.at("zz"), std::out_of_range);
    EXPECT_EQ(m.count("c"), 1u);
    EXPECT_EQ(m.find("d"), m.end());
    m.insert_or_assign("a", "one");
    EXPECT_EQ(m.at("a").text, "one");
    EXPECT_EQ(m.size(), 3u) << "an existing key is assigned, not added";
}

TEST(FlatMapTest, BulkFillSortsOnceAndTheLastValueWins) {
    ir::FlatMap<ir::Str, ir::Str> m;
    std::vector<std::pair<ir::Str, ir::Str>> items;
    // Keys in descending order: one-by-one insertion would be quadratic.
    for (int i = 50000; i > 0; --i)
        items.emplace_back(ir::Str(std::to_string(i)), ir::Str("v"));
    items.emplace_back(ir::Str("7"), ir::Str("last"));
    m.assign_last_wins(std::move(items));
    EXPECT_EQ(m.size(), 50000u);
    EXPECT_EQ(m.at("7").text, "last");
    EXPECT_TRUE(std::is_sorted(m.begin(), m.end(),
                               [](const auto& a, const auto& b) { return a.first < b.first; }));
}

} // namespace
} // namespace vagga
