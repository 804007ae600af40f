// Where a request ends and whom it is for (RFC 9112 sections 3.2, 6.1 and 6.3): the rules the
// server applies to each request's header before reading a body.
#include "http/framing.h"

#include <gtest/gtest.h>

namespace {

using cg::http::check_request_head;
using cg::http::RequestHead;

TEST(RequestFraming, RefusesTransferCodingsItCannotFrameAndBadHosts) {
  struct Case {
    const char* what;
    RequestHead head;
    int status;  // 0: accepted
    const char* message;
  };
  const std::vector<std::string> host = {"careguard.example.org"};
  const Case cases[] = {
      {"plain GET", {11, {}, 0, host}, 0, ""},
      {"Content-Length body", {11, {}, 1, host}, 0, ""},
      {"chunked body", {11, {"chunked"}, 0, host}, 0, ""},
      {"chunked in any case, with spaces", {11, {" Chunked "}, 0, host}, 0, ""},
      {"empty list elements", {11, {", chunked,"}, 0, host}, 0, ""},
      {"HTTP/1.0 without Host", {10, {}, 0, {}}, 0, ""},
      {"gzip alone",
       {11, {"gzip"}, 0, host},
       400,
       "final transfer coding of the request is not chunked"},
      {"chunked then gzip", {11, {"chunked, gzip"}, 0, host}, 400, "not chunked"},
      {"chunked then gzip in two fields", {11, {"chunked", "gzip"}, 0, host}, 400, "not chunked"},
      {"identity", {11, {"identity"}, 0, host}, 400, "not chunked"},
      {"empty value", {11, {""}, 0, host}, 400, "not chunked"},
      {"chunked with a parameter", {11, {"chunked;x=1"}, 0, host}, 400, "not chunked"},
      {"chunked twice in one field", {11, {"chunked, chunked"}, 0, host}, 400, "more than once"},
      {"chunked twice in two fields", {11, {"chunked", "chunked"}, 0, host}, 400, "more than once"},
      {"Transfer-Encoding and Content-Length",
       {11, {"chunked"}, 1, host},
       400,
       "both Transfer-Encoding and Content-Length"},
      {"gzip and Content-Length", {11, {"gzip"}, 1, host}, 400, "both Transfer-Encoding"},
      {"Transfer-Encoding in HTTP/1.0", {10, {"chunked"}, 0, host}, 400, "HTTP/1.0"},
      {"gzip then chunked", {11, {"gzip, chunked"}, 0, host}, 501, "Only the chunked"},
      {"gzip then chunked in two fields",
       {11, {"gzip", "chunked"}, 0, host},
       501,
       "Only the chunked"},
      {"HTTP/1.1 without Host", {11, {}, 0, {}}, 400, "needs a Host header"},
      {"two Hosts", {11, {}, 0, {"a.example", "b.example"}}, 400, "more than one Host"},
      {"two Hosts in HTTP/1.0", {10, {}, 0, {"a.example", "a.example"}}, 400, "more than one Host"},
      {"Host with a space", {11, {}, 0, {"a.example b.example"}}, 400, "not a host name"},
      {"Host with a slash", {11, {}, 0, {"a.example/x"}}, 400, "not a host name"},
  };
  for (const auto& c : cases) {
    auto problem = check_request_head(c.head);
    if (c.status == 0) {
      EXPECT_FALSE(problem.has_value()) << c.what << ": " << (problem ? problem->message : "");
      continue;
    }
    ASSERT_TRUE(problem.has_value()) << c.what;
    EXPECT_EQ(problem->status, c.status) << c.what;
    EXPECT_NE(problem->message.find(c.message), std::string::npos)
        << c.what << ": " << problem->message;
  }
}

TEST(RequestFraming, HostIsAHostNameOrAddressWithAnOptionalPort) {
  const std::pair<const char*, bool> cases[] = {
      {"careguard.example.org", true},
      {"careguard.example.org:8443", true},
      {"127.0.0.1", true},
      {"127.0.0.1:8080", true},
      {"[::1]", true},
      {"[::1]:8080", true},
      {"[2001:db8::1]:", true},  // an empty port is allowed by the grammar
      {"", true},                // so is an empty host (a request without an authority)
      {"xn--bcher-kva.example", true},
      {"under_score.example", true},
      {"caf%C3%A9.example", true},
      {"a.example b", false},
      {"a.example\t", false},
      {"a.example:80x", false},
      {"a.example:80:80", false},
      {"[::1", false},
      {"[not-an-address]", false},
      {"[127.0.0.1]", false},
      {"[::1]x", false},
      {"user@a.example", false},
      {"a.example/path", false},
      {"a.example?x", false},
      {"a.example#x", false},
      {"caf%C.example", false},
      {"a\\b", false},
      {"caf\xc3\xa9.example", false},
  };
  for (const auto& [value, valid] : cases)
    EXPECT_EQ(cg::http::valid_host_value(value), valid) << value;
}

}  // namespace
