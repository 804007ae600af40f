// The self-assessment journey over the JSON API with personal API tokens, on both databases:
// the frameworks, starting an assessment, answering every applicable item, evidence, the plan,
// publishing with the password and the status that results; answers refused with the field
// named; and another organisation's token (or assessment id) answered 404 everywhere.
//
// The data is made with the command line, as an operator would:
//   careguard org add --name N --type T --ods CODE --parent CODE --staff N
//   careguard user add --email E --name N --org CODE --role ROLE --password-stdin
//   careguard token create --email E --org CODE --name N                 (prints the token)
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "flows.h"
#include "harness.h"
#include "toolkit/answers/answer_input.h"
#include "toolkit/content/loader.h"
#include "toolkit/scoring/london_time.h"
#include "toolkit_fill.h"

namespace cg::test {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "kettle orange bicycle lantern";
constexpr int64_t kStaff = 20;

json body_of(const HttpResponse& r) { return json::parse(r.body, nullptr, false); }

// Checks an RFC 9457 problem with the given status and returns its body.
json expect_problem(const HttpResponse& r, int status) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_NE(r.header("content-type").find("application/problem+json"), std::string::npos)
      << r.header("content-type") << " " << r.body;
  json problem = body_of(r);
  EXPECT_TRUE(problem.is_object()) << r.body;
  if (!problem.is_object()) return json::object();
  EXPECT_EQ(problem.value("status", 0), status) << r.body;
  return problem;
}

bool names_field(const json& problem, const std::string& field) {
  if (!problem.contains("errors") || !problem["errors"].is_array()) return false;
  for (const auto& e : problem["errors"])
    if (e.value("field", "") == field && !e.value("message", "").empty()) return true;
  return false;
}

class ToolkitApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    library = std::make_unique<toolkit::Library>(
        toolkit::Library::load(std::string(CAREGUARD_SOURCE_DIR) + "/content/frameworks"));
    server.prepare();
    ASSERT_TRUE(add_national_region_and_ics(server));
    a_id = add_provider("Sunnyside Care", "AB1C2");
    b_id = add_provider("Riverbank Homes", "CD3E4");
    ASSERT_GT(a_id, 0);
    ASSERT_GT(b_id, 0);
    a_lead = unique_email("alead");
    b_lead = unique_email("blead");
    a_staff = unique_email("astaff");
    add_user(a_lead, "Grace Lead", "AB1C2", "org_lead");
    add_user(b_lead, "Ben Lead", "CD3E4", "org_lead");
    add_user(a_staff, "Tom Staff", "AB1C2", "staff");
    for (const auto& lead : {a_lead, b_lead}) enrol_mfa_in_database(server, lead);
    a_token = make_token(a_lead, "AB1C2");
    b_token = make_token(b_lead, "CD3E4");
    staff_token = make_token(a_staff, "AB1C2");
    ASSERT_FALSE(a_token.empty() || b_token.empty() || staff_token.empty());
    server.start();
    client = std::make_unique<Client>(server.base_url());
  }

  int64_t add_provider(const std::string& name, const std::string& ods) {
    auto r = server.cli({"org", "add", "--name", name, "--type", "care_home", "--ods", ods,
                         "--parent", "QYG", "--staff", std::to_string(kStaff), "--people", "30"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    try {
      return std::stoll(last_line(r.out));
    } catch (const std::exception&) {
      ADD_FAILURE() << "`careguard org add` did not print an id: " << r.out;
      return 0;
    }
  }

  void add_user(const std::string& email, const std::string& name, const std::string& org,
                const std::string& role) {
    auto r = server.cli({"user", "add", "--email", email, "--name", name, "--org", org, "--role",
                         role, "--password-stdin"},
                        std::string(kPassword) + "\n");
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  }

  std::string make_token(const std::string& email, const std::string& org) {
    auto r = server.cli({"token", "create", "--email", email, "--org", org, "--name", "Tests"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    const std::string token = last_line(r.out);
    EXPECT_EQ(token.find(' '), std::string::npos) << r.out;
    return token;
  }

  static std::string org_path(int64_t org, const std::string& rest = "") {
    return "/api/v1/orgs/" + std::to_string(org) + rest;
  }

  HttpResponse get(const std::string& path, const std::string& token) {
    return client->get(path, {{"Authorization", "Bearer " + token}});
  }
  HttpResponse send_raw(const std::string& method, const std::string& path,
                        const std::string& token, const std::string& body,
                        const std::string& type = "application/json") {
    return client->request(method, path, body,
                           {{"Authorization", "Bearer " + token},
                            {"Content-Type", type},
                            {"Accept", "application/json"}});
  }
  HttpResponse send(const std::string& method, const std::string& path, const std::string& token,
                    const json& body) {
    return send_raw(method, path, token, body.dump());
  }

  // Starts organisation A's assessment and returns its API path.
  std::string start_a() {
    auto r = send("POST", org_path(a_id, "/assessments"), a_token, json::object());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.header("location");
  }

  const toolkit::Framework& edition_of(const json& assessment) {
    const toolkit::Framework* f =
        library->find(assessment.value("framework", ""), assessment.value("edition", ""));
    EXPECT_NE(f, nullptr) << assessment.dump();
    if (!f) throw std::runtime_error("no such edition");
    return *f;
  }

  std::vector<const toolkit::Item*> applicable(const toolkit::Framework& f) {
    std::vector<const toolkit::Item*> out;
    for (const toolkit::Item* item : f.all_items())
      if (toolkit::item_applies(*item, "care_home", kStaff)) out.push_back(item);
    return out;
  }

  std::unique_ptr<toolkit::Library> library;
  TestServer server;
  std::unique_ptr<Client> client;
  int64_t a_id = 0, b_id = 0;
  std::string a_lead, b_lead, a_staff, a_token, b_token, staff_token;
};

TEST_F(ToolkitApiTest, FrameworksAreListedAndShownInFull) {
  auto list = get("/api/v1/frameworks", a_token);
  ASSERT_EQ(list.status, 200) << list.body;
  json frameworks = body_of(list);
  ASSERT_TRUE(frameworks["data"].is_array()) << list.body;
  EXPECT_EQ(frameworks["data"].size(), library->all().size());
  std::set<std::string> kinds;
  int current = 0;
  for (const auto& f : frameworks["data"]) {
    SCOPED_TRACE(f.dump());
    kinds.insert(f.value("kind", ""));
    current += f.value("current", false);
    const toolkit::Framework* loaded = library->find(f.value("id", ""), f.value("edition", ""));
    ASSERT_NE(loaded, nullptr);
    EXPECT_EQ(f.value("title", ""), loaded->title);
    EXPECT_EQ(f["counts"].value("items", -1), static_cast<int>(loaded->all_items().size()));
    EXPECT_EQ(f["counts"].value("outcomes", -1), static_cast<int>(loaded->all_outcomes().size()));
    EXPECT_EQ(f["counts"].value("mappings", -1), static_cast<int>(loaded->mappings.size()));

    auto full = get(f.value("href", ""), a_token);
    ASSERT_EQ(full.status, 200) << full.body;
    json fw = body_of(full);
    EXPECT_EQ(fw.value("id", ""), loaded->id);
    if (loaded->kind == toolkit::FrameworkKind::toolkit ||
        loaded->kind == toolkit::FrameworkKind::checklist) {
      size_t items = 0;
      for (const auto& g : fw["groups"]) items += g["items"].size();
      EXPECT_EQ(items, loaded->all_items().size());
    } else if (loaded->kind == toolkit::FrameworkKind::caf) {
      EXPECT_FALSE(fw["objectives"].empty());
      EXPECT_FALSE(fw["profiles"].empty());
    } else {
      EXPECT_EQ(fw["mappings"].size(), loaded->mappings.size());
      EXPECT_TRUE(fw["source"].is_object());
    }
  }
  EXPECT_EQ(current, 1) << "exactly one toolkit edition is open for publication";
  EXPECT_TRUE(kinds.count("toolkit") && kinds.count("caf") && kinds.count("crosswalk"))
      << list.body;

  // One item in full, as written in the framework file.
  const toolkit::Framework* f = library->find("care-toolkit", "2026-27");
  ASSERT_NE(f, nullptr);
  json fw = body_of(get("/api/v1/frameworks/care-toolkit/2026-27", a_token));
  const toolkit::Item& first = f->groups.front().items.front();
  const json& item = fw["groups"][0]["items"][0];
  EXPECT_EQ(item.value("id", ""), first.id);
  EXPECT_EQ(item.value("question", ""), first.question);
  EXPECT_EQ(item.value("guidance", ""), first.guidance);
  EXPECT_EQ(item.value("why", ""), first.why);
  EXPECT_EQ(item["evidence_examples"].size(), first.evidence.size());
  EXPECT_EQ(item["answer"].value("type", ""), toolkit::to_string(first.answer.type));
  EXPECT_EQ(item.value("mandatory", ""), toolkit::to_string(first.mandatory));
  EXPECT_EQ(item.value("met_when", ""), first.met_when_text);

  expect_problem(get("/api/v1/frameworks/care-toolkit/1999-00", a_token), 404);
  expect_problem(get("/api/v1/frameworks/nothing/2026-27", a_token), 404);
  expect_problem(client->get("/api/v1/frameworks"), 401);
}

TEST_F(ToolkitApiTest, LeadCompletesAndPublishesStandardsMetOverTheApi) {
  json status = body_of(get(org_path(a_id, "/status"), a_token));
  EXPECT_EQ(status.value("status", ""), "not_published") << status.dump();
  EXPECT_EQ(status.value("text", ""), "Not Published");
  json none = body_of(get(org_path(a_id, "/assessments"), a_token));
  EXPECT_TRUE(none["data"].empty()) << none.dump();

  // Start: 201 with where it is; starting again gives the same one.
  auto started =
      send_raw("POST", org_path(a_id, "/assessments"), a_token, R"({"copy_forward":true})");
  ASSERT_EQ(started.status, 201) << started.body;
  const std::string base = started.header("location");
  ASSERT_TRUE(std::regex_match(base, std::regex(org_path(a_id, "/assessments/[0-9]+")))) << base;
  const int64_t assessment_id = body_of(started).value("id", int64_t{0});
  EXPECT_EQ(base, org_path(a_id, "/assessments/" + std::to_string(assessment_id)));
  auto again = client->request("POST", org_path(a_id, "/assessments"), "",
                               {{"Authorization", "Bearer " + a_token}});
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.header("location"), base);
  json listed = body_of(get(org_path(a_id, "/assessments"), a_token));
  ASSERT_EQ(listed["data"].size(), 1u) << listed.dump();
  EXPECT_EQ(listed["data"][0].value("id", int64_t{0}), assessment_id);
  EXPECT_TRUE(listed["data"][0].value("current", false));

  auto first = get(base, a_token);
  ASSERT_EQ(first.status, 200) << first.body;
  json a = body_of(first);
  const toolkit::Framework& f = edition_of(a);
  const auto items = applicable(f);
  EXPECT_EQ(a["items"].size(), f.all_items().size());
  EXPECT_EQ(a["progress"].value("applicable", -1), static_cast<int>(items.size()));
  EXPECT_EQ(a["progress"].value("answered", -1), 0);
  EXPECT_FALSE(a["gaps"]["approaching"].empty());
  EXPECT_FALSE(a["gaps"]["met"].empty());
  EXPECT_EQ(a["would_publish"].value("status", ""), "not_met");
  EXPECT_FALSE(a["would_publish"].value("can_publish", true));

  // Answer every applicable item, with evidence where the rule asks for it.
  const std::string today = toolkit::london_date(clock::now());
  int64_t some_evidence = 0;
  for (const toolkit::Item* item : items) {
    SCOPED_TRACE(item->id);
    bool needs_evidence = false;
    json answer = meeting_answer(*item, today, &needs_evidence);
    if (needs_evidence) {
      auto e = send("POST", base + "/evidence", a_token,
                    json{{"item", item->id},
                         {"title", "Record for " + item->id},
                         {"url", "https://files.example.org/" + item->id},
                         {"owner", "Grace"},
                         {"review_date", "2027-09-30"}});
      ASSERT_EQ(e.status, 201) << e.body;
      json added = body_of(e);
      EXPECT_EQ(added.value("item", ""), item->id);
      EXPECT_EQ(added["evidence"].value("url", ""), "https://files.example.org/" + item->id);
      EXPECT_EQ(added["evidence"].value("review_date", ""), "2027-09-30");
      if (!some_evidence) some_evidence = added["evidence"].value("id", int64_t{0});
    }
    if (item->answer.type == toolkit::AnswerType::evidence) continue;
    auto r = send("PUT", base + "/answers/" + item->id, a_token, answer);
    ASSERT_EQ(r.status, 200) << answer.dump() << " " << r.body;
    json saved = body_of(r);
    EXPECT_EQ(saved.value("id", ""), item->id);
    EXPECT_TRUE(saved.value("answered", false));
    EXPECT_TRUE(saved.value("met", false)) << r.body;
    EXPECT_FALSE(saved["answer"].value("text", "").empty()) << r.body;
  }
  ASSERT_GT(some_evidence, 0);

  // Evidence recorded once can be linked to another item.
  const toolkit::Item* other = items.back();
  auto linked = send("POST", base + "/evidence", a_token,
                     json{{"item", other->id}, {"evidence_id", some_evidence}});
  ASSERT_EQ(linked.status, 201) << linked.body;
  EXPECT_EQ(body_of(linked)["evidence"].value("id", int64_t{0}), some_evidence);

  json done = body_of(get(base, a_token));
  EXPECT_TRUE(done["gaps"]["approaching"].empty()) << done["gaps"].dump();
  EXPECT_TRUE(done["gaps"]["met"].empty()) << done["gaps"].dump();
  EXPECT_EQ(done["progress"].value("answered", -1), static_cast<int>(items.size()));
  EXPECT_EQ(done["would_publish"].value("status", ""), "met") << done["would_publish"].dump();
  EXPECT_TRUE(done["would_publish"].value("can_publish", false));
  for (const auto& i : done["items"])
    if (i.value("applies", false)) {
      EXPECT_TRUE(i.value("met", false)) << i.dump();
    }

  // The plan is kept even when nothing needs it.
  json plan = body_of(get(base + "/plan", a_token));
  EXPECT_TRUE(plan["entries"].empty()) << plan.dump();
  EXPECT_TRUE(plan["items_to_cover"].empty()) << plan.dump();
  const std::string target = toolkit::london_date(clock::now() + 60 * 86400);
  json entry = {
      {"item", other->id}, {"action", "Review it"}, {"owner", "Grace"}, {"target_date", target}};
  auto saved_plan = send("PUT", base + "/plan", a_token, json{{"entries", json::array({entry})}});
  ASSERT_EQ(saved_plan.status, 200) << saved_plan.body;
  json p = body_of(saved_plan);
  ASSERT_EQ(p["entries"].size(), 1u) << p.dump();
  EXPECT_EQ(p["entries"][0].value("target_date", ""), target);
  entry["target_date"] = "2027-02-30";
  json bad_plan = expect_problem(
      send("PUT", base + "/plan", a_token, json{{"entries", json::array({entry})}}), 422);
  EXPECT_TRUE(names_field(bad_plan, "entries[0].target_date")) << bad_plan.dump();
  json unknown_item =
      expect_problem(send("PUT", base + "/plan", a_token,
                          json{{"entries", json::array({json{{"item", "99.99"}}})}}),
                     422);
  EXPECT_TRUE(names_field(unknown_item, "entries[0].item")) << unknown_item.dump();

  // Every change to an answer is kept, newest first.
  const toolkit::Item* changed = nullptr;
  for (const toolkit::Item* item : items) {
    bool needs_evidence = false;
    if (item->answer.type == toolkit::AnswerType::yes_no &&
        meeting_answer(*item, today, &needs_evidence).value("value", "") == "yes") {
      changed = item;
      break;
    }
  }
  ASSERT_NE(changed, nullptr);
  ASSERT_EQ(send("PUT", base + "/answers/" + changed->id, a_token,
                 json{{"value", "no"}, {"note", "Checking"}})
                .status,
            200);
  auto back = send("PUT", base + "/answers/" + changed->id, a_token, json{{"value", "yes"}});
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_TRUE(body_of(back).value("met", false));
  json history = body_of(get(base + "/answers/" + changed->id + "/history", a_token));
  ASSERT_EQ(history["data"].size(), 3u) << history.dump();
  EXPECT_EQ(history["data"][0]["after"].value("value", ""), "yes");
  EXPECT_EQ(history["data"][0]["before"].value("value", ""), "no");
  EXPECT_EQ(history["data"][1].value("note_after", ""), "Checking");
  EXPECT_TRUE(history["data"][2]["before"].is_null()) << history.dump();
  EXPECT_EQ(history["data"][0]["changed_by"].value("name", ""), "Grace Lead");

  // Publishing needs the person's password.
  json no_password = expect_problem(send("POST", base + "/publish", a_token, json::object()), 422);
  EXPECT_TRUE(names_field(no_password, "password")) << no_password.dump();
  json wrong = expect_problem(
      send("POST", base + "/publish", a_token, json{{"password", "not my password at all"}}), 422);
  EXPECT_TRUE(names_field(wrong, "password")) << wrong.dump();
  auto published = send("POST", base + "/publish", a_token, json{{"password", kPassword}});
  ASSERT_EQ(published.status, 201) << published.body;
  json result = body_of(published);
  EXPECT_EQ(result.value("status", ""), "met");
  EXPECT_EQ(result.value("label", ""), "Standards Met");
  EXPECT_GT(result.value("publication_id", int64_t{0}), 0);

  const std::string e = f.edition;  // "2026-27" -> "26/27 Standards Met"
  const std::string text = e.substr(2, 2) + "/" + e.substr(5, 2) + " Standards Met";
  EXPECT_EQ(result["current"].value("text", ""), text);
  auto now_status = get(org_path(a_id, "/status"), a_token);
  ASSERT_EQ(now_status.status, 200) << now_status.body;
  status = body_of(now_status);
  EXPECT_EQ(status.value("status", ""), "met");
  EXPECT_EQ(status.value("label", ""), "Standards Met");
  EXPECT_EQ(status.value("text", ""), text);
  EXPECT_EQ(status.value("edition", ""), f.edition);
  EXPECT_EQ(status.value("publication_id", int64_t{0}), result.value("publication_id", int64_t{1}));
  EXPECT_TRUE(status["published_at"].is_string());
  EXPECT_GT(status.value("valid_until", ""), f.publication_deadline);
  // The public page agrees.
  EXPECT_NE(client->get("/orgs/" + std::to_string(a_id) + "/status").body.find(text),
            std::string::npos);

  auto verify = server.cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

TEST_F(ToolkitApiTest, BadAnswersAreRefusedNamingTheField) {
  const std::string base = start_a();
  ASSERT_FALSE(base.empty());
  const toolkit::Framework& f = edition_of(body_of(get(base, a_token)));
  const std::string future = toolkit::london_date(clock::now() + 10 * 86400);
  int tried = 0;
  for (const toolkit::Item* item : applicable(f)) {
    SCOPED_TRACE(item->id);
    json bad;
    std::string field = "value";
    using toolkit::AnswerType;
    switch (item->answer.type) {
      case AnswerType::yes_no:
        bad = {{"value", "perhaps"}};
        break;
      case AnswerType::yes_no_detail:
        bad = {{"value", item->answer.detail_when.empty() ? "maybe" : item->answer.detail_when}};
        if (!item->answer.detail_when.empty()) field = "detail";
        break;
      case AnswerType::number:
        bad = {{"value", "lots"}};
        break;
      case AnswerType::date:
        bad = {{"value", item->answer.past_only ? future : "2026-02-30"}};
        break;
      case AnswerType::single_choice:
        bad = {{"value", "not-a-choice"}};
        break;
      case AnswerType::multi_choice:
        bad = {{"values", json::array({"not-a-choice"})}};
        field = "values";
        break;
      case AnswerType::confirm:
        bad = {{"value", "no"}};
        break;
      case AnswerType::text:
        bad = {{"value", ""}};
        break;
      case AnswerType::evidence:
        bad = {{"value", "done"}};
        break;
    }
    json problem = expect_problem(send("PUT", base + "/answers/" + item->id, a_token, bad), 422);
    EXPECT_TRUE(names_field(problem, field)) << bad.dump() << " " << problem.dump();
    ++tried;
  }
  EXPECT_GT(tried, 20);

  // The shape of the body is checked too.
  const toolkit::Item* yes_no = nullptr;
  for (const toolkit::Item* item : applicable(f))
    if (item->answer.type == toolkit::AnswerType::yes_no) yes_no = item;
  ASSERT_NE(yes_no, nullptr);
  const std::string answer = base + "/answers/" + yes_no->id;
  EXPECT_TRUE(names_field(
      expect_problem(send("PUT", answer, a_token, json{{"value", json::object({{"a", 1}})}}), 422),
      "value"));
  EXPECT_TRUE(names_field(
      expect_problem(send("PUT", answer, a_token, json{{"answer", "yes"}}), 422), "answer"));
  EXPECT_TRUE(names_field(
      expect_problem(send("PUT", answer, a_token, json{{"values", json::array({"yes"})}}), 422),
      "values"));
  EXPECT_TRUE(names_field(
      expect_problem(send("PUT", answer, a_token, json{{"value", "yes"}, {"detail", "x"}}), 422),
      "detail"));
  EXPECT_TRUE(names_field(
      expect_problem(
          send("PUT", answer, a_token, json{{"value", "yes"}, {"note", std::string(2001, 'n')}}),
          422),
      "note"));
  expect_problem(send_raw("PUT", answer, a_token, "{\"value\": "), 400);
  expect_problem(send_raw("PUT", answer, a_token, "value=yes", "application/x-www-form-urlencoded"),
                 415);
  expect_problem(send("PUT", base + "/answers/99.99", a_token, json{{"value", "yes"}}), 404);

  // Evidence needs what it is and where it is kept.
  const std::string evidence = base + "/evidence";
  json empty = expect_problem(send("POST", evidence, a_token, json{{"item", yes_no->id}}), 422);
  EXPECT_TRUE(names_field(empty, "title") && names_field(empty, "url")) << empty.dump();
  EXPECT_TRUE(names_field(
      expect_problem(
          send("POST", evidence, a_token,
               json{{"item", yes_no->id}, {"title", "Policy"}, {"url", "ftp://files/policy"}}),
          422),
      "url"));
  EXPECT_TRUE(names_field(
      expect_problem(send("POST", evidence, a_token,
                          json{{"title", "Policy"}, {"url", "https://files.example.org/p"}}),
                     422),
      "item"));
  EXPECT_TRUE(names_field(expect_problem(send("POST", evidence, a_token,
                                              json{{"item", yes_no->id}, {"evidence_id", 999999}}),
                                         422),
                          "evidence_id"));
  EXPECT_TRUE(names_field(
      expect_problem(send("POST", evidence, a_token,
                          json{{"item", yes_no->id}, {"evidence_id", 1}, {"title", "Policy"}}),
                     422),
      "title"));

  // Nothing was saved.
  json a = body_of(get(base, a_token));
  EXPECT_EQ(a["progress"].value("answered", -1), 0) << a["progress"].dump();
  for (const auto& i : a["items"]) EXPECT_FALSE(i.value("answered", true)) << i.dump();
  EXPECT_TRUE(a["evidence"].empty()) << a["evidence"].dump();

  // Staff may not read or change the organisation's private records.
  expect_problem(get(base, staff_token), 403);
  expect_problem(send("PUT", answer, staff_token, json{{"value", "yes"}}), 403);
  expect_problem(send("POST", org_path(a_id, "/assessments"), staff_token, json::object()), 403);
  EXPECT_EQ(get(org_path(a_id, "/status"), staff_token).status, 200);
}

TEST_F(ToolkitApiTest, AnotherOrganisationsTokenGets404Everywhere) {
  const std::string base = start_a();
  ASSERT_FALSE(base.empty());
  ASSERT_EQ(send("PUT", base + "/answers/1.1", a_token, json{{"value", "ZA123456"}}).status, 200);
  auto e = send("POST", base + "/evidence", a_token,
                json{{"item", "1.1"}, {"title", "ICO"}, {"url", "https://ico.example.org/1"}});
  ASSERT_EQ(e.status, 201) << e.body;
  const int64_t evidence_id = body_of(e)["evidence"].value("id", int64_t{0});
  const std::string before = get(base, a_token).body;
  const std::string assessment_id = base.substr(base.rfind('/') + 1);

  // B's own assessment, to aim A's assessment id through B's organisation too.
  ASSERT_EQ(send("POST", org_path(b_id, "/assessments"), b_token, json::object()).status, 201);
  const std::string via_b = org_path(b_id, "/assessments/" + assessment_id);

  struct Attempt {
    std::string method;
    std::string path;
    json body;
  };
  const json answer = {{"value", "ZA999999"}};
  const json evidence = {{"item", "1.1"}, {"evidence_id", evidence_id}};
  const json plan = {{"entries", json::array({json{{"item", "1.1"}, {"owner", "Ben"}}})}};
  const json password = {{"password", kPassword}};
  std::vector<Attempt> attempts = {
      {"GET", org_path(a_id, "/assessments"), nullptr},
      {"POST", org_path(a_id, "/assessments"), json::object()},
      {"GET", org_path(a_id, "/status"), nullptr},
  };
  for (const std::string& at : {base, via_b}) {
    attempts.push_back({"GET", at, nullptr});
    attempts.push_back({"PUT", at + "/answers/1.1", answer});
    attempts.push_back({"GET", at + "/answers/1.1/history", nullptr});
    attempts.push_back({"POST", at + "/evidence", evidence});
    attempts.push_back({"GET", at + "/plan", nullptr});
    attempts.push_back({"PUT", at + "/plan", plan});
    attempts.push_back({"POST", at + "/publish", password});
  }
  for (const auto& at : attempts) {
    SCOPED_TRACE(at.method + " " + at.path);
    auto r =
        at.method == "GET" ? get(at.path, b_token) : send(at.method, at.path, b_token, at.body);
    expect_problem(r, 404);
    EXPECT_EQ(r.body.find("Sunnyside"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("ZA123456"), std::string::npos) << r.body;
  }
  // A's assessment is as it was, and nothing was published.
  EXPECT_EQ(get(base, a_token).body, before);
  EXPECT_EQ(body_of(get(org_path(a_id, "/status"), a_token)).value("status", ""), "not_published");
  json a_list = body_of(get(org_path(a_id, "/assessments"), a_token));
  EXPECT_EQ(a_list["data"].size(), 1u) << a_list.dump();
}

}  // namespace
}  // namespace cg::test
