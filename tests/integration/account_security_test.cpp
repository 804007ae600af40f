// Findings 2, 3 and 4 of the independent security test (issue 13), and what a password reset
// does to API tokens, on the real binary over HTTP:
//   - a role that needs two-step verification, given during a session, sends that session to
//     set it up and stops the person's API tokens until it is set up;
//   - an invitation to an existing account asks for that account's password;
//   - the password that confirms publishing is counted with the account's sign-in failures;
//   - parallel wrong passwords cannot get past the lockout while the slow check runs;
//   - a password reset revokes the person's API tokens.
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "flows.h"
#include "harness.h"
#include "identity/totp.h"

namespace cg::test {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "kettle orange bicycle";

Headers bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
}

class AccountSecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(add_national_region_and_ics(server));
    auto r = server.cli({"org", "add", "--name", "Sunnyside Care", "--type", "care_home", "--ods",
                         "AB1C2", "--parent", "QYG"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    provider_id = std::stoll(r.out);
    lead_email = unique_email("lead");
    staff_email = unique_email("staff");
    for (const auto& [email, role] : {std::pair{lead_email, "org_lead"}, {staff_email, "staff"}}) {
      auto u = server.cli({"user", "add", "--email", email, "--name", "Pat Person", "--org",
                           "AB1C2", "--role", role, "--password-stdin"},
                          std::string(kPassword) + "\n");
      ASSERT_EQ(u.exit_code, 0) << u.err;
    }
    lead_secret = enrol_mfa_in_database(server, lead_email);
    lead_token = token_for(lead_email);
    server.start();
  }

  std::string token_for(const std::string& email) {
    auto t = server.cli({"token", "create", "--email", email, "--org", "AB1C2", "--name", "t"});
    EXPECT_EQ(t.exit_code, 0) << t.err;
    return last_line(t.out);
  }

  std::string org_api(const std::string& rest) {
    return "/api/v1/orgs/" + std::to_string(provider_id) + rest;
  }

  TestServer server;
  int64_t provider_id = 0;
  std::string lead_email, staff_email, lead_secret, lead_token;
};

