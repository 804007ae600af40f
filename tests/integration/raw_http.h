#pragma once
// Requests sent over a new connection exactly as given, for what the test Client cannot send:
// a path with raw "../" (libcurl would tidy it away), a target longer than libcurl 7.88 sends
// correctly next to a stored cookie (it leaves such a request unfinished), or framing that is
// wrong on purpose (two requests in one, a request without Host).
#include <cstdint>
#include <string>

#include "harness.h"

namespace cg::test {

struct RawExchange {
  std::string received;  // every byte the server sent
  bool closed = false;   // the server ended the connection (rather than the wait running out)
};

// Sends `bytes` to 127.0.0.1:port over a new connection and reads until the server closes it
// or `seconds` pass. raw_exchange (harness.h) is this without the `closed`.
RawExchange raw_exchange_until_closed(uint16_t port, const std::string& bytes, int seconds = 5);

// Sends METHOD TARGET with `headers`, a Content-Length and `body`, then reads the answer until
// the server closes the connection (Connection: close is sent). Status 0 when there is none.
HttpResponse raw_request(uint16_t port, const std::string& method, const std::string& target,
                         const std::string& body = "", const Headers& headers = {});

}  // namespace cg::test
