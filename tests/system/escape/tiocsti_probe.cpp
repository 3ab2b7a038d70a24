// Run inside a container: tries ioctl(0, TIOCSTI) and ioctl(0, TIOCLINUX)
// and prints what the kernel answered. With stdin not a terminal the
// driver says ENOTTY; the seccomp filter answers EPERM before the driver
// is reached, so the test needs no terminal to see the filter. Static: the
// test's container root has no libc.
#include <sys/ioctl.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

int main() {
    char c = 'x';
    int rc = ioctl(0, TIOCSTI, &c);
    std::printf("TIOCSTI %s\n", rc == 0 ? "ok" : std::strerror(errno));
    char sub = 0;
    rc = ioctl(0, TIOCLINUX, &sub);
    std::printf("TIOCLINUX %s\n", rc == 0 ? "ok" : std::strerror(errno));
    return 0;
}
