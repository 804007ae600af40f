// The self-assessment journey over HTTP as an organisation lead would do it: start, answer
// every question through its form, add evidence, plan, check, publish with the password,
// and see the status change; on both databases.
#include <gtest/gtest.h>

#include <regex>

#include "core/clock.h"
#include "flows.h"
#include "harness.h"
#include "toolkit/answers/answer_input.h"
#include "toolkit/content/loader.h"
#include "toolkit/scoring/london_time.h"

namespace cg::test {
namespace {

constexpr const char* kPassword = "kettle orange bicycle";

using Fields = std::vector<std::pair<std::string, std::string>>;

size_t count_of(const std::string& text, const std::string& pattern) {
  size_t n = 0;
  for (size_t at = text.find(pattern); at != std::string::npos; at = text.find(pattern, at + 1))
    ++n;
  return n;
}

// A form answer that meets the item's rule (from the rule's first alternative).
Fields good_answer(const toolkit::Item& item, const std::string& today, bool* needs_evidence) {
  using toolkit::AnswerType;
  using Kind = toolkit::Condition::Kind;
  Fields f;
  *needs_evidence = false;
  const auto& conditions = item.met_when->groups().front();
  std::string word;
  std::optional<double> number;
  std::string op;
  std::vector<std::string> includes;
  for (const auto& c : conditions) {
    if (c.kind == Kind::has_evidence) *needs_evidence = true;
    if (c.kind == Kind::compare && c.op == "==") word = c.word;
    if (c.kind == Kind::compare && c.number) {
      number = c.number;
      op = c.op;
    }
    if (c.kind == Kind::includes) includes.push_back(c.word);
  }
  switch (item.answer.type) {
    case AnswerType::yes_no:
    case AnswerType::yes_no_detail:
      f.push_back({"answer", word.empty() ? "yes" : word});
      f.push_back({"detail", "Details of what we do"});
      break;
    case AnswerType::number: {
      double n = number.value_or(item.answer.max.value_or(1));
      if (op == ">") n += 1;
      if (op == "<") n -= 1;
      f.push_back({"answer", std::to_string(static_cast<long long>(n))});
      break;
    }
    case AnswerType::date:
      f.push_back({"answer", today});
      break;
    case AnswerType::single_choice:
      f.push_back({"answer", word.empty() ? item.answer.choices.front().id : word});
      break;
    case AnswerType::multi_choice:
      for (const auto& w : includes) f.push_back({"answer", w});
      if (includes.empty()) f.push_back({"answer", item.answer.choices.front().id});
      break;
    case AnswerType::confirm:
      f.push_back({"answer", "confirmed"});
      break;
    case AnswerType::text:
      f.push_back({"answer", item.answer.format == "ico_number"
                                 ? "ZA123456"
                                 : "We keep this in the office file"});
      break;
    case AnswerType::evidence:
      *needs_evidence = true;
      f.push_back({"answer", "reviewed"});
      break;
  }
  return f;
}

class ToolkitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    library = std::make_unique<toolkit::Library>(
        toolkit::Library::load(std::string(CAREGUARD_SOURCE_DIR) + "/content/frameworks"));
    server.prepare();
    ASSERT_TRUE(add_national_region_and_ics(server));
    auto r = server.cli({"org", "add", "--name", "Sunnyside Care", "--type", "care_home", "--ods",
                         "AB1C2", "--parent", "QYG", "--staff", "20", "--people", "30"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    org_id = std::stoll(r.out);
    email = unique_email("lead");
    ASSERT_EQ(server
                  .cli({"user", "add", "--email", email, "--name", "Grace Lead", "--org", "AB1C2",
                        "--role", "org_lead", "--password-stdin"},
                       std::string(kPassword) + "\n")
                  .exit_code,
              0);
    server.start();
  }

  std::string answer_all(Client& c, const std::string& base, const std::string& skip) {
    const toolkit::Framework* f = library->find("care-toolkit", "2026-27");
    const std::string today = toolkit::london_date(clock::now());
    int answered = 0;
    for (const toolkit::Item* item : f->all_items()) {
      if (!toolkit::item_applies(*item, "care_home", 20) || item->id == skip) continue;
      bool needs_evidence = false;
      Fields fields = good_answer(*item, today, &needs_evidence);
      const std::string page = base + "/items/" + item->id;
      EXPECT_EQ(c.get(page).status, 200) << page;
      if (needs_evidence) {
        auto e = c.post_form(page + "/evidence",
                             {{"evidence_title", "Record for " + item->id},
                              {"evidence_url", "https://files.example.org/" + item->id}});
        EXPECT_EQ(e.status, 303) << item->id << " evidence: " << e.body.substr(0, 600);
        c.get(page);
      }
      if (item->answer.type != toolkit::AnswerType::evidence) {
        auto r = c.post_form(page, fields);
        EXPECT_EQ(r.status, 303) << item->id << ": " << r.body.substr(0, 1500);
      }
      ++answered;
    }
    return std::to_string(answered);
  }

  std::unique_ptr<toolkit::Library> library;
  TestServer server;
  int64_t org_id = 0;
  std::string email;
};

TEST_F(ToolkitTest, LeadCompletesPublishesAndSeesTheStatus) {
  Client c = server.client();
  sign_in_and_enrol(c, email, kPassword);
  const std::string toolkit = "/orgs/" + std::to_string(org_id) + "/toolkit";
  auto overview = c.get(toolkit);
  ASSERT_EQ(overview.status, 200);
  EXPECT_NE(overview.body.find("Not Published"), std::string::npos);
  auto started = c.post_form(toolkit + "/start", {});
  ASSERT_EQ(started.status, 303);
  const std::string base = started.header("location");
  ASSERT_TRUE(std::regex_match(base, std::regex(toolkit + "/[0-9]+"))) << base;
  auto tasks = c.get(base);
  EXPECT_EQ(tasks.status, 200);
  EXPECT_NE(tasks.body.find("Standard 10: Accountable suppliers"), std::string::npos);
  EXPECT_NE(tasks.body.find("nhsuk-task-list"), std::string::npos);

  // Wrong answers are refused with the field named, and nothing is saved.
  auto bad_number = c.post_form(base + "/items/3.3", {{"answer", "140"}});
  if (bad_number.status != 404) {
    EXPECT_EQ(bad_number.status, 422);
    EXPECT_NE(bad_number.body.find("href=\"#answer\""), std::string::npos);
  }

  // Everything but one item needed only for Standards Met.
  const toolkit::Framework* f = library->find("care-toolkit", "2026-27");
  std::string held_back;
  for (const toolkit::Item* item : f->all_items())
    if (item->mandatory == toolkit::Mandatory::met &&
        toolkit::item_applies(*item, "care_home", 20) &&
        item->answer.type == toolkit::AnswerType::yes_no) {
      held_back = item->id;
      break;
    }
  ASSERT_FALSE(held_back.empty());
  answer_all(c, base, held_back);

  auto check = c.get(base + "/check");
  ASSERT_EQ(check.status, 200);
  EXPECT_NE(check.body.find("Approaching Standards"), std::string::npos);
  EXPECT_NE(check.body.find(held_back), std::string::npos);

  // Approaching needs an action plan for what is missing.
  auto no_plan = c.post_form(base + "/publish", {{"password", kPassword}});
  EXPECT_EQ(no_plan.status, 422);
  EXPECT_NE(no_plan.body.find("needs an entry"), std::string::npos);
  const std::string target = toolkit::london_date(clock::now() + 60 * 86400);
  c.get(base + "/plan");
  auto plan = c.post_form(base + "/plan", {{"plan-" + held_back + "-action", "Do it"},
                                           {"plan-" + held_back + "-owner", "Grace"},
                                           {"plan-" + held_back + "-date", target}});
  EXPECT_EQ(plan.status, 303) << plan.body.substr(0, 1000);
  c.get(base + "/check");
  auto wrong_password = c.post_form(base + "/publish", {{"password", "not my password at all"}});
  EXPECT_EQ(wrong_password.status, 422);
  EXPECT_NE(wrong_password.body.find("password is not correct"), std::string::npos);
  auto published = c.post_form(base + "/publish", {{"password", kPassword}});
  ASSERT_EQ(published.status, 303) << published.body.substr(0, 1500);
  auto after = c.follow(published);
  EXPECT_NE(after.body.find("Published: Approaching Standards"), std::string::npos);
  Client anyone = server.client();
  auto public_page = anyone.get("/orgs/" + std::to_string(org_id) + "/status");
  EXPECT_EQ(public_page.status, 200);
  EXPECT_NE(public_page.body.find("26/27 Approaching Standards"), std::string::npos);

  // Approaching can be published once: a second time without meeting more, it is Not Met.
  c.get(base + "/check");
  auto again = c.post_form(base + "/publish", {{"password", kPassword}});
  EXPECT_EQ(again.status, 303);
  EXPECT_NE(c.follow(again).body.find("Published: Standards Not Met"), std::string::npos);

  // Meeting the last item makes it Standards Met.
  c.get(base + "/items/" + held_back);
  EXPECT_EQ(c.post_form(base + "/items/" + held_back, {{"answer", "yes"}}).status, 303);
  c.get(base + "/check");
  auto met = c.post_form(base + "/publish", {{"password", kPassword}});
  EXPECT_EQ(met.status, 303);
  EXPECT_NE(c.follow(met).body.find("Published: Standards Met"), std::string::npos);
  EXPECT_NE(
      anyone.get("/orgs/" + std::to_string(org_id) + "/status").body.find("26/27 Standards Met"),
      std::string::npos);

  // A printable summary of the publication.
  auto publications = c.get(base + "/publications");
  std::smatch pm;
  static const std::regex publication_link(R"(/publications/([0-9]+)/)");
  ASSERT_TRUE(std::regex_search(publications.body, pm, publication_link));
  auto summary = c.get(base + "/publications/" + pm[1].str() + "/summary");
  EXPECT_EQ(summary.status, 200);
  EXPECT_NE(summary.body.find("Data security summary"), std::string::npos);
  EXPECT_NE(summary.body.find("AB1C2"), std::string::npos);

  // A current Cyber Essentials Plus certificate makes it Standards Exceeded.
  const std::string certs = "/orgs/" + std::to_string(org_id) + "/certificates";
  c.get(certs);
  auto bad_cert = c.post_form(certs, {{"kind", "cyber_essentials_plus"},
                                      {"number", ""},
                                      {"issued_on", "2030-01-01"},
                                      {"expires_on", "2020-01-01"}});
  EXPECT_EQ(bad_cert.status, 422);
  for (const char* field : {"#number", "#issued_on", "#expires_on"})
    EXPECT_NE(bad_cert.body.find(field), std::string::npos) << field;
  const std::string today = toolkit::london_date(clock::now());
  const std::string next_year = std::to_string(std::stoi(today.substr(0, 4)) + 1) + today.substr(4);
  EXPECT_EQ(c.post_form(certs, {{"kind", "cyber_essentials_plus"},
                                {"number", "CEP-0001"},
                                {"issued_on", today},
                                {"expires_on", next_year}})
                .status,
            303);
  c.get(base + "/check");
  auto exceeded = c.post_form(base + "/publish", {{"password", kPassword}});
  EXPECT_NE(c.follow(exceeded).body.find("Published: Standards Exceeded"), std::string::npos);

  // The same answers in CAF terms, and as CSV for spreadsheets.
  auto caf = c.get(base + "/caf");
  EXPECT_EQ(caf.status, 200);
  EXPECT_NE(caf.body.find("Not covered by the toolkit"),
            std::string::npos);  // e.g. C2.a threat hunting
  EXPECT_NE(caf.body.find("Partially achieved"), std::string::npos);
  EXPECT_EQ(c.get(base + "/caf?profile=no-such-profile").status, 400);
  auto answers_csv = c.get(base + "/answers.csv");
  EXPECT_EQ(answers_csv.status, 200);
  EXPECT_EQ(answers_csv.header("content-type").rfind("text/csv", 0), 0u);
  EXPECT_EQ(answers_csv.body.rfind("Standard,Item,Title,Needed for,Applies,Answer,Met", 0), 0u);
  EXPECT_NE(answers_csv.body.find("ZA123456"), std::string::npos);
  EXPECT_EQ(c.get(base + "/plan.csv").status, 200);
  for (const char* sheet : {"/answers.xlsx", "/plan.xlsx"}) {
    auto x = c.get(base + sheet);
    EXPECT_EQ(x.status, 200) << sheet;
    EXPECT_NE(x.header("content-type").find("spreadsheetml"), std::string::npos) << sheet;
    EXPECT_EQ(x.body.rfind("PK", 0), 0u) << sheet;  // an XLSX file is a zip archive
    EXPECT_NE(x.body.find("xl/worksheets/sheet1.xml"), std::string::npos) << sheet;
  }

  // Every change to an answer is kept.
  c.get(base + "/items/" + held_back);
  c.post_form(base + "/items/" + held_back, {{"answer", "no"}});
  auto history = c.get(base + "/items/" + held_back + "/history");
  EXPECT_EQ(history.status, 200);
  EXPECT_NE(history.body.find("Grace Lead"), std::string::npos);
  EXPECT_GE(count_of(history.body, "nhsuk-table__row"), 3u);  // header and two changes

  auto verify = server.cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

TEST_F(ToolkitTest, EvidenceFilesAreCheckedStoredAndOnlyShownToTheOrganisation) {
  Client c = server.client();
  sign_in_and_enrol(c, email, kPassword);
  const std::string base =
      c.post_form("/orgs/" + std::to_string(org_id) + "/toolkit/start", {}).header("location");
  const std::string page = base + "/items/7.3";
  auto upload = [&](const std::string& name, const std::string& bytes) {
    c.get(page);
    const std::string boundary = "cgboundary7d93";
    std::string body = "--" + boundary +
                       "\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" +
                       c.csrf_token() + "\r\n--" + boundary +
                       "\r\nContent-Disposition: form-data; name=\"evidence_file\"; filename=\"" +
                       name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + bytes +
                       "\r\n--" + boundary + "--\r\n";
    return c.request("POST", page + "/evidence/upload", body,
                     {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
  };
  const std::string pdf =
      std::string("%PDF-1.4\n") + std::string("\0\x01\x02binary", 9) + "\n%%EOF";
  auto ok = upload("Backup restore test.pdf", pdf);
  ASSERT_EQ(ok.status, 303) << ok.body.substr(0, 800);
  auto shown = c.get(page);
  std::smatch m;
  static const std::regex file_link(R"re(href="(/orgs/[0-9]+/evidence/[0-9]+/file)")re");
  ASSERT_TRUE(std::regex_search(shown.body, m, file_link)) << shown.body.substr(0, 500);
  const std::string file_url = m[1];
  auto download = c.get(file_url);
  EXPECT_EQ(download.status, 200);
  EXPECT_EQ(download.body, pdf);  // byte for byte, NULs included
  EXPECT_EQ(download.header("content-type"), "application/pdf");
  EXPECT_NE(download.header("content-disposition").find("attachment"), std::string::npos);

  auto exe = upload("setup.exe", "MZ\x90\x00");
  EXPECT_EQ(exe.status, 422);
  EXPECT_NE(exe.body.find("#evidence_file"), std::string::npos);
  auto disguised = upload("invoice.pdf", "MZ\x90\x00 not a pdf");
  EXPECT_EQ(disguised.status, 422);

  // Another organisation's lead cannot fetch it, even through their own organisation's path.
  ASSERT_EQ(server
                .cli({"org", "add", "--name", "Other Care", "--type", "care_home", "--ods", "AO9Z9",
                      "--parent", "QYG"})
                .exit_code,
            0);
  const std::string other = unique_email("other");
  ASSERT_EQ(server
                .cli({"user", "add", "--email", other, "--name", "Other Lead", "--org", "AO9Z9",
                      "--role", "org_lead", "--password-stdin"},
                     std::string(kPassword) + "\n")
                .exit_code,
            0);
  Client o = server.client();
  sign_in_and_enrol(o, other, kPassword);
  EXPECT_EQ(o.get(file_url).status, 404);
  const std::string evidence_id = file_url.substr(file_url.rfind("/evidence/") + 10);
  auto own_path = o.get("/orgs/" + std::to_string(org_id + 1) + "/evidence/" + evidence_id);
  EXPECT_NE(own_path.status, 200);
  // The other lead's own organisation id with this evidence id: not found.
  auto orgs = o.get("/");
  std::smatch om;
  static const std::regex org_link(R"re(href="/orgs/([0-9]+)")re");
  ASSERT_TRUE(std::regex_search(orgs.body, om, org_link));
  EXPECT_EQ(o.get("/orgs/" + om[1].str() + "/evidence/" +
                  evidence_id.substr(0, evidence_id.find('/')) + "/file")
                .status,
            404);
}

TEST_F(ToolkitTest, AnswersAreCheckedAndStaffCannotChangeThem) {
  Client c = server.client();
  sign_in_and_enrol(c, email, kPassword);
  const std::string toolkit = "/orgs/" + std::to_string(org_id) + "/toolkit";
  const std::string base = c.post_form(toolkit + "/start", {}).header("location");
  const toolkit::Framework* f = library->find("care-toolkit", "2026-27");
  for (const toolkit::Item* item : f->all_items()) {
    if (!toolkit::item_applies(*item, "care_home", 20)) continue;
    c.get(base + "/items/" + item->id);
    std::string bad;
    if (item->answer.type == toolkit::AnswerType::date && item->answer.past_only)
      bad = toolkit::london_date(clock::now() + 10 * 86400);  // the future
    else if (item->answer.type == toolkit::AnswerType::number)
      bad = "1000";
    else if (item->answer.type == toolkit::AnswerType::yes_no)
      bad = "perhaps";
    else
      continue;
    auto r = c.post_form(base + "/items/" + item->id, {{"answer", bad}});
    EXPECT_EQ(r.status, 422) << item->id;
    EXPECT_NE(r.body.find("nhsuk-error-summary"), std::string::npos) << item->id;
  }
  // Nothing was saved: every applicable item is still unanswered.
  auto check = c.get(base + "/check");
  size_t applicable = 0;
  for (const toolkit::Item* item : f->all_items())
    applicable += toolkit::item_applies(*item, "care_home", 20);
  EXPECT_EQ(count_of(check.body, "Not answered"), applicable);
  auto staff_email = unique_email("staff");
  ASSERT_EQ(server
                .cli({"user", "add", "--email", staff_email, "--name", "Tom Staff", "--org",
                      "AB1C2", "--role", "staff", "--password-stdin"},
                     std::string(kPassword) + "\n")
                .exit_code,
            0);
  Client staff = server.client();
  sign_in(staff, staff_email, kPassword);
  EXPECT_EQ(staff.get(base).status, 403);
  staff.get("/");
  EXPECT_EQ(staff.post_form(base + "/items/1.1", {{"answer", "ZA123456"}}).status, 403);
}

}  // namespace
}  // namespace cg::test
