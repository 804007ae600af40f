// API rate limits per token over HTTP, on both databases: with a burst of five and one request
// a second, the sixth quick request is refused with 429, problem+json and Retry-After; another
// token is not held back; after waiting, the first token works again.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "flows.h"
#include "harness.h"

namespace cg::test {
namespace {

std::string token_for(TestServer& server, const std::string& email) {
  EXPECT_EQ(server
                .cli({"user", "add", "--email", email, "--name", "Api User", "--org", "QYG",
                      "--role", "analyst", "--password-stdin"},
                     "kettle orange bicycle\n")
                .exit_code,
            0);
  enrol_mfa_in_database(server, email);
  auto r = server.cli({"token", "create", "--email", email, "--org", "QYG", "--name", "limits"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string out = r.out;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out.substr(out.find_last_of('\n') + 1);
}

TEST(RateLimitTest, EachTokenIsHeldToItsRate) {
  TestServer server;
  server.prepare();
  ASSERT_TRUE(add_national_region_and_ics(server));
  const std::string first = token_for(server, unique_email("api"));
  const std::string second = token_for(server, unique_email("api"));
  const std::string config = server.dir() + "/limits.conf";
  std::ofstream(config) << "api_requests_per_minute = 60\napi_burst = 5\n";
  server.start({"--config", config});
  Client c = server.client();
  auto call = [&](const std::string& token) {
    return c.request("GET", "/api/v1/me", "", {{"Authorization", "Bearer " + token}});
  };
  for (int i = 0; i < 5; ++i) ASSERT_EQ(call(first).status, 200) << i;
  auto refused = call(first);
  ASSERT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(refused.header("content-type"), "application/problem+json");
  const int retry = std::stoi(refused.header("retry-after"));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 2);
  auto problem = nlohmann::json::parse(refused.body);
  EXPECT_EQ(problem.value("status", 0), 429);
  EXPECT_NE(problem.value("detail", "").find("wait"), std::string::npos) << refused.body;

  EXPECT_EQ(call(second).status, 200) << "another token has its own allowance";
  // A request without a valid token is refused for that reason, not counted against anyone.
  EXPECT_EQ(call("cg_not_a_real_token").status, 401);

  std::this_thread::sleep_for(std::chrono::seconds(retry));
  EXPECT_EQ(call(first).status, 200) << "allowed again after Retry-After";
}

}  // namespace
}  // namespace cg::test
