// Finding 1 of the independent security test (issue 13) over HTTP, on both databases: a support
// organisation sees a provider's private records only after the provider's lead says yes (or
// the national team assigns it), on the web and with API tokens; the provider sees who can see
// its work and can stop it; every step is in both organisations' audit trails.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "flows.h"
#include "harness.h"

namespace cg::test {
namespace {

constexpr const char* kPassword = "kettle orange bicycle";

class PortfolioConsentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(add_national_region_and_ics(server));
    auto add_org = [&](std::vector<std::string> args) {
      auto r = server.cli(std::move(args));
      EXPECT_EQ(r.exit_code, 0) << r.err;
      return std::stoll(last_line(r.out));
    };
    support_id = add_org({"org", "add", "--name", "Support NW", "--type", "support_org", "--ods",
                          "DSP01", "--parent", "Y62"});
    alpha_id = add_org({"org", "add", "--name", "Alpha Care", "--type", "care_home", "--ods",
                        "AA1A1", "--parent", "QYG"});
    beta_id = add_org({"org", "add", "--name", "Beta Care", "--type", "care_home", "--ods", "BB2B2",
                       "--parent", "QYG"});
    for (auto& [email, org, role] : std::vector<std::tuple<std::string&, std::string, std::string>>{
             {admin_email, "X26", "national_admin"},
             {support_lead_email, "DSP01", "org_lead"},
             {adviser_email, "DSP01", "support_adviser"},
             {alpha_lead_email, "AA1A1", "org_lead"},
             {beta_lead_email, "BB2B2", "org_lead"}}) {
      email = unique_email(role);
      auto u = server.cli({"user", "add", "--email", email, "--name", "Pat " + role, "--org", org,
                           "--role", role, "--password-stdin"},
                          std::string(kPassword) + "\n");
      ASSERT_EQ(u.exit_code, 0) << u.err;
      if (role != "support_adviser") secrets[email] = enrol_mfa_in_database(server, email);
    }
    auto t = server.cli(
        {"token", "create", "--email", adviser_email, "--org", "DSP01", "--name", "adviser"});
    ASSERT_EQ(t.exit_code, 0) << t.err;
    adviser_token = last_line(t.out);
    t = server.cli(
        {"token", "create", "--email", alpha_lead_email, "--org", "AA1A1", "--name", "lead"});
    alpha_token = last_line(t.out);
    server.start();

    // Alpha's lead starts the toolkit and answers a question, so there is something private.
    alpha = std::make_unique<Client>(signed_in(alpha_lead_email));
    auto started = alpha->post_form("/orgs/" + std::to_string(alpha_id) + "/toolkit/start", {});
    ASSERT_EQ(started.status, 303) << started.body.substr(0, 500);
    alpha_toolkit = started.header("location");
    alpha->get(alpha_toolkit + "/items/1.1");
    ASSERT_EQ(alpha->post_form(alpha_toolkit + "/items/1.1", {{"answer", "ZA123456"}}).status, 303);
    support = std::make_unique<Client>(signed_in(support_lead_email));
    adviser = std::make_unique<Client>(server.client());
    auto in = sign_in(*adviser, adviser_email, kPassword);
    ASSERT_EQ(in.status, 303) << in.body.substr(0, 3000);
  }

  Client signed_in(const std::string& email) {
    Client c = server.client();
    EXPECT_EQ(sign_in_with_code(c, email, kPassword, secrets[email]).status, 303) << email;
    return c;
  }

  // Whether the support organisation's adviser can read Alpha's work, on the web and by API.
  // Both must agree.
  bool adviser_sees_alpha() {
    const int web = adviser->get(alpha_toolkit).status;
    const int api = adviser
                        ->get("/api/v1/orgs/" + std::to_string(alpha_id) + "/assessments",
                              {{"Authorization", "Bearer " + adviser_token}})
                        .status;
    EXPECT_EQ(web == 200, api == 200) << "web " << web << ", API " << api;
    EXPECT_TRUE(web == 200 || web == 404) << web;
    return web == 200;
  }

