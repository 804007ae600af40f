// "Forgotten your password?" through the real forms on the real binary: asking for a link, the
// email, choosing a new password, what it ends (sessions, the old password, the link itself)
// and what it does not (two-step verification), and the request limits.
#include <gtest/gtest.h>

#include <string>

#include "core/clock.h"
#include "flows.h"
#include "harness.h"
#include "identity/totp.h"
#include "mail/outbox.h"
#include "store/database.h"

namespace cg::test {
namespace {

constexpr const char* kPassword = "kettle orange bicycle";
constexpr const char* kNewPassword = "lantern walrus pebble";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

class PasswordResetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(add_national_region_and_ics(server));
    auto r = server.cli({"org", "add", "--name", "Sunnyside Care", "--type", "care_home", "--ods",
                         "AB1C2", "--parent", "QYG"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    lead_email = unique_email("lead");
    auto u = server.cli({"user", "add", "--email", lead_email, "--name", "Grace Lead", "--org",
                         "AB1C2", "--role", "org_lead", "--password-stdin"},
                        std::string(kPassword) + "\n");
    ASSERT_EQ(u.exit_code, 0) << u.err;
    server.start();
  }

  // Asks for a reset link for `email` through the form on a client's page.
  HttpResponse ask_for_link(Client& c, const std::string& email) {
    EXPECT_EQ(c.get("/password-reset").status, 200);
    return c.post_form("/password-reset", {{"email", email}});
  }

  // Emails written for `to`, read from the outbox: unlike the SMTP sink, the outbox is complete
  // the moment the request that wrote to it has been answered, so "nothing was sent" is exact.
  std::vector<mail::OutgoingMail> outbox_to(const std::string& to) {
    auto db = store::open(server.database_url(), 1);
    return db->read([&](store::Connection& c) { return mail::recent_to(c, to, 100); });
  }

  // Asks for a link for the lead and returns it from the email that arrives (the `nth` to the
  // lead in this test).
  std::string link_for_lead(size_t nth = 1) {
    Client c = server.client();
    auto sent = ask_for_link(c, lead_email);
    EXPECT_EQ(sent.status, 200) << sent.body.substr(0, 800);
    const std::string mail = wait_for_mail(lead_email, 15, nth);
    EXPECT_EQ(mail_header(mail, "Subject"), "Reset your Careguard password");
    return find_url(mail_text(mail), "/password-reset/");
  }

  TestServer server;
  std::string lead_email;
};

TEST_F(PasswordResetTest, FullJourneySetsANewPasswordEndsSessionsAndStillAsksForTheCode) {
  // The lead is signed in on one device and half-way through signing in on another.
  Client device = server.client();
  const std::string secret = sign_in_and_enrol(device, lead_email, kPassword);
  ASSERT_FALSE(secret.empty());
  ASSERT_EQ(device.get("/").status, 200);
  Client half = server.client();
  ASSERT_EQ(sign_in(half, lead_email, kPassword).header("location"), "/sign-in/mfa");
  ASSERT_EQ(half.get("/sign-in/mfa").status, 200);

  // From the sign-in page to the reset form.
  Client c = server.client();
  auto sign_in_page = c.get("/sign-in");
  EXPECT_TRUE(contains(sign_in_page.body, R"(href="/password-reset")"));
  EXPECT_TRUE(contains(sign_in_page.body, "Forgotten your password?"));
  auto form = c.get("/password-reset");
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form.body, R"(name="csrf_token")"));
  EXPECT_TRUE(contains(form.body, R"(id="email")"));

  auto sent = c.post_form("/password-reset", {{"email", lead_email}});
  ASSERT_EQ(sent.status, 200) << sent.body.substr(0, 800);
  EXPECT_TRUE(contains(sent.body, "Check your email"));

  const std::string mail = wait_for_mail(lead_email, 15);
  ASSERT_FALSE(mail.empty()) << "no reset email arrived at the SMTP sink";
  EXPECT_EQ(mail_header(mail, "Subject"), "Reset your Careguard password");
  const std::string link = find_url(mail_text(mail), "/password-reset/");
  ASSERT_FALSE(link.empty()) << mail_text(mail);
  EXPECT_EQ(link.substr(link.rfind('/') + 1).size(), 43u);  // 256 random bits
  // Reset does not turn off two-step verification, and the email says so.
  EXPECT_TRUE(contains(mail_text(mail), "authenticator app"));

