#include "cli/errors.h"

namespace vagga::cli {

int exit_code_of(const app::Error& e) {
    switch (e.kind) {
    case app::ErrorKind::NotBuilt:
        return exit_code::version_unknown;
    case app::ErrorKind::Interrupted:
    case app::ErrorKind::Exited:
        return e.code;
    case app::ErrorKind::Failed:
        return exit_code::launcher_error;
    }
    return exit_code::launcher_error;
}

int report(const app::Status& status, std::ostream& err) {
    if (!status)
        return exit_code::ok;
    if (!status->message.empty())
        err << status->message << "\n";
    return exit_code_of(*status);
}

} // namespace vagga::cli
