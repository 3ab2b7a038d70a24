// Robustness of the whole pipeline: `vagga check` (the real binary, in a
// child process) on hostile inputs. Each must end within seconds, with a
// bounded peak RSS (getrusage of the child), exit 126 and a located error
// (0 and a clean report for the empty file), and never crash.
#include "helpers.h"

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace vagga::testing {
namespace {

namespace fs = std::filesystem;

struct ChildRun {
    int status = -1; // exit code, or -signal
    bool timed_out = false;
    double seconds = 0;
    long maxrss_kb = 0;
    std::string out, err;
};

// Runs `vagga check` in `dir` with an empty environment and a 30 s limit.
ChildRun vagga_check(const fs::path& dir, const fs::path& io) {
    ChildRun r;
    auto t0 = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0) {
        int out = open((io / "stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err = open((io / "stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0 || chdir(dir.c_str()) != 0)
            _exit(200);
        char* const argv[] = {const_cast<char*>("vagga"), const_cast<char*>("check"), nullptr};
        char* const envp[] = {nullptr};
        execve(VAGGA_BINARY, argv, envp);
        _exit(201);
    }
    int status = 0;
    rusage ru{};
    for (;;) {
        pid_t w = wait4(pid, &status, WNOHANG, &ru);
        if (w == pid)
            break;
        if (std::chrono::steady_clock::now() - t0 > std::chrono::seconds(30)) {
            kill(pid, SIGKILL);
            wait4(pid, &status, 0, &ru);
            r.timed_out = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.maxrss_kb = ru.ru_maxrss;
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    r.out = slurp(io / "stdout");
    r.err = slurp(io / "stderr");
    return r;
}

struct Hostile : ::testing::Test {
    TempDir project, io;
    ChildRun check(long max_rss_mib = 128, double max_seconds = 10.0) {
        ChildRun r = vagga_check(project.path(), io.path());
        EXPECT_FALSE(r.timed_out);
        EXPECT_LT(r.seconds, max_seconds);
        EXPECT_LT(r.maxrss_kb, max_rss_mib * 1024) << "peak RSS " << r.maxrss_kb << " KiB";
        RecordProperty("maxrss_kb", std::to_string(r.maxrss_kb));
        return r;
    }
    // The first line of stderr starts with `vagga.yaml:LINE:COL: error[CODE]`.
    static void expect_located(const ChildRun& r, const std::string& prefix) {
        EXPECT_EQ(r.status, 126) << r.err.substr(0, 2000);
        EXPECT_EQ(r.err.rfind(prefix, 0), 0u) << r.err.substr(0, 2000);
    }
};

TEST_F(Hostile, BillionLaughs) {
    std::string y =
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    for (char c = 'b'; c <= 'k'; ++c) {
        std::string prev(1, static_cast<char>(c - 1));
        y += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 9; ++i)
            y += (i ? ",*" : "*") + prev;
        y += "]\n";
    }
    project.write("vagga.yaml", y);
    ChildRun r = check();
    expect_located(r, "vagga.yaml:7:7: error[limit-exceeded]");
}

TEST_F(Hostile, DeepFlowNesting) {
    project.write("vagga.yaml",
                  "containers: " + std::string(10000, '[') + std::string(10000, ']') + "\n");
    ChildRun r = check();
    expect_located(r,
                   "vagga.yaml:1:1012: error[limit-exceeded]: nesting is deeper than 1000 levels");
}

TEST_F(Hostile, DeepBlockNesting) {
    std::string y = "containers:\n";
    for (int i = 0; i < 10000; ++i)
        y += "- ";
    y += "x\n";
    project.write("vagga.yaml", y);
    ChildRun r = check();
    expect_located(r, "vagga.yaml:2:1: error[limit-exceeded]: nesting is deeper than 1000 levels");
}

TEST_F(Hostile, DeepBlockMappingNesting) {
    std::string y;
    for (int i = 0; i < 10000; ++i)
        y += std::string(static_cast<size_t>(i), ' ') + "k:\n";
    project.write("vagga.yaml", y);
    ChildRun r = check();
    expect_located(
        r, "vagga.yaml:1001:1001: error[limit-exceeded]: nesting is deeper than 1000 levels");
}

TEST_F(Hostile, IncludeCycle) {
    project.write("vagga.yaml", "containers: !*Include a.yaml\n");
    project.write("a.yaml", "x: !*Include a.yaml\n");
    ChildRun r = check();
    expect_located(r, "a.yaml:1:14: error[include-cycle]");
}

TEST_F(Hostile, TenMegabytes) {
    std::string y = "containers:\n";
    y.reserve(10 << 20);
    for (int i = 0; y.size() < (10u << 20); ++i)
        y += "  c" + std::to_string(i) + ":\n    setup:\n    - !Alpine v3.15\n    - !Sh echo " +
             std::to_string(i) + "\n";
    size_t lines = static_cast<size_t>(std::count(y.begin(), y.end(), '\n'));
    y += "    bogus: 1\n";
    project.write("vagga.yaml", y);
    // Measured: about 400 MiB peak for this 10 MiB file (some 40 bytes per
    // input byte), so the 64 MiB file-size limit alone allows ~2.6 GiB.
    // It also takes 4-6 s (20 MiB: 14 s), so the bound here is looser.
    ChildRun r = check(1024, 20.0);
    expect_located(r, "vagga.yaml:" + std::to_string(lines + 1) + ":5: error[unknown-key]");
}

TEST_F(Hostile, InvalidUtf8) {
    project.write("vagga.yaml", "containers:\n  app:\n    environ: {A: \"\xc3\x28\"}\n");
    ChildRun r = check();
    expect_located(r, "vagga.yaml:3:19: error[bad-encoding]");
}

TEST_F(Hostile, EmptyFile) {
    project.write("vagga.yaml", "");
    ChildRun r = check();
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "vagga.yaml: ok (0 containers, 0 commands)\n");
    EXPECT_EQ(r.err, "");
}

TEST_F(Hostile, DirectoryNamedVaggaYaml) {
    fs::create_directories(project / "vagga.yaml");
    ChildRun r = check();
    EXPECT_EQ(r.status, 126);
    // There is no line to point at; the message names the file and the OS error.
    EXPECT_EQ(r.err, "error[io-error]: cannot read `" + (project / "vagga.yaml").string() +
                         "`: Is a directory (os error 21)\n1 error, 0 warnings\n");
}

TEST_F(Hostile, BinaryFile) {
    std::ifstream in("/bin/true", std::ios::binary);
    std::string bytes(64 * 1024, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<size_t>(in.gcount()));
    ASSERT_GT(bytes.size(), 1000u);
    project.write("vagga.yaml", bytes);
    ChildRun r = check();
    EXPECT_EQ(r.status, 126);
    EXPECT_EQ(r.err.rfind("vagga.yaml:1:", 0), 0u) << r.err.substr(0, 500);
    EXPECT_NE(r.err.find("error["), std::string::npos);
}

TEST_F(Hostile, NulByte) {
    project.write("vagga.yaml", std::string("containers:\n  a\0b:\n", 19));
    ChildRun r = check();
    expect_located(r, "vagga.yaml:2:4: error[");
}

} // namespace
} // namespace vagga::testing
