#include "compat/git_cache_name.h"

#include <gtest/gtest.h>

namespace vagga::compat {
namespace {

TEST(GitCacheName, EscapesPercentThenSlash) {
    EXPECT_EQ(git_cache_name("https://github.com/jdp/urp.git"),
              "https:%2F%2Fgithub.com%2Fjdp%2Furp.git");
    EXPECT_EQ(git_cache_name("/work/a%2Fb"), "%2Fwork%2Fa%252Fb");
    EXPECT_EQ(git_cache_name(".."), ".."); // the step refuses such names
}

} // namespace
} // namespace vagga::compat
