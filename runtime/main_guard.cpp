#include "runtime/main_guard.h"

#include "compat/utf8.h"
#include "runtime/sys.h"

#include <cstdio>
#include <exception>
#include <string>

namespace vagga::runtime {

namespace {

const char* g_prog = "vagga";
int g_code = 121;

void report(const char* what) {
    std::string line =
        std::string(g_prog) + ": internal error: " + compat::to_valid_utf8(what) + "\n";
    // write(2), not stdio: std::terminate may run with stdio's locks held.
    (void)sys::write_all(2, line, "stderr");
}

[[noreturn]] void on_terminate() {
    const char* what = "unknown exception";
    try {
        if (auto e = std::current_exception())
            std::rethrow_exception(e);
        what = "std::terminate called without an exception";
    } catch (const std::exception& e) {
        report(e.what());
        sys::exit_now(g_code);
    } catch (...) {
    }
    report(what);
    sys::exit_now(g_code);
}

} // namespace

int guarded_main(const char* prog, int internal_code, const std::function<int()>& body) {
    g_prog = prog;
    g_code = internal_code;
    std::set_terminate(on_terminate);
    try {
        return body();
    } catch (const std::exception& e) {
        report(e.what());
    } catch (...) {
        report("unknown exception");
    }
    std::fflush(stdout);
    return internal_code;
}

} // namespace vagga::runtime
