// For every route the server has, someone from organisation A tries to read and change
// organisation B's data, through the web pages and through the API. Every attempt must be
// refused and B's data must be exactly as it was. A new route that this test does not know
// how to aim at B makes the test fail, so nobody can add a route without this check.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "core/clock.h"
#include "flows.h"
#include "harness.h"
#include "identity/store/org_store.h"
#include "identity/store/people_store.h"
#include "identity/store/portfolio_request_store.h"
#include "router_routes.h"
#include "store/database.h"
#include "toolkit/scoring/london_time.h"

namespace cg::test {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "kettle orange bicycle";

// Routes that hold no organisation's data (or only the caller's own), checked elsewhere.
const std::set<std::string> kNoOrgData = {
    "GET /healthz",
    "GET /readyz",
    "GET /metrics",
    "GET /accessibility",
    "GET /privacy",
    "GET /help",
    "GET /sign-in",
    "POST /sign-in",
    "GET /sign-in/mfa",
    "POST /sign-in/mfa",
    "GET /sign-in/recovery",
    "POST /sign-in/recovery",
    "GET /password-reset",
    "POST /password-reset",
    "GET /password-reset/{token}",
    "POST /password-reset/{token}",
    "GET /account/mfa/setup",
    "POST /account/mfa/setup",
    "POST /sign-out",
    "GET /",
    "GET /account",
    "GET /api/v1/openapi.json",
    "GET /api/v1/me",
    "GET /api/v1/roles",
    "GET /invitations/{token}",
    "POST /invitations/{token}",
    // Public by design: an organisation's published status, as on the national search, and
    // the frameworks themselves.
    "GET /orgs/{id}/status",
    "GET /status",
    "GET /status.csv",
    "GET /frameworks/{framework}/{edition}/oscal/catalog.json",
    "GET /api/v1/frameworks/{framework}/{edition}",
};

std::string toolkit_date_in_days(int days) {
  return toolkit::london_date(clock::now() + days * 86400);
}

class CrossOrgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.prepare();
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"org", "add", "--name", "National", "--type", "national", "--ods", "X26"},
             {"org", "add", "--name", "North West", "--type", "region", "--ods", "Y62", "--parent",
              "X26"},
             {"org", "add", "--name", "Cheshire ICS", "--type", "ics", "--ods", "QYG", "--parent",
              "Y62"},
             {"org", "add", "--name", "Support NW", "--type", "support_org", "--ods", "DSP01",
              "--parent", "Y62"}})
      ASSERT_EQ(server.cli(args).exit_code, 0);
    a_id = std::stoll(last_line(server
                                    .cli({"org", "add", "--name", "Alpha Care", "--type",
                                          "care_home", "--ods", "AA1A1", "--parent", "QYG"})
                                    .out));
    b_id = std::stoll(last_line(server
                                    .cli({"org", "add", "--name", "Beta Care", "--type",
                                          "care_home", "--ods", "BB2B2", "--parent", "QYG"})
                                    .out));
    b_site = std::stoll(last_line(server
                                      .cli({"org", "add", "--name", "Beta Site", "--type",
                                            "care_home", "--ods", "VB1234", "--parent", "BB2B2"})
                                      .out));
    a_email = unique_email("alead");
    b_email = unique_email("blead");
    for (const auto& [email, org] : {std::pair{a_email, "AA1A1"}, std::pair{b_email, "BB2B2"}})
      ASSERT_EQ(server
                    .cli({"user", "add", "--email", email, "--name", "Lead Person", "--org", org,
                          "--role", "org_lead", "--password-stdin"},
                         std::string(kPassword) + "\n")
                    .exit_code,
                0);
    a_secret = enrol_mfa_in_database(server, a_email);
    b_secret = enrol_mfa_in_database(server, b_email);
    a_token = last_line(
        server.cli({"token", "create", "--email", a_email, "--org", "AA1A1", "--name", "a"}).out);
    b_token = last_line(
        server.cli({"token", "create", "--email", b_email, "--org", "BB2B2", "--name", "b"}).out);
    server.start();

    // A support organisation's request to see B's work, not answered yet: A must not be able to
    // answer it (it would open B's records to the support organisation).
    {
      auto db = store::open(server.database_url(), 1);
      db->transaction([&](store::Connection& c) {
        auto support = identity::store::find_org_by_code(c, "DSP01");
        auto b_lead = identity::store::find_person_by_email(c, b_email);
        ASSERT_TRUE(support && b_lead);
        support_id = support->id;
        b_request = identity::store::insert_portfolio_request(c, support->id, b_id, b_lead->id,
                                                              clock::now(), "");
      });
    }

    // B's own records for A to aim at: an invitation, a membership and an API token.
    Client api = server.client();
    Headers b_auth = {{"Authorization", "Bearer " + b_token}, {"Content-Type", "application/json"}};
    auto inv = api.request(
        "POST", "/api/v1/orgs/" + std::to_string(b_id) + "/invitations",
        R"({"email":")" + unique_email("binv") + R"(","name":"Bee Invitee","role":"staff"})",
        b_auth);
    ASSERT_EQ(inv.status, 201) << inv.body;
    b_invitation = json::parse(inv.body).at("id").get<int64_t>();
    auto people =
        api.request("GET", "/api/v1/orgs/" + std::to_string(b_id) + "/people", "", b_auth);
    ASSERT_EQ(people.status, 200) << people.body;
    auto pj = json::parse(people.body);
    const json& list = pj.is_array() ? pj : pj.at("data");
    b_membership = list.at(0).at("membership_id").get<int64_t>();

    // B's lead starts B's toolkit and answers a question, so there is an assessment to aim at.
    b_web = std::make_unique<Client>(server.client());
    ASSERT_EQ(sign_in_with_code(*b_web, b_email, kPassword, b_secret).status, 303);
    auto started = b_web->post_form("/orgs/" + std::to_string(b_id) + "/toolkit/start", {});
    ASSERT_EQ(started.status, 303) << started.body.substr(0, 500);
    b_assessment =
        std::stoll(started.header("location").substr(started.header("location").rfind('/') + 1));
    b_web->get(started.header("location") + "/items/1.1");
    ASSERT_EQ(b_web->post_form(started.header("location") + "/items/1.1", {{"answer", "ZA123456"}})
                  .status,
              303);
    // B publishes (Standards Not Met, with an improvement plan for every gap), so there is a
    // publication to aim at.
    const std::string b_base = started.header("location");
    auto plan_page = b_web->get(b_base + "/plan");
    std::vector<std::pair<std::string, std::string>> plan;
    const std::string target = toolkit_date_in_days(60);
    static const std::regex owner_field(R"(name="plan-([0-9.]+)-owner")");
    for (auto it = std::sregex_iterator(plan_page.body.begin(), plan_page.body.end(), owner_field);
         it != std::sregex_iterator(); ++it) {
      plan.push_back({"plan-" + (*it)[1].str() + "-owner", "Bee Lead"});
      plan.push_back({"plan-" + (*it)[1].str() + "-date", target});
    }
    ASSERT_FALSE(plan.empty());
    ASSERT_EQ(b_web->post_form(b_base + "/plan", plan).status, 303);
    b_web->get(b_base + "/check");
    auto published = b_web->post_form(b_base + "/publish", {{"password", kPassword}});
    ASSERT_EQ(published.status, 303) << published.body.substr(0, 800);
    auto listing = b_web->get(b_base + "/publications");
    std::smatch pm;
    static const std::regex publication_link(R"(/publications/([0-9]+)/)");
    ASSERT_TRUE(std::regex_search(listing.body, pm, publication_link))
        << listing.body.substr(0, 800);
    b_publication = std::stoll(pm[1]);
    b_web->get("/");  // shows (and so clears) the last banner before the state is taken
  }

  // Everything about B that an attacker might change, as one comparable string.
  std::string b_state() {
    Client api = server.client();
    Headers b_auth = {{"Authorization", "Bearer " + b_token}};
    std::string state;
    for (const std::string& path : {"/api/v1/orgs/" + std::to_string(b_id),
                                    "/api/v1/orgs/" + std::to_string(b_id) + "/people",
                                    "/api/v1/orgs/" + std::to_string(b_id) + "/invitations",
                                    "/api/v1/orgs/" + std::to_string(b_site),
                                    "/api/v1/orgs/" + std::to_string(b_id) + "/audit"}) {
      auto r = api.request("GET", path, "", b_auth);
      EXPECT_EQ(r.status, 200) << path << " " << r.body;
      state += path + " " + r.body + "\n";
    }
    const std::string toolkit =
        "/orgs/" + std::to_string(b_id) + "/toolkit/" + std::to_string(b_assessment);
    for (const std::string& page :
         {toolkit + "/check", toolkit + "/plan", toolkit + "/items/1.1/history",
          toolkit + "/items/1.1/comments", "/orgs/" + std::to_string(b_id) + "/status"}) {
      auto r = b_web->get(page);
      EXPECT_EQ(r.status, 200) << page;
      state += page + " " + r.body + "\n";
    }
    return state;
  }

  TestServer server;
  int64_t a_id = 0, b_id = 0, b_site = 0, b_invitation = 0, b_membership = 0, b_assessment = 0,
          b_publication = 0;
  std::unique_ptr<Client> b_web;
  std::string a_email, b_email, a_token, b_token, a_secret, b_secret;
  int64_t support_id = 0, b_request = 0;
};

