#include "flows.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "core/clock.h"
#include "identity/store/people_store.h"
#include "identity/totp.h"
#include "store/database.h"

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

std::string enrol_mfa_in_database(const TestServer& server, const std::string& email) {
  const std::string secret = identity::new_totp_secret();
  auto db = store::open(server.database_url(), 1);
  db->transaction([&](store::Connection& c) {
    auto person = identity::store::find_person_by_email(c, email);
    if (!person) throw std::runtime_error("enrol_mfa_in_database: no account for " + email);
    identity::store::set_pending_mfa_secret(c, person->id, secret);
    identity::store::enable_mfa(c, person->id, clock::now(), 0);
  });
  return secret;
}

HttpResponse sign_in_with_code(Client& c, const std::string& email, const std::string& password,
                               const std::string& secret) {
  auto r = sign_in(c, email, password);
  EXPECT_EQ(r.header("location"), "/sign-in/mfa");
  EXPECT_EQ(c.get("/sign-in/mfa").status, 200);
  auto done = c.post_form("/sign-in/mfa", {{"code", identity::totp_code(secret, clock::now())}});
  c.get("/");  // a page of the new session, so the client holds its CSRF token
  return done;
}

HttpResponse accept_support_request(Client& c, int64_t provider_id, std::string* request_id) {
  const std::string page = "/orgs/" + std::to_string(provider_id);
  auto shown = c.get(page);
  std::smatch m;
  if (!std::regex_search(shown.body, m, std::regex(R"(/support-requests/([0-9]+)/accept)")))
    return {};
  if (request_id) *request_id = m[1];
  return c.post_form(page + "/support-requests/" + m[1].str() + "/accept", {});
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
