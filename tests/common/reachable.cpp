#include "tests/common/reachable.h"

#include <curl/curl.h>

namespace vagga::test {

bool reachable(const std::string& url) {
    CURL* c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 5L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    long status = 0;
    bool ok = curl_easy_perform(c) == CURLE_OK &&
              curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK && status < 400;
    curl_easy_cleanup(c);
    return ok;
}

} // namespace vagga::test
