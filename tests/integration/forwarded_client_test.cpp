// Behind a reverse proxy (trusted_proxies): each forwarded client has its own sign-in and
// password-reset limits, logs and audit entries name it, /metrics is refused to it, and a
// client that is not a trusted proxy cannot name itself with the same headers.
#include <gtest/gtest.h>

#include <string>

#include "flows.h"
#include "harness.h"
#include "identity/store/audit_store.h"
#include "store/database.h"

namespace cg::test {
namespace {

constexpr const char* kPassword = "kettle orange bicycle";
// Failed sign-ins one address may make in 15 minutes (identity::Limits::address_failures).
constexpr int kAddressFailures = 30;
// Password reset requests one address may make in 15 minutes.
constexpr int kAddressResetRequests = 10;

class ForwardedClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(add_national_region_and_ics(server));
    auto r = server.cli({"org", "add", "--name", "Sunnyside Care", "--type", "care_home", "--ods",
                         "AB1C2", "--parent", "QYG"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    staff_email = unique_email("staff");
    auto u = server.cli({"user", "add", "--email", staff_email, "--name", "Sam Staff", "--org",
                         "AB1C2", "--role", "staff", "--password-stdin"},
                        std::string(kPassword) + "\n");
    ASSERT_EQ(u.exit_code, 0) << u.err;
  }

  // A wrong password for an address nobody has (so no account is locked), as `client`.
  HttpResponse wrong_sign_in(Client& c, const Headers& from) {
    EXPECT_EQ(c.get("/sign-in", from).status, 200);
    return c.post_form("/sign-in", {{"email", unique_email("nobody")}, {"password", "wrong one"}},
                       true, from);
  }

  HttpResponse ask_for_reset(Client& c, const Headers& from) {
    EXPECT_EQ(c.get("/password-reset", from).status, 200);
    return c.post_form("/password-reset", {{"email", unique_email("nobody")}}, true, from);
  }

  // The audit entries of one action, oldest first.
  std::vector<std::string> audit_summaries(const std::string& action) {
    auto db = store::open(server.database_url(), 1);
    std::vector<std::string> out;
    for (const auto& e :
         db->read([](store::Connection& c) { return identity::store::all_audit_entries(c); }))
      if (e.action == action) out.push_back(e.summary);
    return out;
  }

  TestServer server;
  std::string staff_email;
};

const Headers kClientA = {{"X-Forwarded-For", "198.51.100.1"}};
const Headers kClientB = {{"X-Forwarded-For", "198.51.100.2"}};

TEST_F(ForwardedClientTest, EachForwardedClientHasItsOwnSignInLimit) {
  server.start({"--trusted-proxies", "127.0.0.1"});
  Client a = server.client();
  for (int i = 0; i < kAddressFailures; ++i) ASSERT_EQ(wrong_sign_in(a, kClientA).status, 422) << i;
  EXPECT_EQ(wrong_sign_in(a, kClientA).status, 429);
  // Another client behind the same proxy is not held to the first one's failures...
  Client b = server.client();
  EXPECT_EQ(wrong_sign_in(b, kClientB).status, 422);
  EXPECT_EQ(wrong_sign_in(b, {{"Forwarded", "for=\"[2001:db8::2]:4711\";proto=https"}}).status,
            422);
  // ...and signs in.
  EXPECT_EQ(b.get("/sign-in", kClientB).status, 200);
  auto ok =
      b.post_form("/sign-in", {{"email", staff_email}, {"password", kPassword}}, true, kClientB);
  EXPECT_EQ(ok.status, 303) << ok.body.substr(0, 800);
  // The audit entry and the access log name the client, not the proxy.
  auto signed_in = audit_summaries("session.sign_in");
  ASSERT_EQ(signed_in.size(), 1u);
  EXPECT_TRUE(contains(signed_in[0], "198.51.100.2")) << signed_in[0];
  EXPECT_TRUE(contains(server.log(), "\"peer\":\"127.0.0.1\"")) << server.log().substr(0, 2000);
  EXPECT_TRUE(contains(server.log(), "\"remote\":\"198.51.100.1\""));
  EXPECT_TRUE(contains(server.log(), "\"remote\":\"2001:db8::2\""));
}

TEST_F(ForwardedClientTest, EachForwardedClientHasItsOwnPasswordResetLimit) {
  server.start({"--trusted-proxies", "127.0.0.0/8, ::1"});
  Client a = server.client();
  for (int i = 0; i < kAddressResetRequests; ++i)
    ASSERT_EQ(ask_for_reset(a, kClientA).status, 200) << i;
  EXPECT_EQ(ask_for_reset(a, kClientA).status, 429);
  Client b = server.client();
  EXPECT_EQ(ask_for_reset(b, kClientB).status, 200);
}

TEST_F(ForwardedClientTest, HeadersFromAPeerThatIsNotATrustedProxyAreIgnored) {
  // Only 192.0.2.10 is a proxy; the test connects from 127.0.0.1.
  server.start({"--trusted-proxies", "192.0.2.10"});
  Client a = server.client();
  for (int i = 0; i < kAddressFailures; ++i)
    ASSERT_EQ(wrong_sign_in(a, {{"X-Forwarded-For", "198.51.100." + std::to_string(i + 1)}}).status,
              422)
        << i;
  // A new address in the header does not get round the limit: the client is 127.0.0.1.
  Client b = server.client();
  EXPECT_EQ(wrong_sign_in(b, kClientB).status, 429);
  EXPECT_EQ(wrong_sign_in(b, {{"Forwarded", "for=198.51.100.99"}}).status, 429);
  EXPECT_FALSE(contains(server.log(), "\"remote\":\"198.51.100."));
  // Nor does a header make a local client remote (or anything else).
  EXPECT_EQ(b.get("/metrics", {{"X-Forwarded-For", "203.0.113.5"}}).status, 200);
}

TEST_F(ForwardedClientTest, MetricsAreRefusedToAForwardedClientThatIsNotLocal) {
  server.start({"--trusted-proxies", "127.0.0.1"});
  Client c = server.client();
  EXPECT_EQ(c.get("/metrics").status, 200);  // straight from this machine
  EXPECT_EQ(c.get("/metrics", {{"X-Forwarded-For", "203.0.113.5"}}).status, 404);
  EXPECT_EQ(c.get("/metrics", {{"X-Forwarded-For", "127.0.0.1, 203.0.113.5"}}).status, 404);
  EXPECT_EQ(c.get("/metrics", {{"Forwarded", "for=203.0.113.5"}}).status, 404);
  EXPECT_EQ(c.get("/metrics", {{"X-Forwarded-For", "[2001:db8::5]:4711"}}).status, 404);
  // A forwarding header that cannot be read leaves the client unknown: refused too.
  EXPECT_EQ(c.get("/metrics", {{"X-Forwarded-For", "somewhere"}}).status, 404);
  EXPECT_EQ(c.get("/metrics", {{"Forwarded", "for=unknown"}}).status, 404);
  // Two headers naming different clients: neither is believed.
  EXPECT_EQ(c.get("/metrics", {{"X-Forwarded-For", "203.0.113.5"}, {"Forwarded", "for=127.0.0.1"}})
                .status,
            404);
  // The proxy forwarding for a client on this machine.
  EXPECT_EQ(c.get("/metrics", {{"X-Forwarded-For", "127.0.0.1"}}).status, 200);
}

}  // namespace
}  // namespace cg::test
