#include "injection_fixture.h"

#include <algorithm>
#include <fstream>
#include <regex>

#include "core/clock.h"
#include "flows.h"
#include "identity/store/people_store.h"
#include "openapi_fields.h"
#include "raw_http.h"
#include "router_routes.h"
#include "store/database.h"
#include "toolkit/content/loader.h"
#include "toolkit/scoring/london_time.h"
#include "toolkit/service.h"

namespace cg::test {

std::string date_in_days(int days) { return toolkit::london_date(clock::now() + days * 86400); }

namespace {

using nlohmann::json;

// Stands for the payload inside a JSON body until the body is written out.
constexpr const char* kMarker = "\x01payload\x01";

// Every `{name}` in a route pattern, in order.
std::vector<std::string> pattern_params(const std::string& pattern) {
  std::vector<std::string> out;
  static const std::regex param(R"(\{([a-z_]+)\})");
  for (auto it = std::sregex_iterator(pattern.begin(), pattern.end(), param);
       it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1]);
  return out;
}

bool is_import(const std::string& path) { return path == "/import/statuses"; }

// A file the upload route accepts: a status list for the importer, text for evidence.
std::string valid_file(const std::string& path) {
  return is_import(path) ? status_list(std::nullopt) : "Our backups were tested on Monday.\n";
}

// `body` written out with `payload` as the JSON string in place of the marker.
std::string with_payload(const json& body, const std::string& payload) {
  std::string text = body.dump();
  const std::string marker = json(kMarker).dump();
  const std::string literal = json_string_literal(payload);
  for (size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at)) {
    text.replace(at, marker.size(), literal);
    at += literal.size();
  }
  return text;
}

}  // namespace

std::string status_list(const std::optional<std::string>& payload) {
  static int next_code = 1000;
  std::string csv =
      "Code,Organisation Name,Status,Date Of Publication,Primary Sector,Integrated Care Board\n";
  const int rows = payload ? 6 : 1;
  for (int column = 0; column < rows; ++column) {
    std::vector<std::string> cells = {"VZ" + std::to_string(next_code++),
                                      "Probe Imported Home",
                                      "25/26 Standards Met",
                                      "01/05/2025",
                                      "Care Home",
                                      "NHS Cheshire Integrated Care Board"};
    if (payload) cells[column] = *payload;
    for (size_t i = 0; i < cells.size(); ++i) csv += (i ? "," : "") + csv_field(cells[i]);
    csv += "\n";
  }
  return csv;
}

// ---- the world ------------------------------------------------------------------------------

void InjectionTest::SetUp() {
  server.prepare();
  ASSERT_TRUE(add_national_region_and_ics(server));
  auto org = [&](const std::vector<std::string>& args) {
    auto r = server.cli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return last_line(r.out);
  };
  ids["support"] = org({"org", "add", "--name", "Support NW", "--type", "support_org", "--ods",
                        "DSP01", "--parent", "Y62"});
  ids["id"] = org({"org", "add", "--name", "Alpha Care", "--type", "care_home", "--ods", "AA1A1",
                   "--parent", "QYG", "--staff", "20", "--people", "30"});
  ids["provider"] = ids["id"];
  org({"org", "add", "--name", "Alpha Site", "--type", "care_home", "--ods", "VA1234", "--parent",
       "AA1A1"});
  auto user = [&](const std::string& prefix, const std::string& name, const std::string& code,
                  const std::string& role) {
    const std::string email = unique_email(prefix);
    auto r = server.cli({"user", "add", "--email", email, "--name", name, "--org", code, "--role",
                         role, "--password-stdin"},
                        std::string(kPassword) + "\n");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return email;
  };
  emails[Who::lead] = user("lead", "Grace Lead", "AA1A1", "org_lead");
  emails[Who::admin] = user("admin", "Nia National", "X26", "national_admin");
  emails[Who::support_lead] = user("slead", "Stan Support", "DSP01", "org_lead");
  emails[Who::adviser] = user("adviser", "Sunita Adviser", "DSP01", "support_adviser");
  emails[Who::auditor] = user("auditor", "Ada Auditor", "QYG", "auditor");
  emails[Who::enrolling] = user("enrol", "Eve Enrolling", "VA1234", "org_lead");
  emails[Who::second_step] = user("second", "Sam Second", "VA1234", "org_lead");
  staff_email = user("staff", "Sid Staff", "AA1A1", "staff");
  lead_token = last_line(server
                             .cli({"token", "create", "--email", emails[Who::lead], "--org",
                                   "AA1A1", "--name", "probe"})
                             .out);
  ASSERT_EQ(lead_token.rfind("cg_", 0), 0u) << lead_token;
  ASSERT_FALSE(HasFailure());
  ASSERT_NO_FATAL_FAILURE(add_last_years_assessment());
  const std::string config = server.dir() + "/unlimited.conf";
  std::ofstream(config) << "api_requests_per_minute = 1000000\napi_burst = 1000000\n";
  server.start({"--config", config});
  // The lead's token works once the lead has set up two-step verification.
  ASSERT_NO_FATAL_FAILURE(sign_everyone_in());
  auto org_json = client(Who::lead).request("GET", "/api/v1/orgs/" + ids["id"], "", bearer());
  ASSERT_EQ(org_json.status, 200) << org_json.body;
  ids["ics"] = std::to_string(json::parse(org_json.body).at("parent_id").get<int64_t>());
  ASSERT_NO_FATAL_FAILURE(make_records());
}