TEST_F(CrossOrgTest, EveryRouteRefusesAnotherOrganisationsData) {
  const std::string before = b_state();
  Client web = server.client();
  ASSERT_EQ(sign_in_with_code(web, a_email, kPassword, a_secret).status, 303);
  // B's token was created right after A's; A's id is on A's account page.
  auto account = web.get("/account");
  std::smatch tm;
  ASSERT_TRUE(std::regex_search(account.body, tm, std::regex(R"(/account/tokens/([0-9]+)/revoke)")))
      << account.body;
  const int64_t b_token_id = std::stoll(tm[1]) + 1;

  const std::map<std::string, std::string> ids = {
      {"id", std::to_string(b_id)},
      {"invitation", std::to_string(b_invitation)},
      {"invitation_id", std::to_string(b_invitation)},
      {"membership", std::to_string(b_membership)},
      {"membership_id", std::to_string(b_membership)},
      {"provider", std::to_string(b_id)},
      {"assessment", std::to_string(b_assessment)},
      {"item", "1.1"},
      {"publication", std::to_string(b_publication)},
      {"evidence", "1"},
      {"framework", "cyber-essentials"},
      {"request", std::to_string(b_request)},
      {"support", std::to_string(support_id)},
  };
  // Routes without an id in the path, aimed at B through their input.
  const std::map<std::string, std::vector<std::pair<std::string, std::string>>> bodies = {
      {"POST /orgs/new",
       {{"parent_id", std::to_string(b_id)}, {"name", "Sneaky"}, {"type", "care_home"}}},
      {"GET /orgs/new", {{"parent", std::to_string(b_id)}}},
      {"GET /orgs", {{"q", "Beta"}}},  // a list: answered, but without B in it
      {"POST /account/tokens", {{"org_id", std::to_string(b_id)}, {"token_name", "Sneaky"}}},
      // A comment that would be saved if the route let A in.
      {"POST /orgs/{id}/toolkit/{assessment}/items/{item}/comments", {{"body", "Sneaky"}}},
      // National admins only: a provider's lead is refused outright.
      {"GET /import/statuses", {}},
      {"POST /import/statuses", {{"name", "Sneaky"}}},
      {"GET /dashboard", {}},
  };
  const std::map<std::string, std::string> api_bodies = {
      {"POST /api/v1/orgs",
       R"({"parent_id":)" + std::to_string(b_id) + R"(,"name":"Sneaky","type":"care_home"})"},
  };

  int tried = 0;
  for (const auto& [method, pattern] : all_routes()) {
    const std::string key = method + " " + pattern;
    if (kNoOrgData.count(key)) continue;
    std::string path = pattern;
    std::smatch m;
    while (std::regex_search(path, m, std::regex(R"(\{([a-z_]+)\})"))) {
      std::string value;
      if (pattern.rfind("/account/tokens/", 0) == 0) {
        value = std::to_string(b_token_id);  // the person's own tokens: aim at B's token
      } else {
        auto it = ids.find(m[1]);
        ASSERT_NE(it, ids.end()) << "cannot aim " << key << " at organisation B";
        value = it->second;
      }
      path = m.prefix().str() + value + m.suffix().str();
    }
    const bool api = pattern.rfind("/api/", 0) == 0;
    const bool has_param = pattern.find('{') != std::string::npos;
    ASSERT_TRUE(has_param || bodies.count(key) || api_bodies.count(key) || (api && method == "GET"))
        << key << " is a new route: add how to aim it at organisation B, or list it in kNoOrgData";

    HttpResponse r;
    if (api) {
      Headers auth = {{"Authorization", "Bearer " + a_token}, {"Content-Type", "application/json"}};
      std::string body =
          api_bodies.count(key)
              ? api_bodies.at(key)
              : (method == "GET" || method == "DELETE" ? "" : "{\"name\":\"Sneaky\"}");
      r = web.request(method, path, body, auth);
      if (method == "GET" && !has_param) {
        // Lists: must not contain B.
        EXPECT_EQ(r.body.find("Beta Care"), std::string::npos) << key;
        EXPECT_EQ(r.body.find(b_email), std::string::npos) << key;
        ++tried;
        continue;
      }
    } else if (method == "GET") {
      std::string query;
      if (bodies.count(key))
        for (const auto& [k, v] : bodies.at(key))
          query += (query.empty() ? "?" : "&") + k + "=" + v;
      r = web.get(path + query);
      web.get("/account");
    } else {
      auto fields = bodies.count(key)
                        ? bodies.at(key)
                        : std::vector<std::pair<std::string, std::string>>{{"name", "Sneaky"}};
      r = web.post_form(path, fields);
      web.get("/account");
    }
    ++tried;
    if (key == "GET /orgs") {
      EXPECT_EQ(r.status, 200);
      EXPECT_EQ(r.body.find("Beta Care"), std::string::npos) << "the organisation list shows B";
      continue;
    }
    const bool refused =
        r.status == 403 || r.status == 404 || (key == "POST /account/tokens" && r.status == 422);
    EXPECT_TRUE(refused) << key << " as " << path << " answered " << r.status << "\n"
                         << r.body.substr(0, 400);
    EXPECT_EQ(r.body.find("Beta Care"), std::string::npos) << key << " leaked B's name";
  }
  // A's own organisation in the path with B's assessment: still refused.
  const std::string own =
      "/orgs/" + std::to_string(a_id) + "/toolkit/" + std::to_string(b_assessment);
  for (const std::string& page : {own, own + "/check", own + "/plan", own + "/items/1.1",
                                  own + "/items/1.1/history", own + "/items/1.1/comments"}) {
    EXPECT_EQ(web.get(page).status, 404) << page;
    ++tried;
  }
  web.get("/account");
  for (const std::string& action : {own + "/items/1.1", own + "/plan", own + "/publish",
                                    own + "/items/1.1/evidence", own + "/items/1.1/comments"}) {
    auto r = web.post_form(action,
                           {{"answer", "ZA999999"}, {"password", kPassword}, {"body", "Sneaky"}});
    EXPECT_EQ(r.status, 404) << action;
    web.get("/account");
    ++tried;
  }
  std::cout << "cross-organisation check: " << tried << " routes tried\n";
  EXPECT_GE(tried, 20);
  const std::string after = b_state();
  EXPECT_TRUE(after == before) << "organisation B's data changed";
  // B's token still works (A could not revoke it).
  Client api = server.client();
  EXPECT_EQ(api.request("GET", "/api/v1/me", "", {{"Authorization", "Bearer " + b_token}}).status,
            200);
}

}  // namespace
}  // namespace cg::test
