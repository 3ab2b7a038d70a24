// process::spawn/run with real processes: stdio, extra fds and nothing
// else, PATH search, exec failures, the in-child hook, signals, and a child
// that is neither waited for nor released being killed and reaped.
#include "process/spawn.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace vagga::process {
namespace {

int exit_code(int status) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

Spec sh(const std::string& script) {
    Spec s;
    s.argv = {"/bin/sh", "-c", script};
    return s;
}

TEST(Run, FeedsStdinAndCollectsStdoutAndStderrApart) {
    std::string input = "hello\n";
    Finished f = run(sh("cat; echo oops >&2; exit 3"), &input, true, true);
    EXPECT_EQ(exit_code(f.status), 3);
    EXPECT_EQ(f.out, "hello\n");
    EXPECT_EQ(f.err, "oops\n");
}

TEST(Run, LargeInputAndOutputBothWaysDoNotDeadlock) {
    // Far more than a pipe holds, in and out at once (and on stderr too).
    std::string input(4 << 20, 'x');
    Finished f = run(sh("tee /dev/stderr"), &input, true, true);
    EXPECT_EQ(exit_code(f.status), 0);
    EXPECT_EQ(f.out.size(), input.size());
    EXPECT_EQ(f.err.size(), input.size());
}

TEST(Run, AChildThatStopsReadingIsNoError) {
    std::string input(1 << 20, 'x');
    Finished f = run(sh("head -c 10 >/dev/null"), &input, false, false);
    EXPECT_EQ(exit_code(f.status), 0);
    EXPECT_EQ(f.error, 0);
}

TEST(Spawn, TheChildGetsStdioAndTheListedFdsOnly) {
    int leaked = ::dup(1); // not close-on-exec: must not reach the child anyway
    ASSERT_GE(leaked, 3);
    int p[2];
    ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
    Spec s = sh("echo report >&3; ls /proc/self/fd");
    s.fds = {{p[1], 3}};
    Finished f = run(s, nullptr, true, false);
    ::close(p[1]);
    char buf[64] = {};
    ssize_t n = ::read(p[0], buf, sizeof buf);
    ::close(p[0]);
    ::close(leaked);
    EXPECT_EQ(exit_code(f.status), 0);
    EXPECT_EQ(std::string(buf, n > 0 ? static_cast<size_t>(n) : 0), "report\n");
    // 0-2, 3, and the fd `ls` opens to read the directory.
    EXPECT_EQ(f.out, "0\n1\n2\n3\n4\n");
}

TEST(Spawn, StdinIsDevNullUnlessSaidOtherwise) {
    Finished f = run(sh("cat; echo end"), nullptr, true, false);
    EXPECT_EQ(f.out, "end\n");
}

TEST(Spawn, SearchesThePathOfItsOwnEnvironment) {
    Spec s;
    s.argv = {"sh", "-c", "echo $0 found"};
    s.search_path = true;
    s.env = std::vector<std::string>{"PATH=/nonexistent:/bin"};
    Finished f = run(s, nullptr, true, false);
    EXPECT_EQ(exit_code(f.status), 0);
    EXPECT_EQ(f.out, "sh found\n");
    s.search_path = false; // then "sh" is a relative path that is not there
    EXPECT_EQ(exit_code(run(s, nullptr, false, false).status), kExecFailed);
}

TEST(Spawn, ProgramKeepsArgvZero) {
    Spec s;
    s.program = "/bin/sh";
    s.argv = {"shown-name", "-c", "echo $0"};
    EXPECT_EQ(run(s, nullptr, true, false).out, "shown-name\n");
}

TEST(Spawn, ExecFailureExits127) {
    Spec s;
    s.argv = {"/nonexistent/program"};
    Finished f = run(s, nullptr, false, false);
    EXPECT_EQ(f.error, 0);
    EXPECT_EQ(exit_code(f.status), kExecFailed);
}

TEST(Spawn, TheInChildHookRunsWithTheFdsInPlace) {
    int p[2];
    ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
    Spec s; // no argv: the hook is the child's work
    s.out = Stdio::from(p[1]);
    s.in_child = [] {
        (void)!::write(1, "from the hook", 13);
        return 42;
    };
    Started st = spawn(s);
    ASSERT_EQ(st.error, 0);
    ::close(p[1]);
    char buf[32] = {};
    ssize_t n = ::read(p[0], buf, sizeof buf);
    ::close(p[0]);
    EXPECT_EQ(exit_code(wait(st.child)), 42);
    EXPECT_EQ(std::string(buf, n > 0 ? static_cast<size_t>(n) : 0), "from the hook");
    // A hook that fails before an exec: its code, and no exec.
    Spec t = sh("echo must not run");
    t.in_child = [] { return 7; };
    Finished f = run(t, nullptr, true, false);
    EXPECT_EQ(exit_code(f.status), 7);
    EXPECT_EQ(f.out, "");
}

TEST(Spawn, ResetSignalsUndoesIgnoredSignals) {
    struct sigaction ignore {};
    struct sigaction old {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGUSR1, &ignore, &old);
    Spec s = sh("kill -USR1 $$; echo alive");
    Finished kept = run(s, nullptr, true, false);
    s.reset_signals = true;
    Finished reset = run(s, nullptr, true, false);
    ::sigaction(SIGUSR1, &old, nullptr);
    EXPECT_EQ(kept.out, "alive\n") << "an ignored signal stays ignored across exec";
    EXPECT_EQ(exit_code(reset.status), -SIGUSR1);
}

TEST(Child, OneNeitherWaitedForNorReleasedIsKilledAndReaped) {
    pid_t pid = -1;
    {
        Started st = spawn(sh("sleep 100"));
        ASSERT_EQ(st.error, 0);
        pid = st.child.pid();
    }
    int status = 0;
    EXPECT_EQ(::waitpid(pid, &status, WNOHANG), -1);
    EXPECT_EQ(errno, ECHILD);
}

} // namespace
} // namespace vagga::process