// Last year's assessment, so this year's has something to compare with. The server only starts
// the current edition, so it is started through the toolkit service at a date when last year's
// edition was open, as the compare test does.
void InjectionTest::add_last_years_assessment() {
  constexpr int64_t kSpring2026 = 1775000000;  // 2026-03-31: the 2025-26 edition is open
  auto db = store::open(server.database_url(), 1);
  auto library = toolkit::Library::load(std::string(CAREGUARD_SOURCE_DIR) + "/content/frameworks");
  auto person = db->read([&](store::Connection& c) {
    return identity::store::find_person_by_email(c, emails[Who::lead]);
  });
  ASSERT_TRUE(person);
  auto lead =
      db->read([&](store::Connection& c) { return identity::store::load_actor(c, person->id); });
  const int64_t org_id = std::stoll(ids["id"]);
  const int64_t last_year =
      toolkit::start_assessment(*db, library, lead, org_id, false, kSpring2026);
  toolkit::save_answer(*db, library, lead, org_id, last_year, "1.7", {"yes"}, "", kSpring2026);
}

Headers InjectionTest::bearer(const std::string& token) const {
  return {{"Authorization", "Bearer " + (token.empty() ? lead_token : token)},
          {"Content-Type", "application/json"}};
}

Client& InjectionTest::client(Who who) {
  auto it = clients_.find(who);
  if (it == clients_.end())
    it = clients_.emplace(who, std::make_unique<Client>(server.client())).first;
  return *it->second;
}

void InjectionTest::sign_everyone_in() {
  for (Who who : {Who::lead, Who::admin, Who::support_lead})
    sign_in_and_enrol(client(who), emails[who], kPassword);
  for (Who who : {Who::adviser, Who::auditor})
    ASSERT_EQ(sign_in(client(who), emails[who], kPassword).status, 303);
  // Stopped before the second step: one at enrolment, one (already enrolled) at the code.
  ASSERT_EQ(sign_in(client(Who::enrolling), emails[Who::enrolling], kPassword).header("location"),
            "/account/mfa/setup");
  Client once = server.client();
  sign_in_and_enrol(once, emails[Who::second_step], kPassword);
  ASSERT_EQ(
      sign_in(client(Who::second_step), emails[Who::second_step], kPassword).header("location"),
      "/sign-in/mfa");
  client(Who::anonymous).get("/sign-in");
  ASSERT_FALSE(HasFailure());
}

