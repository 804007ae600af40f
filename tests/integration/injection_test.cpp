// Injection: every route in the router is sent SQL-injection, script and template-injection,
// path-traversal and odd values (10,000 characters, invalid UTF-8, a NUL) in each of its path
// ids, query parameters and form or JSON fields, as someone who may use it on their own
// organisation (injection_fixture.h). The fields of a form are read from the page that shows it
// and those of an API body from the OpenAPI document, so a new field is probed without editing
// the test; a new route it cannot reach makes it fail (injection_routes.cpp says how each route
// is reached). No answer may be a 5xx, show the script payloads as live markup, send markup back
// other than inside JSON or a download, redirect off the site, or show a file's contents or a
// database error (injection_payloads.cpp). Afterwards the database must be whole: row counts
// change only by the writes the server acknowledged, the audit chain verifies and SQLite's
// integrity check passes. A second test stores script in every free-text field and reads every
// page back. On both databases, through the real binary.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "flows.h"
#include "harness.h"
#include "html_forms.h"
#include "injection_fixture.h"
#include "injection_payloads.h"
#include "router_routes.h"

namespace cg::test {
namespace {

using nlohmann::json;

// Stored by the second test in every free-text field it can reach.
const std::string kStoredScript = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>{{7*7}}";
const std::string kEscapedScript = "&lt;script&gt;alert(1)&lt;/script&gt;";

TEST_F(InjectionTest, EveryRouteSurvivesHostileInputAndTheDatabaseStaysWhole) {
  const auto started = std::chrono::steady_clock::now();
  const Counts before = counts();
  const auto routes = all_routes();
  for (const auto& [method, pattern] : routes) {
    const std::string route = method + " " + pattern;
    // The review's plan and report exist once the review is finalised.
    if (route == "POST /orgs/{id}/toolkit/{assessment}/publications/{publication}/review/plan") {
      ASSERT_NO_FATAL_FAILURE(finalise_review());
    }
    const bool api = pattern.rfind("/api/", 0) == 0;
    if (method == "GET")
      probe_get(pattern, route);
    else if (api)
      probe_api_write(method, pattern, route);
    else
      probe_form(pattern, route);
    EXPECT_GT(probes_per_route[route], 0) << route << " was never probed";
  }
  const std::set<std::string> escaped_on = read_every_page();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "injection: " << routes.size() << " routes, " << fields_probed << " fields, "
            << query_params_probed << " query parameters, " << injection_payloads().size()
            << " payloads, " << requests << " requests in " << seconds << " s; " << orgs_added
            << " organisations and " << people_added << " people added by accepted writes\n";

  // Nothing was lost or added behind the server's back, and the records are whole.
  const Counts after = counts();
  EXPECT_EQ(after.organisations, before.organisations + orgs_added);
  EXPECT_EQ(after.people, before.people + people_added);
  for (int64_t id : before.org_ids) EXPECT_TRUE(after.org_ids.count(id)) << "organisation " << id;
  expect_database_whole();
  // Some payloads were accepted as names and so were shown, escaped, on the pages read back.
  EXPECT_FALSE(escaped_on.empty());
}

TEST_F(InjectionTest, StoredScriptIsEscapedOnEveryPage) {
  // Script stored, through the pages and the API, in every free-text field that is shown again.
  const std::string id = ids["id"];
  const std::string base = concrete("/orgs/{id}/toolkit/{assessment}", "");
  Client& lead = client(Who::lead);
  auto stored = [&](Client& c, const std::string& page, const std::string& action,
                    const Fields& changes) {
    auto shown = c.get(page);
    ASSERT_EQ(shown.status, 200) << page;
    Fields fields;
    for (const auto& form : html_forms(shown.body))
      if (form.method == "post" && (form.action.empty() ? page : form.action) == action)
        for (auto& f : default_fields(form)) fields.push_back(f);
    for (const auto& [name, value] : changes) {
      bool set = false;
      for (auto& f : fields)
        if (f.first == name) {
          f.second = value;
          set = true;
        }
      if (!set) fields.push_back({name, value});
    }
    auto r = c.post_form(action, fields);
    EXPECT_TRUE(r.status == 303 || r.status == 200) << action << " answered " << r.status << "\n"
                                                    << r.body.substr(0, 800);
  };
  stored(lead, "/orgs/" + id + "/edit", "/orgs/" + id + "/edit", {{"name", kStoredScript}});
  stored(client(Who::admin), "/orgs/new?parent=" + ids["ics"], "/orgs/new",
         {{"name", kStoredScript}, {"type", "care_home"}});
  stored(lead, "/account", "/account/tokens", {{"token_name", kStoredScript}});
  stored(lead, base + "/items/1.1", base + "/items/1.1",
         {{"answer", "ZA123456"}, {"note", kStoredScript}});
  stored(lead, base + "/items/1.1", base + "/items/1.1/evidence",
         {{"evidence_title", kStoredScript},
          {"evidence_url", "https://example.org/backups"},
          {"evidence_owner", kStoredScript}});
  stored(lead, base + "/items/1.1/comments", base + "/items/1.1/comments",
         {{"body", kStoredScript}});
  stored(lead, base + "/plan", base + "/plan",
         {{"plan-" + gap + "-action", kStoredScript},
          {"plan-" + gap + "-owner", kStoredScript},
          {"plan-" + gap + "-date", date_in_days(60)}});
  // A link to evidence must never run script when followed.
  lead.get(base + "/items/1.1");
  auto script_link =
      lead.post_form(base + "/items/1.1/evidence", {{"evidence_title", "Backups"},
                                                    {"evidence_url", "javascript:alert(1)"},
                                                    {"evidence_owner", "Ann"}});
  EXPECT_EQ(script_link.status, 422) << "a javascript: link was accepted as evidence";
  // A person whose name is script, by accepting an invitation.
  const std::string invitee = unique_email("script");
  ASSERT_EQ(
      lead.request("POST", "/api/v1/orgs/" + id + "/invitations",
                   json{{"email", invitee}, {"name", "Ivy"}, {"role", "staff"}}.dump(), bearer())
          .status,
      201);
  const std::string link = find_url(mail_text(wait_for_mail(invitee)), "/invitations/");
  ASSERT_FALSE(link.empty());
  const std::string accept = link.substr(link.find("/invitations/"));
  Client newcomer = server.client();
  stored(newcomer, accept, accept, {{"name", kStoredScript}, {"password", kPassword}});
  // An organisation whose name is script, from an imported status list.
  Client& admin = client(Who::admin);
  admin.get("/import/statuses");
  const std::string boundary = "----stored" + random_hex(6);
  auto imported = admin.request(
      "POST", "/import/statuses",
      multipart_body(boundary, {{"csrf_token", admin.csrf_token()}}, "status_file", "statuses.csv",
                     "Code,Organisation Name,Status,Date Of Publication,Primary Sector,Integrated "
                     "Care Board\nVS0001," +
                         csv_field(kStoredScript) +
                         ",25/26 Standards Met,01/05/2025,Care Home,NHS Cheshire Integrated Care "
                         "Board\n",
                     "text/csv"),
      {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
  ASSERT_EQ(imported.status, 200) << imported.body.substr(0, 800);
  // The reviewer's notes, in a finalised review and its report.
  ASSERT_NO_FATAL_FAILURE(finalise_review(kStoredScript));

  const std::set<std::string> escaped_on = read_every_page();
  for (const char* page :
       {"/orgs", "/orgs/{id}", "/orgs/{id}/people", "/orgs/{id}/audit", "/account",
        "/orgs/{id}/status", "/orgs/{id}/dashboard", "/orgs/{id}/toolkit/{assessment}/plan",
        "/orgs/{id}/toolkit/{assessment}/items/{item}",
        "/orgs/{id}/toolkit/{assessment}/items/{item}/comments",
        "/orgs/{id}/toolkit/{assessment}/items/{item}/history",
        "/orgs/{id}/toolkit/{assessment}/publications/{publication}/review/report"})
    EXPECT_TRUE(escaped_on.count(page)) << page << " does not show the stored script, escaped";
  auto search = client(Who::anonymous).get("/status?q=script");
  EXPECT_TRUE(contains(search.body, kEscapedScript)) << "the public search";
  EXPECT_FALSE(has_live_markup(search.body));
  // Template syntax in a value is shown as typed, never evaluated.
  auto org = lead.get("/orgs/" + id);
  EXPECT_TRUE(contains(org.body, "{{7*7}}"));
  std::cout << "stored script shown escaped on " << escaped_on.size() << " pages\n";
}

// Found by the injection test: an uploaded status list whose file name was not UTF-8 was a 500
// (the name goes into the audit trail as JSON); on PostgreSQL, a query parameter that was not
// UTF-8 was a 500 on every search, and a NUL in a JSON string was cut off when stored.
TEST(InjectionRegression, TextThatIsNotUtf8OrHoldsNulIsRefusedNotAFault) {
  constexpr const char* kAdminPassword = "kettle orange bicycle";
  TestServer server;
  server.prepare();
  ASSERT_TRUE(add_national_region_and_ics(server));
  const std::string email = unique_email("admin");
  ASSERT_EQ(server
                .cli({"user", "add", "--email", email, "--name", "Nia National", "--org", "X26",
                      "--role", "national_admin", "--password-stdin"},
                     std::string(kAdminPassword) + "\n")
                .exit_code,
            0);
  const std::string token = last_line(
      server.cli({"token", "create", "--email", email, "--org", "X26", "--name", "t"}).out);
  server.start();
  Client admin = server.client();
  sign_in_and_enrol(admin, email, kAdminPassword);
  admin.get("/import/statuses");
  const std::string boundary = "----regression" + random_hex(6);
  auto upload = admin.request(
      "POST", "/import/statuses",
      multipart_body(boundary, {{"csrf_token", admin.csrf_token()}}, "status_file",
                     "status\xff\xfe.csv",
                     "Code,Organisation Name,Status,Date Of Publication,Primary Sector,Integrated "
                     "Care Board\n",
                     "text/csv"),
      {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
  EXPECT_EQ(upload.status, 422) << upload.body.substr(0, 800);
  EXPECT_TRUE(contains(upload.body, "could not be read"));

  for (const char* search : {"/status?q=caf%C3%28", "/orgs?q=%FF", "/status?q=a%00b"})
    EXPECT_EQ(admin.get(search).status, 400) << search;
  const Headers auth = {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
  auto listed = admin.request("GET", "/api/v1/orgs?q=%FF", "", auth);
  EXPECT_EQ(listed.status, 400) << listed.body;
  auto created =
      admin.request("POST", "/api/v1/orgs", R"({"name":"Oak\u0000House","type":"region"})", auth);
  EXPECT_EQ(created.status, 400) << created.body;
}

}  // namespace
}  // namespace cg::test
