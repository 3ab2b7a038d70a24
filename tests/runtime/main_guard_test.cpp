#include "runtime/main_guard.h"

#include <gtest/gtest.h>

#include <exception>
#include <stdexcept>
#include <thread>

namespace vagga::runtime {
namespace {

TEST(MainGuard, ReturnsTheBodysCode) {
    EXPECT_EQ(guarded_main("prog", 121, [] { return 7; }), 7);
}

TEST(MainGuard, AnExceptionBecomesAMessageAndTheInternalCode) {
    testing::internal::CaptureStderr();
    int code = guarded_main("prog", 121, []() -> int { throw std::runtime_error("boom \xFF"); });
    std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(code, 121);
    EXPECT_EQ(err, "prog: internal error: boom \xEF\xBF\xBD\n");
}

// An exception that escapes a thread, or anything else that reaches
// std::terminate, exits with the code instead of aborting (SIGABRT, 134).
TEST(MainGuardDeathTest, TerminateExitsWithTheInternalCode) {
    EXPECT_EXIT(guarded_main("prog", 121,
                             [] {
                                 std::thread t([] { throw std::logic_error("in a thread"); });
                                 t.join();
                                 return 0;
                             }),
                testing::ExitedWithCode(121), "prog: internal error: in a thread");
    EXPECT_EXIT(guarded_main("vagga-build", 1,
                             [] {
                                 std::terminate();
                                 return 0;
                             }),
                testing::ExitedWithCode(1), "vagga-build: internal error: std::terminate called");
}

} // namespace
} // namespace vagga::runtime
