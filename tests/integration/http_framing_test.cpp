// Request framing over raw sockets (RFC 9112 sections 3.2, 6.1 and 6.3): a request whose body
// length cannot be told for sure is answered 400 and the connection closed, so bytes after it
// are never read as a second request (request smuggling); HTTP/1.1 needs exactly one Host;
// 405 answers say which methods the path accepts.
#include <gtest/gtest.h>

#include <iterator>
#include <regex>
#include <string>

#include "harness.h"
#include "raw_http.h"

namespace cg::test {
namespace {

class HttpFramingTest : public ::testing::Test {
 protected:
  void SetUp() override { server.start(); }
  TestServer server;
};

// How many responses the server sent back (status lines; no body here holds one).
size_t responses(const std::string& raw) {
  static const std::regex status_line(R"(HTTP/1\.[01] \d{3} )");
  return static_cast<size_t>(
      std::distance(std::sregex_iterator(raw.begin(), raw.end(), status_line), {}));
}

// A second request hidden where the first one's body would be: GET /healthz answers a JSON
// body with "status":"ok", which nothing else here does.
const std::string kSmuggled = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

TEST_F(HttpFramingTest, ATransferEncodingThatIsNotFinallyChunkedGets400AndTheConnectionCloses) {
  const std::pair<const char*, std::string> cases[] = {
      {"gzip", "Transfer-Encoding: gzip\r\n"},
      {"chunked, gzip", "Transfer-Encoding: chunked, gzip\r\n"},
      {"chunked twice", "Transfer-Encoding: chunked, chunked\r\n"},
      {"gzip and a Content-Length", "Transfer-Encoding: gzip\r\nContent-Length: 0\r\n"},
      {"an empty Transfer-Encoding", "Transfer-Encoding: \r\n"},
  };
  for (const auto& [what, headers] : cases) {
    const auto answer =
        raw_exchange_until_closed(server.port(), "POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                                                     headers + "\r\n" + kSmuggled);
    EXPECT_EQ(raw_status(answer.received), 400) << what << "\n" << answer.received;
    EXPECT_EQ(responses(answer.received), 1u) << what << "\n" << answer.received;
    EXPECT_FALSE(contains(answer.received, "\"status\":\"ok\"")) << what;
    EXPECT_TRUE(contains(answer.received, "Connection: close")) << what << "\n" << answer.received;
    EXPECT_TRUE(answer.closed) << what;
  }
  // The server is still well, and an honest chunked request on a kept-alive connection is read
  // in full, then the request after it.
  const auto honest = raw_exchange_until_closed(
      server.port(),
      "POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nemail\r\n0\r\n\r\n"
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(responses(honest.received), 2u) << honest.received;
  EXPECT_TRUE(contains(honest.received, "\"status\":\"ok\"")) << honest.received;
}

TEST_F(HttpFramingTest, AnotherTransferCodingBeforeChunkedGets501) {
  const auto answer = raw_exchange_until_closed(
      server.port(),
      "POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip, "
      "chunked\r\n\r\n0\r\n\r\n" +
          kSmuggled);
  EXPECT_EQ(raw_status(answer.received), 501) << answer.received;
  EXPECT_EQ(responses(answer.received), 1u) << answer.received;
  EXPECT_TRUE(answer.closed);
}

TEST_F(HttpFramingTest, AnHttp11RequestNeedsExactlyOneHost) {
  const auto missing =
      raw_exchange_until_closed(server.port(), "GET /healthz HTTP/1.1\r\n\r\n" + kSmuggled);
  EXPECT_EQ(raw_status(missing.received), 400) << missing.received;
  EXPECT_EQ(responses(missing.received), 1u) << missing.received;
  EXPECT_TRUE(missing.closed);
  const auto two = raw_exchange_until_closed(
      server.port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n");
  EXPECT_EQ(raw_status(two.received), 400) << two.received;
  EXPECT_TRUE(two.closed);
  const auto bad = raw_exchange_until_closed(
      server.port(), "GET /healthz HTTP/1.1\r\nHost: evil.example/x\r\n\r\n");
  EXPECT_EQ(raw_status(bad.received), 400) << bad.received;
  // HTTP/1.0 had no Host; such a request is still answered.
  const auto old = raw_exchange_until_closed(server.port(), "GET /healthz HTTP/1.0\r\n\r\n");
  EXPECT_EQ(raw_status(old.received), 200) << old.received;
  const auto one = raw_exchange_until_closed(
      server.port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(raw_status(one.received), 200) << one.received;
}

TEST_F(HttpFramingTest, MethodNotAllowedSaysWhichMethodsThePathAccepts) {
  Client c = server.client();
  auto page = c.request("DELETE", "/sign-in");
  EXPECT_EQ(page.status, 405);
  EXPECT_EQ(page.header("allow"), "GET, HEAD, POST");
  auto post_only = c.request("GET", "/sign-out");
  EXPECT_EQ(post_only.status, 405);
  EXPECT_EQ(post_only.header("allow"), "POST");
  auto api = c.request("PATCH", "/api/v1/orgs");
  EXPECT_EQ(api.status, 405);
  EXPECT_EQ(api.header("allow"), "GET, HEAD, POST") << api.body;
  // The HEAD that Allow promises is answered, without a body.
  auto head = raw_request(server.port(), "HEAD", "/sign-in");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  // A path that does not exist is 404, with no Allow.
  auto missing = c.request("DELETE", "/nowhere");
  EXPECT_EQ(missing.status, 404);
  EXPECT_FALSE(missing.has_header("allow"));
}

}  // namespace
}  // namespace cg::test
