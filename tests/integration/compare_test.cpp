// Comparing this year's assessment with last year's over HTTP, on both databases: last year's
// answers are written straight into the database as the 2025-26 edition (the server only lets
// people start the current edition), then the lead copies them forward, changes some, and
// reads the comparison page.
#include <gtest/gtest.h>

#include <regex>

#include "flows.h"
#include "harness.h"
#include "identity/store/people_store.h"
#include "store/database.h"
#include "toolkit/content/loader.h"
#include "toolkit/service.h"

namespace cg::test {
namespace {

constexpr const char* kPassword = "kettle orange bicycle";
constexpr int64_t kSpring2026 = 1775000000;  // 2026-03-31: the 2025-26 edition is open

// The number in the summary table's row with this label, or -1.
int summary_count(const std::string& html, const std::string& label) {
  std::smatch m;
  const std::regex row(
      label + R"re(</th><td class="nhsuk-table__cell nhsuk-table__cell--numeric">([0-9]+)</td>)re");
  return std::regex_search(html, m, row) ? std::stoi(m[1]) : -1;
}

// The change tag shown on the item's row, or "" when the row is not shown.
std::string movement_of(const std::string& html, const std::string& item_id) {
  const std::string start = "</span>" + item_id + " ";
  size_t at = html.find(start);
  if (at == std::string::npos) return "";
  size_t end = html.find("</tr>", at);
  std::smatch m;
  const std::string row = html.substr(at, end - at);
  const std::regex tag(
      R"re(Change </span><strong class="nhsuk-tag nhsuk-tag--[a-z]+">([^<]+)</strong>)re");
  return std::regex_search(row, m, tag) ? std::string(m[1]) : "";
}

TEST(CompareTest, LeadSeesWhatChangedSinceLastYear) {
  TestServer server;
  server.prepare();
  ASSERT_TRUE(add_national_region_and_ics(server));
  auto added = server.cli({"org", "add", "--name", "Sunnyside Care", "--type", "care_home", "--ods",
                           "AB1C2", "--parent", "QYG", "--staff", "20", "--people", "30"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const int64_t org_id = std::stoll(added.out);
  const std::string email = unique_email("lead");
  ASSERT_EQ(server
                .cli({"user", "add", "--email", email, "--name", "Grace Lead", "--org", "AB1C2",
                      "--role", "org_lead", "--password-stdin"},
                     std::string(kPassword) + "\n")
                .exit_code,
            0);
  {
    auto db = store::open(server.database_url(), 2);
    auto library =
        toolkit::Library::load(std::string(CAREGUARD_SOURCE_DIR) + "/content/frameworks");
    auto person = db->read(
        [&](store::Connection& c) { return identity::store::find_person_by_email(c, email); });
    ASSERT_TRUE(person);
    auto lead =
        db->read([&](store::Connection& c) { return identity::store::load_actor(c, person->id); });
    const int64_t last_year =
        toolkit::start_assessment(*db, library, lead, org_id, false, kSpring2026);
    for (const auto& [item, answer] : std::vector<std::pair<std::string, std::string>>{
             {"1.7", "yes"}, {"1.8", "no"}, {"2.3", "yes"}, {"2.4", "yes"}})
      toolkit::save_answer(*db, library, lead, org_id, last_year, item, {answer}, "", kSpring2026);
  }
  server.start();
  Client c = server.client();
  sign_in_and_enrol(c, email, kPassword);
  const std::string toolkit = "/orgs/" + std::to_string(org_id) + "/toolkit";
  auto started = c.post_form(toolkit + "/start", {{"copy_forward", "yes"}});
  ASSERT_EQ(started.status, 303) << started.body.substr(0, 800);
  const std::string base = started.header("location");
  ASSERT_TRUE(std::regex_match(base, std::regex(toolkit + "/[0-9]+"))) << base;
  EXPECT_NE(c.get(base).body.find(base + "/compare"), std::string::npos)
      << "the task list links to the comparison";

  // 1.8 is met now; 2.3 no longer; 2.4 confirmed as before; 1.7 left to check.
  EXPECT_EQ(c.post_form(base + "/items/1.8", {{"answer", "yes"}}).status, 303);
  EXPECT_EQ(c.post_form(base + "/items/2.3", {{"answer", "no"}}).status, 303);
  EXPECT_EQ(c.post_form(base + "/items/2.4", {{"answer", "yes"}}).status, 303);

  auto page = c.get(base + "/compare");
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 800);
  EXPECT_NE(page.body.find("Care data security toolkit 2025-26"), std::string::npos)
      << page.body.substr(0, 3000);
  EXPECT_EQ(summary_count(page.body, "Now met"), 1);
  EXPECT_EQ(summary_count(page.body, "No longer met"), 1);
  EXPECT_EQ(summary_count(page.body, "Carried over, still to check"), 1);
  EXPECT_EQ(summary_count(page.body, "Answer changed"), 2);
  EXPECT_GT(summary_count(page.body, "New this year"), 0);
  EXPECT_GT(summary_count(page.body, "No longer asked"), 0);
  EXPECT_EQ(movement_of(page.body, "1.8"), "Now met");
  EXPECT_EQ(movement_of(page.body, "2.3"), "No longer met");
  EXPECT_EQ(movement_of(page.body, "1.7"), "Check this");
  EXPECT_EQ(movement_of(page.body, "2.4"), "") << "unchanged and met: hidden by default";

  auto all = c.get(base + "/compare?show=all");
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(movement_of(all.body, "2.4"), "Met both years");
  EXPECT_EQ(c.get(base + "/compare?show=everything").status, 400);

  // Someone without access to the organisation's records is refused.
  Client stranger = server.client();
  EXPECT_EQ(stranger.get(base + "/compare").status, 303) << "signed out: sent to sign in";
}

}  // namespace
}  // namespace cg::test