// The records the routes' ids point at: a portfolio, an invitation, a password reset link, a
// membership, a published assessment under review, an uploaded evidence file and an API token.
void InjectionTest::make_records() {
  Client& support = client(Who::support_lead);
  support.get("/orgs/" + ids["support"]);
  ASSERT_EQ(
      support.post_form("/orgs/" + ids["support"] + "/portfolio", {{"provider_code", "AA1A1"}})
          .status,
      303);
  // The provider's lead says yes, so the portfolio holds Alpha (the request stays, answered).
  ASSERT_EQ(
      accept_support_request(client(Who::lead), std::stoll(ids["id"]), &ids["request"]).status,
      303);
  const std::string invitee = unique_email("invitee");
  auto inv = client(Who::lead).request(
      "POST", "/api/v1/orgs/" + ids["id"] + "/invitations",
      json{{"email", invitee}, {"name", "Ivy Invitee"}, {"role", "staff"}}.dump(), bearer());
  ASSERT_EQ(inv.status, 201) << inv.body;
  ids["invitation"] = ids["invitation_id"] =
      std::to_string(json::parse(inv.body).at("id").get<int64_t>());
  const std::string link = find_url(mail_text(wait_for_mail(invitee)), "/invitations/");
  ASSERT_FALSE(link.empty());
  ids["token"] = link.substr(link.rfind('/') + 1);
  // A password reset link, for the staff member (whose password no probe needs).
  client(Who::anonymous).get("/password-reset");
  ASSERT_EQ(client(Who::anonymous).post_form("/password-reset", {{"email", staff_email}}).status,
            200);
  const std::string reset = find_url(mail_text(wait_for_mail(staff_email)), "/password-reset/");
  ASSERT_FALSE(reset.empty());
  ids["reset_token"] = reset.substr(reset.rfind('/') + 1);
  auto people =
      client(Who::lead).request("GET", "/api/v1/orgs/" + ids["id"] + "/people", "", bearer());
  ASSERT_EQ(people.status, 200) << people.body;
  auto pj = json::parse(people.body);
  for (const auto& p : pj.is_array() ? pj : pj.at("data"))
    if (p.value("email", "") == staff_email)
      ids["membership"] = ids["membership_id"] =
          std::to_string(p.at("membership_id").get<int64_t>());
  ASSERT_FALSE(ids["membership"].empty()) << people.body;

  Client& lead = client(Who::lead);
  auto account = lead.get("/account");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(account.body, m, std::regex(R"(/account/tokens/([0-9]+)/revoke)")));
  ids["token_id"] = m[1];

  // Start, answer, plan and publish (Standards Not Met), then ask the auditor to review.
  auto started = lead.post_form("/orgs/" + ids["id"] + "/toolkit/start", {});
  ASSERT_EQ(started.status, 303) << started.body.substr(0, 500);
  const std::string base = started.header("location");
  ids["assessment"] = base.substr(base.rfind('/') + 1);
  ids["item"] = "1.1";
  lead.get(base + "/items/1.1");
  ASSERT_EQ(lead.post_form(base + "/items/1.1", {{"answer", "ZA123456"}}).status, 303);
  auto plan_page = lead.get(base + "/plan");
  Fields plan;
  static const std::regex owner_field(R"(name="plan-([0-9.]+)-owner")");
  for (auto it = std::sregex_iterator(plan_page.body.begin(), plan_page.body.end(), owner_field);
       it != std::sregex_iterator(); ++it) {
    if (gap.empty()) gap = (*it)[1];
    plan.push_back({"plan-" + (*it)[1].str() + "-owner", "Grace Lead"});
    plan.push_back({"plan-" + (*it)[1].str() + "-date", date_in_days(60)});
  }
  ASSERT_FALSE(plan.empty());
  ASSERT_EQ(lead.post_form(base + "/plan", plan).status, 303);
  lead.get(base + "/check");
  auto published = lead.post_form(base + "/publish", {{"password", kPassword}});
  ASSERT_EQ(published.status, 303) << published.body.substr(0, 800);
  auto listing = lead.get(base + "/publications");
  ASSERT_TRUE(std::regex_search(listing.body, m, std::regex(R"(/publications/([0-9]+)/)")));
  ids["publication"] = m[1];
  const std::string review = base + "/publications/" + ids["publication"] + "/review";
  auto page = lead.get(review);
  std::string reviewer;
  for (const auto& form : html_forms(page.body))
    for (const auto& f : form.fields)
      if (f.name == "reviewer" && reviewer.empty()) reviewer = f.value;
  ASSERT_FALSE(reviewer.empty()) << page.body.substr(0, 1000);
  ASSERT_EQ(lead.post_form(review + "/request", {{"reviewer", reviewer}}).status, 303);

  // An uploaded file, so the evidence download route has something to serve.
  const std::string boundary = "----probe" + random_hex(6);
  lead.get(base + "/items/1.1");
  auto uploaded =
      lead.request("POST", base + "/items/1.1/evidence/upload",
                   multipart_body(boundary, {{"csrf_token", lead.csrf_token()}}, "evidence_file",
                                  "backup-log.txt", "Backups tested on Monday.\n", "text/plain"),
                   {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
  ASSERT_EQ(uploaded.status, 303) << uploaded.body.substr(0, 800);
  auto item = lead.get(base + "/items/1.1");
  ASSERT_TRUE(std::regex_search(item.body, m, std::regex(R"(/evidence/([0-9]+)/file)")));
  ids["evidence"] = m[1];

  auto assessment = lead.request(
      "GET", "/api/v1/orgs/" + ids["id"] + "/assessments/" + ids["assessment"], "", bearer());
  ASSERT_EQ(assessment.status, 200) << assessment.body;
  auto aj = json::parse(assessment.body);
  ids["framework"] = aj.at("framework").get<std::string>();
  ids["edition"] = aj.at("edition").get<std::string>();
  ids["checklist"] = "cyber-essentials";
  lead.get("/");
}

void InjectionTest::finalise_review(const std::string& text) {
  Client& auditor = client(Who::auditor);
  const std::string review =
      concrete("/orgs/{id}/toolkit/{assessment}/publications/{publication}/review", "");
  auto page = auditor.get(review);
  ASSERT_EQ(page.status, 200);
  Fields judgements;
  bool first = true;
  for (const auto& form : html_forms(page.body))
    for (const auto& name : field_names(form))
      if (name.rfind("judgement-", 0) == 0) {
        const std::string item = name.substr(10);
        judgements.push_back({name, first ? "disagree" : "agree"});
        judgements.push_back({"note-" + item, first ? text : ""});
        first = false;
      }
  ASSERT_FALSE(judgements.empty()) << page.body.substr(0, 1000);
  judgements.push_back({"good_practice", text});
  judgements.push_back({"improvements", "Test restoring backups."});
  judgements.push_back({"assurance", "limited"});
  auto saved = auditor.post_form(review, judgements);
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 1500);
  auditor.get(review);
  auto done = auditor.post_form(review + "/finalise", {});
  ASSERT_EQ(done.status, 303) << done.body.substr(0, 1500);
}