  auto page = c.get(link);
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 800);
  EXPECT_TRUE(contains(page.body, lead_email));
  EXPECT_TRUE(contains(page.body, R"(id="password")"));
  EXPECT_TRUE(contains(page.body, R"(id="password_confirm")"));
  EXPECT_TRUE(contains(page.body, R"(autocomplete="new-password")"));

  auto done = c.post_form(link, {{"password", kNewPassword}, {"password_confirm", kNewPassword}});
  ASSERT_EQ(done.status, 303) << done.body.substr(0, 1500);
  EXPECT_EQ(done.header("location"), "/sign-in");
  auto landed = c.follow(done);
  EXPECT_TRUE(contains(landed.body, "Your password has been changed"));

  // Signed out everywhere: the full session and the half-finished one.
  auto home = device.get("/");
  EXPECT_EQ(home.status, 303);
  EXPECT_EQ(home.header("location").rfind("/sign-in", 0), 0u);
  EXPECT_EQ(half.get("/sign-in/mfa").header("location"), "/sign-in");

  // The person is told their password changed.
  const std::string changed = wait_for_mail(lead_email, 15, 2);
  EXPECT_EQ(mail_header(changed, "Subject"), "Your Careguard password has been changed");
  EXPECT_FALSE(contains(mail_text(changed), link));

  // The link worked once.
  EXPECT_EQ(c.get(link).status, 410);
  auto again = c.post_form(
      link, {{"password", "another fine phrase"}, {"password_confirm", "another fine phrase"}});
  EXPECT_EQ(again.status, 410);

  // The old password is refused; the new one still needs the code from the app.
  Client fresh = server.client();
  EXPECT_EQ(sign_in(fresh, lead_email, kPassword).status, 422);
  auto r = sign_in(fresh, lead_email, kNewPassword);
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "/sign-in/mfa");
  EXPECT_EQ(fresh.get("/").header("location"), "/sign-in/mfa");
  fresh.get("/sign-in/mfa");
  // The code used to enrol cannot be replayed; the next one works.
  auto ok =
      fresh.post_form("/sign-in/mfa", {{"code", identity::totp_code(secret, clock::now() + 30)}});
  EXPECT_EQ(ok.status, 303) << ok.body.substr(0, 1500);
  EXPECT_EQ(fresh.get("/").status, 200);

  auto verify = server.cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  // The request log names the route, never the live token in the address.
  const std::string log = server.log();
  EXPECT_TRUE(contains(log, R"("path":"/password-reset/{token}")"));
  EXPECT_FALSE(contains(log, link.substr(link.rfind('/') + 1)));
}

TEST_F(PasswordResetTest, UnknownAddressGetsTheIdenticalPageAndNoEmail) {
  Client c = server.client();
  const std::string nobody = unique_email("nobody");
  auto known = ask_for_link(c, lead_email);
  auto unknown = ask_for_link(c, nobody);
  ASSERT_EQ(known.status, 200);
  EXPECT_EQ(unknown.status, known.status);
  // The page differs only in the address that was typed.
  EXPECT_EQ(replace_all(unknown.body, nobody, "ADDRESS"),
            replace_all(known.body, lead_email, "ADDRESS"));
  EXPECT_EQ(unknown.header("content-type"), known.header("content-type"));
  EXPECT_EQ(outbox_to(lead_email).size(), 1u);
  EXPECT_TRUE(outbox_to(nobody).empty());
  EXPECT_FALSE(wait_for_mail(lead_email).empty());
}