  HttpResponse ask(const std::string& code) {
    support->get("/orgs/" + std::to_string(support_id));
    return support->post_form("/orgs/" + std::to_string(support_id) + "/portfolio",
                              {{"provider_code", code}});
  }

  // An organisation's audit trail page, as the national admin sees it.
  std::string trail_of(int64_t org) {
    return national_admin().get("/orgs/" + std::to_string(org) + "/audit").body;
  }

  // One session for the national admin: a second sign-in within the same 30 seconds would
  // replay the same code, which is refused.
  Client& national_admin() {
    if (!admin) admin = std::make_unique<Client>(signed_in(admin_email));
    return *admin;
  }

  TestServer server;
  int64_t support_id = 0, alpha_id = 0, beta_id = 0;
  std::string admin_email, support_lead_email, adviser_email, alpha_lead_email, beta_lead_email;
  std::map<std::string, std::string> secrets;
  std::string adviser_token, alpha_token, alpha_toolkit;
  std::unique_ptr<Client> alpha, support, adviser, admin;
};

TEST_F(PortfolioConsentTest, ARequestShowsNothingUntilTheProviderSaysYesAndTheProviderCanStopIt) {
  EXPECT_FALSE(adviser_sees_alpha());
  auto asked = ask("AA1A1");
  ASSERT_EQ(asked.status, 303) << asked.body.substr(0, 800);
  auto support_page = support->follow(asked);
  EXPECT_TRUE(contains(support_page.body, "We have asked Alpha Care"));
  EXPECT_TRUE(contains(support_page.body, "Waiting for an answer"));
  EXPECT_FALSE(adviser_sees_alpha()) << "a request alone opened the provider's records";
  EXPECT_FALSE(
      contains(adviser->get("/orgs/" + std::to_string(support_id) + "/portfolio/progress").body,
               "Alpha Care"));
  // Asking again while the first request waits is refused, naming the field.
  auto again = ask("AA1A1");
  EXPECT_EQ(again.status, 422);
  EXPECT_TRUE(contains(again.body, "href=\"#provider_code\""));

  // Alpha's leads are told, and the request is on Alpha's page for its lead to answer.
  const std::string mail = wait_for_mail(alpha_lead_email);
  EXPECT_EQ(mail_header(mail, "Subject"), "Support NW asks to support Alpha Care");
  EXPECT_TRUE(contains(mail_text(mail), "Nothing is shared until you say yes"));
  auto page = alpha->get("/orgs/" + std::to_string(alpha_id));
  EXPECT_TRUE(contains(page.body, "Requests to support you"));
  EXPECT_TRUE(contains(page.body, "Only people in your organisation can see your toolkit"));

  // Nobody but Alpha's lead can answer: not the support organisation, not another provider.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page.body, m, std::regex(R"(/support-requests/([0-9]+)/accept)")));
  const std::string accept =
      "/orgs/" + std::to_string(alpha_id) + "/support-requests/" + m[1].str() + "/accept";
  support->get("/orgs/" + std::to_string(support_id));
  EXPECT_EQ(support->post_form(accept, {}).status, 404);
  Client beta = signed_in(beta_lead_email);
  beta.get("/");
  EXPECT_EQ(beta.post_form(accept, {}).status, 404);
  beta.get("/");
  EXPECT_EQ(beta.post_form("/orgs/" + std::to_string(beta_id) + "/support-requests/" + m[1].str() +
                               "/accept",
                           {})
                .status,
            404)
      << "a request made to Alpha cannot be answered through Beta";
  EXPECT_FALSE(adviser_sees_alpha());

  // Alpha's lead says yes: the adviser can read Alpha's work, on the web and with a token.
  EXPECT_EQ(accept_support_request(*alpha, alpha_id).status, 303);
  EXPECT_TRUE(adviser_sees_alpha());
  page = alpha->get("/orgs/" + std::to_string(alpha_id));
  EXPECT_TRUE(contains(page.body, "These support organisations can read your answers"));
  EXPECT_TRUE(contains(page.body, "Support NW"));

  // Alpha stops it: the adviser is shut out again.
  auto stopped = alpha->post_form(
      "/orgs/" + std::to_string(alpha_id) + "/supporters/" + std::to_string(support_id) + "/remove",
      {});
  EXPECT_EQ(stopped.status, 303);
  EXPECT_FALSE(adviser_sees_alpha());

  // Each step is in both organisations' trails.
  for (int64_t org : {alpha_id, support_id}) {
    const std::string trail = trail_of(org);
    for (const char* action :
         {"portfolio.requested", "portfolio.accepted", "portfolio.stopped_by_provider"})
      EXPECT_TRUE(contains(trail, action)) << org << " " << action;
  }
}

