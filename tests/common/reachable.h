// Whether a network test can run: its server answers. Needs libcurl
// (CURL::libcurl) in the test executable.
#pragma once

#include <string>

namespace vagga::test {

// A HEAD request for `url` (redirects followed, 5 s at most) gets a status
// below 400.
bool reachable(const std::string& url);

} // namespace vagga::test