std::string InjectionTest::concrete(const std::string& pattern, const std::string& route,
                                    const std::string& param, const std::string& payload) {
  std::string path = pattern;
  for (const auto& name : pattern_params(pattern)) {
    std::string value;
    if (name == param) {
      value = percent_encode_all(payload);
    } else {
      auto it = ids.find(record_for(route, name));
      EXPECT_TRUE(it != ids.end()) << "no record for {" << name << "} in " << route;
      if (it == ids.end()) return path;
      value = it->second;
    }
    path.replace(path.find("{" + name + "}"), name.size() + 2, value);
  }
  return path;
}

// ---- sending and judging --------------------------------------------------------------------

HttpResponse InjectionTest::send_request(Who who, const std::string& method,
                                         const std::string& target, const std::string& body,
                                         const Headers& headers, bool raw) {
  Client& c = client(who);
  if (!raw && target.size() < 8000) return c.request(method, target, body, headers);
  Headers all = headers;
  std::string cookies;
  for (const char* name : {"cg_session", "cg_csrf"})
    if (!c.cookie(name).empty())
      cookies += (cookies.empty() ? "" : "; ") + std::string(name) + "=" + c.cookie(name);
  if (!cookies.empty()) all.emplace_back("Cookie", cookies);
  return raw_request(server.port(), method, target, body, all);
}

void InjectionTest::judge(const std::string& route, const std::string& where, const Payload& p,
                          const HttpResponse& r, bool api) {
  ++requests;
  ++probes_per_route[route];
  auto problems = response_problems(r, api);
  const std::string location = r.header("location");
  if (r.status >= 300 && r.status < 400 &&
      (location.empty() || location[0] != '/' || location.rfind("//", 0) == 0 ||
       location.rfind("/\\", 0) == 0))
    problems.push_back("redirects off the site to '" + location.substr(0, 80) + "'");
  for (const auto& problem : problems)
    if (++failures_per_route_[route] <= 5)
      ADD_FAILURE() << route << ", " << where << " = " << p.label << ": " << problem << "\n"
                    << r.body.substr(0, 300);
}