TEST_F(PortfolioConsentTest, DeclinedOrTakenBackRequestsOpenNothing) {
  ASSERT_EQ(ask("AA1A1").status, 303);
  auto page = alpha->get("/orgs/" + std::to_string(alpha_id));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page.body, m, std::regex(R"(/support-requests/([0-9]+)/decline)")));
  EXPECT_EQ(alpha
                ->post_form("/orgs/" + std::to_string(alpha_id) + "/support-requests/" +
                                m[1].str() + "/decline",
                            {})
                .status,
            303);
  EXPECT_FALSE(adviser_sees_alpha());
  // A declined request can be neither accepted later nor taken back.
  alpha->get("/");
  EXPECT_EQ(accept_support_request(*alpha, alpha_id).status, 0) << "no request is shown";

  // A new request, taken back by the support organisation before Alpha answers.
  ASSERT_EQ(ask("AA1A1").status, 303);
  auto support_page = support->get("/orgs/" + std::to_string(support_id));
  ASSERT_TRUE(std::regex_search(support_page.body, m,
                                std::regex(R"(/portfolio/requests/([0-9]+)/withdraw)")));
  const std::string withdrawn = m[1];
  EXPECT_EQ(support
                ->post_form("/orgs/" + std::to_string(support_id) + "/portfolio/requests/" +
                                withdrawn + "/withdraw",
                            {})
                .status,
            303);
  alpha->get("/");
  EXPECT_EQ(alpha
                ->post_form("/orgs/" + std::to_string(alpha_id) + "/support-requests/" + withdrawn +
                                "/accept",
                            {})
                .status,
            404);
  EXPECT_FALSE(adviser_sees_alpha());
  EXPECT_TRUE(contains(trail_of(alpha_id), "portfolio.withdrawn"));
}

TEST_F(PortfolioConsentTest, TheNationalTeamAssignsAListAllOrNothing) {
  const std::string assign = "/orgs/" + std::to_string(support_id) + "/portfolio/assign";
  EXPECT_EQ(support->get(assign).status, 403) << "only the national team assigns";
  Client& admin = national_admin();
  ASSERT_EQ(admin.get(assign).status, 200);
  auto refused = admin.post_form(assign, {{"codes", "AA1A1\nZZ9Z9\n"}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(contains(refused.body, "Line 2: no organisation has the ODS code ZZ9Z9"));
  EXPECT_TRUE(contains(refused.body, "AA1A1\nZZ9Z9")) << "the list is shown again to fix";
  EXPECT_FALSE(adviser_sees_alpha()) << "a refused list added some of its providers";
  admin.get(assign);
  auto added = admin.post_form(assign, {{"codes", "AA1A1, BB2B2"}});
  ASSERT_EQ(added.status, 303) << added.body.substr(0, 800);
  EXPECT_TRUE(contains(admin.follow(added).body, "2 providers were added"));
  EXPECT_TRUE(adviser_sees_alpha());
  // The provider sees it, and can stop it like any other.
  EXPECT_TRUE(contains(alpha->get("/orgs/" + std::to_string(alpha_id)).body, "Support NW"));
  EXPECT_TRUE(contains(trail_of(alpha_id), "portfolio.assigned"));
}

}  // namespace
}  // namespace cg::test