TEST_F(AccountSecurityTest, StaffMadeLeadMidSessionMustSetUpTwoStepBeforeAnythingElse) {
  const std::string staff_token = token_for(staff_email);
  Client api = server.client();
  const std::string people = org_api("/people");
  EXPECT_EQ(api.get(people, bearer(staff_token)).status, 403) << "staff cannot list people";

  Client staff = server.client();
  auto in = sign_in(staff, staff_email, kPassword);
  ASSERT_EQ(in.header("location"), "/") << "staff need no two-step verification";
  const std::string people_page = "/orgs/" + std::to_string(provider_id) + "/people";
  EXPECT_EQ(staff.get(people_page).status, 403);

  // The lead invites the member of staff, who already has an account, to be a lead too.
  auto sent =
      api.request("POST", org_api("/invitations"),
                  json{{"email", staff_email}, {"name", "Pat Person"}, {"role", "org_lead"}}.dump(),
                  bearer(lead_token));
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string link = find_url(mail_text(wait_for_mail(staff_email)), "/invitations/");
  ASSERT_FALSE(link.empty());

  // Accepting asks for the account's own password, and a wrong one is refused.
  auto page = staff.get(link);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "name=\"password\"")) << "no password field for an account";
  EXPECT_TRUE(contains(page.body, "two-step verification"));
  auto blank = staff.post_form(link, {});
  EXPECT_EQ(blank.status, 422);
  EXPECT_TRUE(contains(blank.body, "href=\"#password\"")) << blank.body.substr(0, 2000);
  auto wrong = staff.post_form(link, {{"password", "not the password at all"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(contains(wrong.body, "The password is not correct"));
  auto accepted = staff.post_form(link, {{"password", kPassword}});
  ASSERT_EQ(accepted.status, 303) << accepted.body.substr(0, 2000);

  // The same session, now a lead's without two-step verification: every page sends it to
  // set that up, and the token made as staff is refused.
  for (const std::string& path :
       {people_page, "/orgs/" + std::to_string(provider_id), std::string("/account")}) {
    auto r = staff.get(path);
    EXPECT_EQ(r.status, 303) << path;
    EXPECT_EQ(r.header("location"), "/account/mfa/setup") << path;
  }
  auto refused = api.get(people, bearer(staff_token));
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_TRUE(contains(refused.body, "two-step verification")) << refused.body;

  // Once set up, the session starts again as a lead's, and so does the token.
  auto setup = staff.get("/account/mfa/setup");
  const std::string secret = totp_secret_from(setup.body);
  ASSERT_FALSE(secret.empty()) << setup.body.substr(0, 1000);
  auto done =
      staff.post_form("/account/mfa/setup", {{"code", identity::totp_code(secret, clock::now())}});
  ASSERT_EQ(done.status, 200) << done.body.substr(0, 1000);
  EXPECT_EQ(staff.get(people_page).status, 200);
  EXPECT_EQ(api.get(people, bearer(staff_token)).status, 200);
}

TEST_F(AccountSecurityTest, WrongPasswordsWhenPublishingLockTheAccountLikeSignIn) {
  Client api = server.client();
  auto started = api.request("POST", org_api("/assessments"), "{}", bearer(lead_token));
  ASSERT_EQ(started.status, 201) << started.body;
  const std::string publish =
      org_api("/assessments/" + std::to_string(json::parse(started.body).at("id").get<int64_t>()) +
              "/publish");
  for (int i = 0; i < 5; ++i) {
    auto r = api.request("POST", publish,
                         json{{"password", "a wrong guess " + std::to_string(i)}}.dump(),
                         bearer(lead_token));
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_TRUE(contains(r.body, "\"password\"")) << r.body;
  }
  // The sixth answer is refused before it is checked, even the right one.
  auto locked =
      api.request("POST", publish, json{{"password", kPassword}}.dump(), bearer(lead_token));
  EXPECT_EQ(locked.status, 429) << locked.body;
  // And the account cannot sign in either: the same count.
  Client web = server.client();
  EXPECT_EQ(sign_in(web, lead_email, kPassword).status, 429);
}

TEST_F(AccountSecurityTest, ParallelWrongPasswordsAreAllCountedBeforeAnyIsChecked) {
  constexpr int kTries = 12;
  std::vector<Client> clients;
  for (int i = 0; i < kTries; ++i) {
    clients.push_back(server.client());
    ASSERT_EQ(clients.back().get("/sign-in").status, 200);
  }
  std::atomic<int> ready{0};
  std::vector<int> statuses(kTries, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kTries; ++i)
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < kTries) std::this_thread::yield();
      statuses[i] = clients[i]
                        .post_form("/sign-in", {{"email", lead_email},
                                                {"password", "wrong guess " + std::to_string(i)}})
                        .status;
    });
  for (auto& t : threads) t.join();
  int checked = 0, refused = 0;
  for (int s : statuses) {
    if (s == 422) ++checked;
    if (s == 429) ++refused;
  }
  EXPECT_EQ(checked, 5) << "only five guesses may reach the password check";
  EXPECT_EQ(refused, kTries - 5);
  Client late = server.client();
  EXPECT_EQ(sign_in(late, lead_email, kPassword).status, 429);
}

TEST_F(AccountSecurityTest, APasswordResetRevokesTheAccountsApiTokens) {
  Client api = server.client();
  ASSERT_EQ(api.get(org_api("/people"), bearer(lead_token)).status, 200);
  Client c = server.client();
  ASSERT_EQ(c.get("/password-reset").status, 200);
  ASSERT_EQ(c.post_form("/password-reset", {{"email", lead_email}}).status, 200);
  const std::string link = find_url(mail_text(wait_for_mail(lead_email)), "/password-reset/");
  ASSERT_FALSE(link.empty());
  ASSERT_EQ(c.get(link).status, 200);
  auto done = c.post_form(
      link, {{"password", "lantern walrus pebble"}, {"password_confirm", "lantern walrus pebble"}});
  ASSERT_EQ(done.status, 303) << done.body.substr(0, 1000);
  EXPECT_EQ(api.get(org_api("/people"), bearer(lead_token)).status, 401);
  const std::string changed = mail_text(wait_for_mail(lead_email, 10, 2));
  EXPECT_TRUE(contains(changed, "cancelled the account's API token")) << changed;
}

}  // namespace
}  // namespace cg::test
