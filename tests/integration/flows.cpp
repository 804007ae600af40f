#include "flows.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "core/clock.h"
#include "identity/totp.h"

namespace cg::test {

HttpResponse sign_in(Client& c, const std::string& email, const std::string& password) {
  EXPECT_EQ(c.get("/sign-in").status, 200);
  return c.post_form("/sign-in", {{"email", email}, {"password", password}});
}

bool add_national_region_and_ics(TestServer& server) {
  const std::vector<std::vector<std::string>> commands = {
      {"org", "add", "--name", "National", "--type", "national", "--ods", "X26"},
      {"org", "add", "--name", "North West", "--type", "region", "--ods", "Y62", "--parent", "X26"},
      {"org", "add", "--name", "Cheshire ICS", "--type", "ics", "--ods", "QYG", "--parent", "Y62"}};
  for (const auto& args : commands) {
    auto r = server.cli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    if (r.exit_code != 0) return false;
  }
  return true;
}

std::string totp_secret_from(const std::string& html) {
  std::smatch m;
  if (!std::regex_search(html, m, std::regex(R"(id="totp-secret"[^>]*>([A-Z2-7 ]+)<)"))) return "";
  std::string secret = m[1];
  secret.erase(std::remove(secret.begin(), secret.end(), ' '), secret.end());
  return secret;
}

std::string sign_in_and_enrol(Client& c, const std::string& email, const std::string& password) {
  auto r = sign_in(c, email, password);
  EXPECT_EQ(r.header("location"), "/account/mfa/setup");
  auto page = c.follow(r);
  const std::string secret = totp_secret_from(page.body);
  EXPECT_FALSE(secret.empty()) << page.body.substr(0, 1000);
  auto done =
      c.post_form("/account/mfa/setup", {{"code", identity::totp_code(secret, clock::now())}});
  EXPECT_EQ(done.status, 200) << done.body.substr(0, 1000);
  return secret;
}

}  // namespace cg::test