// Each payload in place of each path id; the traversal ones also unencoded, as a script (not a
// browser) would send them.
void InjectionTest::probe_path(const std::string& method, const std::string& pattern,
                               const std::string& route,
                               const std::function<HttpResponse(const std::string& path)>& send,
                               bool api) {
  for (const auto& param : pattern_params(pattern))
    for (const auto& p : injection_payloads()) {
      judge(route, "{" + param + "}", p, send(concrete(pattern, route, param, p.value)), api);
      if (p.kind != "traversal" || method != "GET") continue;
      std::string raw = concrete(pattern, route, param, "PROBEPARAM");
      raw.replace(raw.find("PROBEPARAM"), 10, p.value);
      judge(route, "{" + param + "} unencoded", p,
            send_request(who_uses(route), "GET", raw, "", api ? bearer() : Headers{}, true), api);
    }
}

void InjectionTest::count_writes(const std::string& route, const HttpResponse& r) {
  if (route == "POST /orgs/new" && r.status == 303 &&
      std::regex_match(r.header("location"), std::regex(R"(/orgs/[0-9]+)")))
    ++orgs_added;
  if (route == "POST /api/v1/orgs" && r.status == 201) ++orgs_added;
  if (route == "POST /import/statuses" && r.status == 200) {
    std::smatch m;
    if (std::regex_search(r.body, m, std::regex(R"(id="rows-created">([0-9]+)<)")))
      orgs_added += std::stoll(m[1]);
    else
      ADD_FAILURE() << "an import answered 200 without saying how many organisations it added";
  }
  if (route == "POST /invitations/{token}" && r.status == 303) ++people_added;
}

// ---- GET ------------------------------------------------------------------------------------

void InjectionTest::probe_get(const std::string& pattern, const std::string& route) {
  const bool api = pattern.rfind("/api/", 0) == 0;
  const Headers headers = api ? bearer() : Headers{};
  auto send = [&](const std::string& path) {
    return send_request(who_uses(route), "GET", path, "", headers);
  };
  const std::string path = concrete(pattern, route);
  auto page = send(path);
  EXPECT_LT(page.status, 400) << route << " as " << path << " answered " << page.status << "\n"
                              << page.body.substr(0, 400);
  probe_path("GET", pattern, route, send, api);

  std::vector<std::string> names;
  std::set<std::string> seen;
  auto add = [&](const std::string& name) {
    if (seen.insert(name).second) names.push_back(name);
  };
  for (const auto& n : unlisted_query_params(route)) add(n);
  if (api) {
    for (const auto& n : openapi_query_params(openapi(), pattern, "get")) add(n);
  } else if (contains(page.header("content-type"), "text/html")) {
    for (const auto& form : html_forms(page.body)) {
      const std::string action = form.action.substr(0, form.action.find('#'));
      if (form.method == "get" && (action.empty() || action == path))
        for (const auto& n : field_names(form)) add(n);
    }
    for (const auto& n : link_query_names(page.body, path)) add(n);
  }
  if (names.empty()) add("q");
  for (const auto& name : names)
    for (const auto& p : injection_payloads())
      judge(route, "?" + name, p, send(path + "?" + name + "=" + url_encode(p.value)), api);
  query_params_probed += names.size();
}

// ---- forms ----------------------------------------------------------------------------------

std::vector<HtmlForm> InjectionTest::forms_for(const std::string& pattern, const std::string& route,
                                               const std::string& path) {
  const std::string page_path = concrete(form_page(route, pattern), route);
  auto page = client(who_uses(route)).get(page_path);
  EXPECT_EQ(page.status, 200) << route << ": its form page " << page_path << " answered "
                              << page.status;
  std::vector<HtmlForm> found;
  for (auto& form : html_forms(page.body)) {
    const std::string action = form.action.empty() ? page_path : form.action;
    if (form.method == "post" && action == path) found.push_back(std::move(form));
  }
  if (found.empty()) {
    auto hidden = fields_when_form_hidden(route);
    EXPECT_TRUE(hidden) << route << ": no form on " << page_path << " posts to " << path
                        << "; name its page in injection_routes.cpp";
    HtmlForm form;
    form.method = "post";
    for (const auto& name : hidden.value_or(std::vector<std::string>{}))
      form.fields.push_back({"input", "text", name, ""});
    found.push_back(form);
  }
  return found;
}

