// Smoke tests of the server's plumbing: health, readiness, metrics, malformed input, limits,
// security headers, unknown paths and a clean shutdown on SIGTERM.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "harness.h"

namespace cg::test {
namespace {

class SmokeTest : public ::testing::Test {
 protected:
  TestServer server;
};

TEST_F(SmokeTest, HealthzAnswersJsonWithStatus) {
  server.start();
  Client client = server.client();
  HttpResponse r = client.get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.header("content-type").find("application/json"), std::string::npos)
      << r.header("content-type");
  auto json = nlohmann::json::parse(r.body, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << r.body;
  EXPECT_TRUE(json.contains("status")) << r.body;
}

TEST_F(SmokeTest, ReadyzAnswersJson) {
  server.start();
  Client client = server.client();
  HttpResponse r = client.get("/readyz");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.header("content-type").find("application/json"), std::string::npos)
      << r.header("content-type");
  EXPECT_FALSE(nlohmann::json::parse(r.body, nullptr, false).is_discarded()) << r.body;
}

TEST_F(SmokeTest, MetricsCountRequests) {
  server.start();
  Client client = server.client();
  EXPECT_EQ(client.get("/healthz").status, 200);
  EXPECT_EQ(client.get("/readyz").status, 200);
  HttpResponse r = client.get("/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("careguard_http_requests_total"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("careguard_http_request_duration_seconds_bucket"), std::string::npos)
      << r.body;
}

TEST_F(SmokeTest, MalformedRequestLineGets400) {
  server.start();
  std::string raw = raw_exchange(server.port(), "this is not http\r\n\r\n");
  EXPECT_EQ(raw_status(raw), 400) << raw;
}

TEST_F(SmokeTest, BodyOverTheLimitGets413) {
  server.start({"--max-body-bytes", "2048"});
  Client client = server.client();
  HttpResponse r = client.post_form(
      "/sign-in", {{"email", "someone@example.test"}, {"password", std::string(10 * 1024, 'a')}},
      false);
  EXPECT_EQ(r.status, 413) << r.body;
}

TEST_F(SmokeTest, EveryResponseCarriesSecurityHeaders) {
  server.start();
  Client client = server.client();
  for (const char* path : {"/healthz", "/readyz", "/metrics", "/no-such-page"}) {
    SCOPED_TRACE(path);
    HttpResponse r = client.get(path);
    std::string csp = r.header("content-security-policy");
    EXPECT_FALSE(csp.empty());
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
    EXPECT_FALSE(r.header("referrer-policy").empty());
  }
}

TEST_F(SmokeTest, UnknownPathGets404) {
  server.start();
  Client client = server.client();
  EXPECT_EQ(client.get("/no-such-page").status, 404);
  EXPECT_EQ(client.get("/no/such/" + random_hex(4)).status, 404);
}

TEST_F(SmokeTest, SigtermExitsCleanly) {
  server.start();
  Client client = server.client();
  EXPECT_EQ(client.get("/healthz").status, 200);
  EXPECT_EQ(server.stop(), 0) << server.log();
}

}  // namespace
}  // namespace cg::test
