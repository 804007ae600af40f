// The sign-in, two-step verification and invitation journeys, through the real forms with
// their CSRF tokens, on the real binary.
#include <gtest/gtest.h>

#include <string>

#include "core/clock.h"
#include "flows.h"
#include "harness.h"
#include "identity/totp.h"

namespace cg::test {
namespace {

constexpr const char* kPassword = "kettle orange bicycle";

class JourneyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.prepare();
    ASSERT_EQ(server.cli({"org", "add", "--name", "National", "--type", "national", "--ods", "X26"})
                  .exit_code,
              0);
    ASSERT_EQ(server
                  .cli({"org", "add", "--name", "North West", "--type", "region", "--ods", "Y62",
                        "--parent", "X26"})
                  .exit_code,
              0);
    ASSERT_EQ(server
                  .cli({"org", "add", "--name", "Cheshire ICS", "--type", "ics", "--ods", "QYG",
                        "--parent", "Y62"})
                  .exit_code,
              0);
    auto r = server.cli({"org", "add", "--name", "Sunnyside Care", "--type", "care_home", "--ods",
                         "AB1C2", "--parent", "QYG"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    provider_id = std::stoll(r.out);
    lead_email = unique_email("lead");
    auto u = server.cli({"user", "add", "--email", lead_email, "--name", "Grace Lead", "--org",
                         "AB1C2", "--role", "org_lead", "--password-stdin"},
                        std::string(kPassword) + "\n");
    ASSERT_EQ(u.exit_code, 0) << u.err;
    server.start();
  }

  // Signs the lead in and completes enrolment; returns the TOTP secret.
  std::string enrol_lead(Client& c) {
    auto r = sign_in(c, lead_email, kPassword);
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.header("location"), "/account/mfa/setup");
    auto page = c.follow(r);
    EXPECT_EQ(page.status, 200);
    const std::string secret = totp_secret_from(page.body);
    EXPECT_FALSE(secret.empty()) << page.body.substr(0, 1000);
    auto wrong = c.post_form("/account/mfa/setup", {{"code", "123456"}});
    EXPECT_EQ(wrong.status, 422);
    EXPECT_NE(wrong.body.find("nhsuk-error-summary"), std::string::npos);
    // The page re-shown after an error keeps the same secret.
    EXPECT_EQ(totp_secret_from(wrong.body), secret);
    auto done =
        c.post_form("/account/mfa/setup", {{"code", identity::totp_code(secret, clock::now())}});
    EXPECT_EQ(done.status, 200) << done.body.substr(0, 2000);
    EXPECT_NE(done.body.find("recovery-codes"), std::string::npos);
    return secret;
  }

