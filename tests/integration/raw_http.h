#pragma once
// One HTTP/1.1 request sent over a new connection exactly as given, for what the test Client
// cannot send: a path with raw "../" (libcurl would tidy it away) or a target longer than
// libcurl 7.88 sends correctly next to a stored cookie (it leaves such a request unfinished).
#include <cstdint>
#include <string>

#include "harness.h"

namespace cg::test {

// Sends METHOD TARGET with `headers`, a Content-Length and `body`, then reads the answer until
// the server closes the connection (Connection: close is sent). Status 0 when there is none.
HttpResponse raw_request(uint16_t port, const std::string& method, const std::string& target,
                         const std::string& body = "", const Headers& headers = {});

}  // namespace cg::test
