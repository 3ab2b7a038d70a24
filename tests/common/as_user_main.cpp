// The main() of the integration test binaries that run twice: as the
// invoking user, and (CTest's "....user." entries set VAGGA_TEST_AS_USER)
// re-executed through setpriv as that unprivileged user, created by
// tests/runtime/setup-user.sh, so every test also proves no root is needed.
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    const char* user = std::getenv("VAGGA_TEST_AS_USER");
    if (user != nullptr && *user != '\0' && getuid() == 0) {
        std::string reuid = std::string("--reuid=") + user;
        std::string regid = std::string("--regid=") + user;
        char buf[4096];
        ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
        std::string self = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "/proc/self/exe";
        std::vector<char*> args{const_cast<char*>("setpriv"),
                                reuid.data(),
                                regid.data(),
                                const_cast<char*>("--init-groups"),
                                const_cast<char*>("--reset-env"),
                                const_cast<char*>("--"),
                                self.data()};
        for (int i = 1; i < argc; ++i)
            args.push_back(argv[i]);
        args.push_back(nullptr);
        unsetenv("VAGGA_TEST_AS_USER");
        // A login session's usual soft limit on open files (root's here is
        // far higher): a user's vagga must work under it.
        struct rlimit files {};
        if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur > 1024) {
            files.rlim_cur = 1024;
            (void)setrlimit(RLIMIT_NOFILE, &files);
        }
        execvp("setpriv", args.data());
        std::perror("setpriv");
        return 1;
    }
    ::testing::InitGoogleTest(&argc, argv);
#ifdef BUSYBOX_PATH
    if (access(BUSYBOX_PATH, X_OK) != 0) {
        std::fprintf(stderr, "these tests need %s (Debian package busybox-static)\n", BUSYBOX_PATH);
        return 1;
    }
#endif
    return RUN_ALL_TESTS();
}