TEST_F(PasswordResetTest, EmptyOrMalformedAddressShowsTheErrorSummary) {
  Client c = server.client();
  for (const std::string& bad : {std::string(""), std::string("not-an-email")}) {
    auto r = ask_for_link(c, bad);
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_TRUE(contains(r.body, "nhsuk-error-summary")) << bad;
    EXPECT_TRUE(contains(r.body, R"(href="#email")")) << bad;
    EXPECT_TRUE(contains(r.body, "nhsuk-form-group--error")) << bad;
  }
}

TEST_F(PasswordResetTest, ExpiredOrUnknownLinksAreGone) {
  const std::string link = link_for_lead();
  ASSERT_FALSE(link.empty());
  Client c = server.client();
  ASSERT_EQ(c.get(link).status, 200);
  // There is no clock to move in the server, so the link is made an hour old in the database.
  {
    auto db = store::open(server.database_url(), 1);
    db->transaction([&](store::Connection& conn) {
      conn.exec(
          "UPDATE password_resets SET created_at = created_at - 3600, expires_at = "
          "expires_at - 3600");
    });
  }
  auto expired = c.get(link);
  EXPECT_EQ(expired.status, 410);
  EXPECT_TRUE(contains(expired.body, "has expired or has already been used"));
  EXPECT_TRUE(contains(expired.body, "Forgotten your password?"));
  EXPECT_EQ(
      c.post_form(link, {{"password", kNewPassword}, {"password_confirm", kNewPassword}}).status,
      410);
  EXPECT_EQ(c.get("/password-reset/not-a-real-token").status, 410);
  // The old password still works, so nothing changed.
  Client fresh = server.client();
  EXPECT_EQ(sign_in(fresh, lead_email, kPassword).status, 303);
}

TEST_F(PasswordResetTest, OnlyTheNewestLinkWorks) {
  const std::string first = link_for_lead(1);
  const std::string second = link_for_lead(2);
  ASSERT_FALSE(first.empty());
  ASSERT_NE(first, second);
  Client c = server.client();
  EXPECT_EQ(c.get(first).status, 410);
  EXPECT_EQ(c.get(second).status, 200);
}

TEST_F(PasswordResetTest, WeakOrMismatchedPasswordIsRefusedWithTheFieldError) {
  const std::string link = link_for_lead();
  ASSERT_FALSE(link.empty());
  Client c = server.client();
  ASSERT_EQ(c.get(link).status, 200);
  auto weak = c.post_form(link, {{"password", "password123"}, {"password_confirm", "password123"}});
  EXPECT_EQ(weak.status, 422);
  EXPECT_TRUE(contains(weak.body, "nhsuk-error-summary"));
  EXPECT_TRUE(contains(weak.body, R"(href="#password")"));
  EXPECT_TRUE(contains(weak.body, R"(id="password-error")"));
  EXPECT_TRUE(contains(weak.body, "Error: Choose a new password"));  // the page title
  auto mismatch =
      c.post_form(link, {{"password", kNewPassword}, {"password_confirm", "lantern walrus"}});
  EXPECT_EQ(mismatch.status, 422);
  EXPECT_TRUE(contains(mismatch.body, R"(href="#password_confirm")"));
  // Nothing changed and the link still works.
  EXPECT_EQ(c.get(link).status, 200);
  Client fresh = server.client();
  EXPECT_EQ(sign_in(fresh, lead_email, kPassword).status, 303);
}

TEST_F(PasswordResetTest, FourthRequestForAnAccountInAnHourSendsNoEmail) {
  Client c = server.client();
  auto first = ask_for_link(c, lead_email);
  ASSERT_EQ(first.status, 200);
  for (int i = 2; i <= 4; ++i) {
    auto r = ask_for_link(c, lead_email);
    EXPECT_EQ(r.status, 200) << i;
    EXPECT_EQ(r.body, first.body) << i;  // the fourth looks just like the others
  }
  EXPECT_EQ(outbox_to(lead_email).size(), 3u);
  EXPECT_FALSE(wait_for_mail(lead_email, 15, 3).empty());
  // The third link, the newest sent, is the one that works.
  const std::string newest =
      find_url(mail_text(wait_for_mail(lead_email, 15, 3)), "/password-reset/");
  EXPECT_EQ(c.get(newest).status, 200);
}

TEST_F(PasswordResetTest, EleventhRequestFromOneAddressIn15MinutesGets429) {
  Client c = server.client();
  for (int i = 0; i < 10; ++i) ASSERT_EQ(ask_for_link(c, unique_email("nobody")).status, 200) << i;
  // Even for a real account, and from a new browser: it is the address that is limited.
  Client other = server.client();
  auto refused = ask_for_link(other, lead_email);
  EXPECT_EQ(refused.status, 429);
  EXPECT_TRUE(contains(refused.body, "Too many attempts"));
  EXPECT_TRUE(contains(refused.body, "Wait 15 minutes"));
  EXPECT_EQ(refused.header("retry-after"), "900");
  EXPECT_TRUE(outbox_to(lead_email).empty());
  // Signing in is a separate limit and still works.
  EXPECT_EQ(sign_in(other, lead_email, kPassword).status, 303);
}

TEST_F(PasswordResetTest, FormsWithoutTheCsrfTokenAreRefused) {
  Client c = server.client();
  c.get("/password-reset");
  auto missing = c.post_form("/password-reset", {{"email", lead_email}}, false);
  EXPECT_EQ(missing.status, 403);
  EXPECT_TRUE(outbox_to(lead_email).empty());

  const std::string link = link_for_lead();
  ASSERT_FALSE(link.empty());
  c.get(link);
  auto no_token =
      c.post_form(link, {{"password", kNewPassword}, {"password_confirm", kNewPassword}}, false);
  EXPECT_EQ(no_token.status, 403);
  EXPECT_EQ(c.get(link).status, 200);  // still usable: nothing happened
  Client fresh = server.client();
  EXPECT_EQ(sign_in(fresh, lead_email, kPassword).status, 303);
}

}  // namespace
}  // namespace cg::test