  TestServer server;
  int64_t provider_id = 0;
  std::string lead_email;
};

TEST_F(JourneyTest, LeadMustSetUpMfaThenSignsInWithACode) {
  Client c = server.client();
  // Signed-out visitors are sent to sign in.
  auto home = c.get("/");
  EXPECT_EQ(home.status, 303);
  EXPECT_EQ(home.header("location").rfind("/sign-in", 0), 0u);

  std::string secret = enrol_lead(c);
  auto welcome = c.get("/");
  EXPECT_EQ(welcome.status, 200);
  EXPECT_NE(welcome.body.find("Sunnyside Care"), std::string::npos);

  auto out = c.post_form("/sign-out", {});
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(c.get("/").status, 303);

  auto again = sign_in(c, lead_email, kPassword);
  EXPECT_EQ(again.header("location"), "/sign-in/mfa");
  // Until the second step is done, signed-in pages stay closed.
  auto blocked = c.get("/orgs");
  EXPECT_EQ(blocked.status, 303);
  EXPECT_EQ(blocked.header("location"), "/sign-in/mfa");
  c.get("/sign-in/mfa");
  auto bad = c.post_form("/sign-in/mfa", {{"code", "000000"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("There is a problem"), std::string::npos);
  // The code used to enrol cannot be replayed; the next one works.
  auto ok = c.post_form("/sign-in/mfa", {{"code", identity::totp_code(secret, clock::now() + 30)}});
  EXPECT_EQ(ok.status, 303) << ok.body.substr(0, 1500);
  EXPECT_EQ(c.get("/orgs").status, 200);
}

TEST_F(JourneyTest, SessionIdChangesAtEachStepAndCookiesAreLocked) {
  Client c = server.client();
  auto r = sign_in(c, lead_email, kPassword);
  std::string first = c.cookie("cg_session");
  EXPECT_FALSE(first.empty());
  bool http_only = false;
  for (const auto& v : r.header_values("set-cookie"))
    if (v.rfind("cg_session=", 0) == 0)
      http_only =
          v.find("HttpOnly") != std::string::npos && v.find("SameSite=Lax") != std::string::npos;
  EXPECT_TRUE(http_only);
  enrol_lead(c);  // signs in again and enrols
  EXPECT_NE(c.cookie("cg_session"), first);
  EXPECT_EQ(first.size(), 43u);  // 256 random bits
}

TEST_F(JourneyTest, FormsWithoutTheRightCsrfTokenAreRefused) {
  Client c = server.client();
  c.get("/sign-in");
  auto missing = c.post_form("/sign-in", {{"email", lead_email}, {"password", kPassword}}, false);
  EXPECT_EQ(missing.status, 403);
  EXPECT_TRUE(c.cookie("cg_session").empty());
  Client other = server.client();
  other.get("/sign-in");
  auto foreign = c.post_form(
      "/sign-in",
      {{"email", lead_email}, {"password", kPassword}, {"csrf_token", other.csrf_token()}}, false);
  EXPECT_EQ(foreign.status, 403);
  enrol_lead(c);
  auto no_token = c.post_form("/sign-out", {}, false);
  EXPECT_EQ(no_token.status, 403);
  EXPECT_EQ(c.get("/").status, 200);  // still signed in: nothing happened
}

TEST_F(JourneyTest, WrongPasswordsShowTheErrorSummaryThenLockTheAccount) {
  Client c = server.client();
  for (int i = 0; i < 5; ++i) {
    auto r = sign_in(c, lead_email, "not the right password");
    EXPECT_EQ(r.status, 422);
    EXPECT_NE(r.body.find("nhsuk-error-summary"), std::string::npos);
    EXPECT_NE(r.body.find("Enter a correct email address and password"), std::string::npos);
  }
  auto locked = sign_in(c, lead_email, kPassword);
  EXPECT_EQ(locked.status, 429);
  EXPECT_NE(locked.body.find("too many attempts"), std::string::npos);
  // An unknown email gets the same message as a wrong password.
  Client d = server.client();
  auto unknown = sign_in(d, unique_email("nobody"), "not the right password");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.body.find("Enter a correct email address and password"), std::string::npos);
}

TEST_F(JourneyTest, LeadInvitesSomeoneWhoAcceptsOnceAndSignsIn) {
  Client lead = server.client();
  enrol_lead(lead);
  const std::string people = "/orgs/" + std::to_string(provider_id) + "/people";
  ASSERT_EQ(lead.get("/orgs/" + std::to_string(provider_id) + "/invitations/new").status, 200);
  auto invalid = lead.post_form("/orgs/" + std::to_string(provider_id) + "/invitations/new",
                                {{"name", ""}, {"email", "not-an-email"}, {"role", "wizard"}});
  EXPECT_EQ(invalid.status, 422);
  for (const char* field : {"#name", "#email", "#role"})
    EXPECT_NE(invalid.body.find(field), std::string::npos) << field;

  const std::string email = unique_email("newstaff");
  auto sent = lead.post_form("/orgs/" + std::to_string(provider_id) + "/invitations/new",
                             {{"name", "Sam New"}, {"email", email}, {"role", "staff"}});
  ASSERT_EQ(sent.status, 303) << sent.body.substr(0, 2000);
  auto list = lead.follow(sent);
  EXPECT_NE(list.body.find(email), std::string::npos);

  std::string mail = wait_for_mail(email, 15);
  ASSERT_FALSE(mail.empty()) << "no invitation email arrived at the SMTP sink";
  std::string link = find_url(mail_text(mail), "/invitations/");
  ASSERT_FALSE(link.empty()) << mail_text(mail);

  Client newcomer = server.client();
  auto page = newcomer.get(link);
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 500);
  auto weak = newcomer.post_form(link, {{"name", "Sam New"}, {"password", "password123"}});
  EXPECT_EQ(weak.status, 422);
  EXPECT_NE(weak.body.find("#password"), std::string::npos);
  auto accepted =
      newcomer.post_form(link, {{"name", "Sam New"}, {"password", "lantern walrus pebble"}});
  EXPECT_EQ(accepted.status, 303);
  auto reused = newcomer.get(link);
  EXPECT_EQ(reused.status, 410);

  Client fresh = server.client();
  auto r = sign_in(fresh, email, "lantern walrus pebble");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "/");  // staff do not have to use MFA
  auto home = fresh.get("/");
  EXPECT_NE(home.body.find("Sunnyside Care"), std::string::npos);
  // Staff cannot see who works there or invite anyone.
  EXPECT_EQ(fresh.get(people).status, 403);
  EXPECT_EQ(fresh.get("/orgs/" + std::to_string(provider_id) + "/invitations/new").status, 403);

  auto verify = server.cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_F(JourneyTest, UnreachableDatabaseAtStartIsAClearError) {
  const std::string command =
      binary_path() +
      " migrate --database 'postgresql://nobody@127.0.0.1:1/x?connect_timeout=2' 2>&1";
  FILE* p = popen(command.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[512];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = pclose(p);
  EXPECT_NE(status, 0);
  EXPECT_NE(out.find("cannot connect to PostgreSQL"), std::string::npos) << out;
}

}  // namespace
}  // namespace cg::test