HttpResponse InjectionTest::post(Who who, const std::string& path, const HtmlForm& form,
                                 Fields fields, const std::string& file_name,
                                 const std::string& file_bytes) {
  bool has_token = false;
  for (const auto& f : fields) has_token = has_token || f.first == "csrf_token";
  if (!has_token) fields.insert(fields.begin(), {"csrf_token", client(who).csrf_token()});
  if (form.enctype != "multipart/form-data") {
    std::string body;
    for (const auto& [name, value] : fields)
      body += (body.empty() ? "" : "&") + url_encode(name) + "=" + url_encode(value);
    return send_request(who, "POST", path, body,
                        {{"Content-Type", "application/x-www-form-urlencoded"}});
  }
  std::string file_field;
  for (const auto& f : form.fields)
    if (f.type == "file") file_field = f.name;
  const std::string boundary = "----probe" + random_hex(6);
  const std::string name =
      !file_name.empty() ? file_name : (is_import(path) ? "statuses.csv" : "backup-log.txt");
  return send_request(who, "POST", path,
                      multipart_body(boundary, fields, file_field, name,
                                     file_bytes.empty() ? valid_file(path) : file_bytes,
                                     is_import(path) ? "text/csv" : "text/plain"),
                      {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
}

void InjectionTest::probe_form(const std::string& pattern, const std::string& route) {
  const Who who = who_uses(route);
  const std::string path = concrete(pattern, route);
  for (const HtmlForm& form : forms_for(pattern, route, path)) {
    // The form as a person would send it untouched, with the values that make it valid.
    Fields defaults;
    for (auto& f : default_fields(form))
      if (f.first != "csrf_token") defaults.push_back(f);
    auto valid = [&](Fields fields) {
      for (const auto& entry : valid_form_values(route)) {
        const std::string v = entry.second == "{email}" ? unique_email("probe") : entry.second;
        auto it = std::find_if(fields.begin(), fields.end(),
                               [&](const auto& f) { return f.first == entry.first; });
        if (it != fields.end())
          it->second = v;
        else
          fields.push_back({entry.first, v});
      }
      return fields;
    };
    auto send = [&](const std::string& to, const Fields& fields, const std::string& file_name = "",
                    const std::string& file_bytes = "") {
      auto r = post(who, to, form, fields, file_name, file_bytes);
      count_writes(route, r);
      return r;
    };
    probe_path(
        "POST", pattern, route, [&](const std::string& to) { return send(to, valid(defaults)); },
        false);
    for (const auto& p : injection_payloads()) {
      Fields fields = valid(defaults);
      fields.insert(fields.begin(), {"csrf_token", p.value});
      auto r = send(path, fields);
      judge(route, "csrf_token", p, r, false);
      // Refused: 403 for a wrong token, 400 when the form itself cannot be read.
      EXPECT_TRUE(r.status == 403 || r.status == 400)
          << route << " took csrf_token = " << p.label << " (" << r.status << ")";
    }
    std::vector<std::string> names;
    for (const auto& n : field_names(form))
      if (n != "csrf_token") names.push_back(n);
    fields_probed += names.size();
    const size_t groups = std::min(names.size(), kMaxFieldGroups);
    for (size_t g = 0; g < groups; ++g) {
      std::set<std::string> group;
      for (size_t i = g; i < names.size(); i += groups) group.insert(names[i]);
      const std::string where =
          group.size() == 1 ? *group.begin() : std::to_string(group.size()) + " fields";
      for (const auto& p : injection_payloads()) {
        Fields fields;
        for (auto& f : valid(defaults))
          if (!group.count(f.first)) fields.push_back(f);
        std::string file_bytes;
        bool has_file = false;
        for (const auto& f : form.fields) {
          if (!group.count(f.name)) continue;
          if (f.type != "file") {
            fields.push_back({f.name, p.value});
          } else {
            has_file = true;
            file_bytes = is_import(path) ? status_list(p.value) : p.value;
          }
        }
        judge(route, where, p, send(path, fields, "", file_bytes), false);
        // The file's name is a field of its own.
        if (has_file)
          judge(route, where + " (file name)", p, send(path, fields, p.value, valid_file(path)),
                false);
      }
    }
  }
}

// ---- the API --------------------------------------------------------------------------------

const json& InjectionTest::openapi() {
  if (openapi_.is_null()) {
    auto r = client(Who::anonymous).get("/api/v1/openapi.json");
    EXPECT_EQ(r.status, 200);
    openapi_ = json::parse(r.body);
  }
  return openapi_;
}

void InjectionTest::probe_api_write(const std::string& method, const std::string& pattern,
                                    const std::string& route) {
  std::string lower_method = method;
  for (auto& ch : lower_method)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const bool has_body = method != "DELETE";
  const int64_t org_id = std::stoll(ids["id"]);
  auto valid_body = [&] { return valid_api_body(route, org_id, gap); };
  if (has_body && valid_body().is_null()) {
    ADD_FAILURE() << route << " is a new API route: give a valid body for it in "
                  << "injection_routes.cpp";
    return;
  }
  auto send = [&](const std::string& path, const std::string& body, const Headers& headers) {
    auto r = send_request(Who::lead, method, path, body, headers);
    count_writes(route, r);
    return r;
  };
  probe_path(
      method, pattern, route,
      [&](const std::string& path) {
        return send(path, has_body ? valid_body().dump() : "", bearer());
      },
      true);
  const std::string path = concrete(pattern, route);
  for (const auto& p : injection_payloads()) {
    auto r = send(path, has_body ? valid_body().dump() : "", bearer(p.value));
    judge(route, "bearer token", p, r, true);
    EXPECT_EQ(r.status, 401) << route << " took the token " << p.label;
  }
  if (!has_body) return;
  // Every value of the valid body in turn (nested ones too), then each field the OpenAPI
  // document names that the valid body leaves out.
  std::vector<json::json_pointer> places;
  std::function<void(const json::json_pointer&, const json&)> walk =
      [&](const json::json_pointer& at, const json& node) {
        if (node.is_object()) {
          for (const auto& [name, value] : node.items()) walk(at / name, value);
        } else if (node.is_array()) {
          for (size_t i = 0; i < node.size(); ++i) walk(at / i, node[i]);
        } else {
          places.push_back(at);
        }
      };
  walk(json::json_pointer(), valid_body());
  for (const auto& name : openapi_body_fields(openapi(), pattern, lower_method))
    if (!valid_body().contains(name)) places.push_back(json::json_pointer() / name);
  fields_probed += places.size();
  for (const auto& at : places)
    for (const auto& p : injection_payloads()) {
      json body = valid_body();
      body[at] = kMarker;
      judge(route, at.to_string(), p, send(path, with_payload(body, p.value), bearer()), true);
    }
}

// ---- checks of the whole --------------------------------------------------------------------

InjectionTest::Counts InjectionTest::counts() {
  Counts out;
  auto db = store::open(server.database_url(), 1);
  db->read([&](store::Connection& c) {
    for (const auto& row : c.exec("SELECT id FROM organisations").rows)
      out.org_ids.insert(row.integer(0));
    out.organisations = static_cast<int64_t>(out.org_ids.size());
    out.people = c.exec("SELECT COUNT(*) FROM people").one().integer(0);
  });
  return out;
}

void InjectionTest::expect_database_whole() {
  auto verify = server.cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  auto db = store::open(server.database_url(), 1);
  db->read([&](store::Connection& c) {
    if (c.dialect() == store::Dialect::sqlite) {
      EXPECT_EQ(c.exec("PRAGMA integrity_check").one().text(0), "ok");
    }
  });
}

std::set<std::string> InjectionTest::read_every_page() {
  static const std::string escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
  std::set<std::string> escaped_on;
  for (const auto& [method, pattern] : all_routes()) {
    if (method != "GET") continue;
    const std::string route = method + " " + pattern;
    const bool api = pattern.rfind("/api/", 0) == 0;
    auto r = client(who_uses(route)).get(concrete(pattern, route), api ? bearer() : Headers{});
    ++requests;
    for (const auto& problem : response_problems(r, api))
      ADD_FAILURE() << route << " read back: " << problem;
    if (contains(r.header("content-type"), "text/html") && contains(r.body, escaped))
      escaped_on.insert(pattern);
  }
  return escaped_on;
}

}  // namespace cg::test
