// `vagga _version_hash` (runtime.md §1.8.3): its outputs and exit codes, on
// a copy of the corpus project the hash cases use.
#include "cli_helpers.h"
#include "tests/common/temp_dir.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace vagga::testing {
namespace {

TEST(VersionHashCommand, OutputsAndExitCodes) {
    test::TempCopy copy(kCorpus / "vagga-tests" / "copy");
    auto r = vagga_in(copy.path(), {"_version_hash", "--short", "dir-copy"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "781a47c8\n");
    r = vagga_in(copy.path(), {"_version_hash", "dir-copy"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.size(), 129u);
    r = vagga_in(copy.path(), {"_version_hash", "nonexistent-copy"});
    EXPECT_EQ(r.code, 29) << r.err;
    EXPECT_EQ(r.out, "");
    r = vagga_in(copy.path(), {"_version_hash", "no-such"});
    EXPECT_EQ(r.code, 121);
    EXPECT_NE(r.err.find("Container \"no-such\" not found"), std::string::npos) << r.err;
    r = vagga_in(copy.path(), {"_version_hash", "--short", "--debug-versioning", "file-copy"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("field:path \"filename\" \"/work/file\""), std::string::npos) << r.out;
    EXPECT_EQ(r.out.substr(r.out.size() - 9), "7ad83313\n");
}

TEST(VersionHashCommand, Fd3) {
    test::TempCopy copy(kCorpus / "vagga-tests" / "copy");
    int pipefd[2];
    ASSERT_EQ(::pipe(pipefd), 0);
    int saved = ::dup(3); // may be -1 when fd 3 is closed
    ASSERT_EQ(::dup2(pipefd[1], 3), 3);
    auto r = vagga_in(copy.path(), {"_version_hash", "--short", "--fd3", "dir-copy"});
    if (saved >= 0) {
        ::dup2(saved, 3);
        ::close(saved);
    } else {
        ::close(3);
    }
    ::close(pipefd[1]);
    char buf[64] = {};
    ssize_t n = ::read(pipefd[0], buf, sizeof buf);
    ::close(pipefd[0]);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(std::string(buf, n > 0 ? static_cast<size_t>(n) : 0), "781a47c8\n");
    EXPECT_EQ(r.out, "");
}

} // namespace
} // namespace vagga::testing
