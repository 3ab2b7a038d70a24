// How long newuidmap + newgidmap take on their own: the floor under a
// rootless start with a full /etc/subuid range, which bwrap and unshare
// (single-id maps) never pay. Each round clones a process into a new user
// namespace and maps it with the two setuid helpers, either one after the
// other or both at once (as the runtime does), and reports the mean wall
// time of the pair.
//
//   idmap_helpers [ROUNDS]        (run as a user with /etc/subuid and /etc/subgid entries)
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

int sleeper(void*) {
    ::pause();
    return 0;
}

pid_t spawn(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t p = ::fork();
    if (p == 0) {
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return p;
}

bool ok(pid_t p) {
    int st = 0;
    return ::waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

// Mean milliseconds per pair, or a negative number when a helper failed.
double measure(bool parallel, int rounds, long first_uid, long first_gid) {
    static std::array<char, 65536> stack;
    double total = 0;
    for (int i = 0; i < rounds; ++i) {
        pid_t target =
            ::clone(sleeper, stack.data() + stack.size(), CLONE_NEWUSER | SIGCHLD, nullptr);
        if (target < 0)
            return -1;
        std::string pid = std::to_string(target), uid = std::to_string(::getuid());
        std::string gid = std::to_string(::getgid());
        auto t0 = std::chrono::steady_clock::now();
        pid_t u = spawn(
            {"/usr/bin/newuidmap", pid, "0", uid, "1", "1", std::to_string(first_uid), "65535"});
        bool good = parallel || ok(u);
        pid_t g = spawn(
            {"/usr/bin/newgidmap", pid, "0", gid, "1", "1", std::to_string(first_gid), "65535"});
        if (parallel)
            good = ok(u) && good;
        good = ok(g) && good;
        total += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                     .count();
        ::kill(target, SIGKILL);
        ::waitpid(target, nullptr, 0);
        if (!good)
            return -1;
    }
    return total / rounds;
}

} // namespace

int main(int argc, char** argv) {
    int rounds = argc > 1 ? std::atoi(argv[1]) : 100;
    // The first subordinate ids of the caller (the harness only needs a valid range).
    long su = std::atol(std::getenv("SUBUID_START") ? std::getenv("SUBUID_START") : "100000");
    long sg = std::atol(std::getenv("SUBGID_START") ? std::getenv("SUBGID_START") : "100000");
    for (bool parallel : {false, true, false, true}) {
        double ms = measure(parallel, rounds, su, sg);
        if (ms < 0) {
            std::fprintf(stderr,
                         "idmap_helpers: a helper failed (run as a user with a 65536-id range)\n");
            return 1;
        }
        std::printf("%-10s newuidmap + newgidmap: %.3f ms per pair (%d rounds)\n",
                    parallel ? "parallel" : "sequential", ms, rounds);
    }
    return 0;
}
