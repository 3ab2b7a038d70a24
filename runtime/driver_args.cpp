#include "runtime/driver_args.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace vagga::runtime {

namespace {

bool take_host_option(const std::string& option, const char* value, Host* host) {
    if (option == "--subuid") {
        host->subuid_path = value;
    } else if (option == "--subgid") {
        host->subgid_path = value;
    } else if (option == "--newuidmap") {
        host->newuidmap = value;
    } else if (option == "--newgidmap") {
        host->newgidmap = value;
    } else {
        return false;
    }
    return true;
}

} // namespace

std::string parse_driver_args(int argc, char** argv, Host* host, const DriverOption& extra) {
    std::string name;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (i + 1 < argc &&
            (take_host_option(a, argv[i + 1], host) || (extra && extra(a, argv[i + 1])))) {
            ++i;
        } else if (name.empty() && (a == "-" || a.rfind("--", 0) != 0)) {
            name = a;
        } else {
            return "";
        }
    }
    return name;
}

std::optional<nlohmann::json> read_json_arg(const char* prog, const std::string& name) {
    std::stringstream ss;
    if (name == "-") {
        ss << std::cin.rdbuf();
    } else {
        std::ifstream in(name);
        if (!in) {
            std::fprintf(stderr, "%s: cannot read %s\n", prog, name.c_str());
            return std::nullopt;
        }
        ss << in.rdbuf();
    }
    auto doc = nlohmann::json::parse(ss.str(), nullptr, false);
    if (doc.is_discarded()) {
        std::fprintf(stderr, "%s: %s: not valid JSON\n", prog, name.c_str());
        return std::nullopt;
    }
    return doc;
}

std::string span_note(const source::Span& span) {
    if (!span.valid()) {
        return "";
    }
    return " (config span " + std::to_string(span.file) + ":" + std::to_string(span.begin) + "-" +
           std::to_string(span.end) + ")";
}

} // namespace vagga::runtime
