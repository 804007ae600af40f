// The oversight dashboards over HTTP on both databases: who may see which dashboard (the
// national admin every one; a region's analyst their region, its ICSs and support
// organisations and nothing else; an ICS's analyst their ICS; a support adviser their support
// organisation; staff and providers' leads none), figures against counts in SQL, filters in the
// URL, refused filter values, the CSV and XLSX downloads and the status history page.
#include <gtest/gtest.h>

#include <memory>
#include <regex>

#include "core/clock.h"
#include "flows.h"
#include "harness.h"
#include "identity/store/org_store.h"
#include "oversight/summary.h"
#include "store/database.h"
#include "toolkit/scoring/london_time.h"

namespace cg::test {
namespace {

constexpr const char* kPassword = "kettle orange bicycle";

std::string day(int offset) { return toolkit::london_date(clock::now() + offset * 86400); }
// The end of the London day `offset` days from today: the first moment a record stops counting.
int64_t end_of_day(int offset) { return toolkit::london_day_end_utc(day(offset)); }

// The CSV block that starts with the title line, as rows of fields (no quoting is needed for
// the figures checked here).
std::vector<std::vector<std::string>> csv_block(const std::string& csv, const std::string& title) {
  std::vector<std::vector<std::string>> rows;
  // The title is a line of its own: at the start or after a line break.
  size_t at = csv.rfind(title + "\r\n", 0) == 0 ? 0 : csv.find("\r\n" + title + "\r\n");
  if (at == std::string::npos) return rows;
  at += (at == 0 ? 0 : 2) + title.size() + 2;
  while (at < csv.size()) {
    size_t end = csv.find("\r\n", at);
    if (end == std::string::npos) end = csv.size();
    const std::string line = csv.substr(at, end - at);
    if (line.empty()) break;
    std::vector<std::string> fields;
    size_t start = 0;
    for (;;) {
      size_t comma = line.find(',', start);
      fields.push_back(
          line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    rows.push_back(fields);
    at = end + 2;
  }
  return rows;
}

std::string cell(const std::vector<std::vector<std::string>>& rows, const std::string& first,
                 size_t column) {
  for (const auto& r : rows)
    if (!r.empty() && r[0] == first && column < r.size()) return r[column];
  return "(missing)";
}

struct Shared {
  TestServer server;
  std::map<std::string, int64_t> id;  // by ODS code
  std::map<std::string, std::string> email;
  std::map<std::string, std::unique_ptr<Client>> client;  // signed in, by role key
};

Shared* shared = nullptr;

class DashboardTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared = new Shared;
    auto& s = *shared;
    s.server.prepare();
    ASSERT_TRUE(add_national_region_and_ics(s.server));
    auto add = [&](const std::string& name, const std::string& type, const std::string& ods,
                   const std::string& parent, int staff) {
      auto r = s.server.cli({"org", "add", "--name", name, "--type", type, "--ods", ods, "--parent",
                             parent, "--staff", std::to_string(staff)});
      ASSERT_EQ(r.exit_code, 0) << r.err;
      s.id[ods] = std::stoll(last_line(r.out));
    };
    for (const auto& [ods, name] : {std::pair{"X26", "National"}, std::pair{"Y62", "North West"},
                                    std::pair{"QYG", "Cheshire ICS"}}) {
      auto db = store::open(s.server.database_url(), 1);
      s.id[ods] = db->read(
          [&](store::Connection& c) { return identity::store::find_org_by_code(c, ods)->id; });
      (void)name;
    }
    add("South", "region", "Y63", "X26", 10);
    add("South ICS", "ics", "QSS", "Y63", 10);
    add("Support North West", "support_org", "DSP01", "Y62", 5);
    add("Support South", "support_org", "DSP02", "Y63", 5);
    add("Alpha Care", "care_home", "AA1A1", "QYG", 20);
    add("Beacon Home Care", "home_care", "AB1B1", "QYG", 60);
    add("Cedar GP", "gp_practice", "AC1C1", "QYG", 300);
    add("Dale Living", "supported_living", "AD1D1", "QYG", 5);
    add("Eden Pharmacy", "pharmacy", "AE1E1", "QYG", 8);
    add("Southern Care", "care_home", "AS1S1", "QSS", 30);
    add("Tide Care", "home_care", "AT1T1", "QSS", 12);

    const std::vector<std::tuple<std::string, std::string, std::string, std::string>> people = {
        {"admin", "X26", "national_admin", "Nat Admin"},
        {"analyst_nw", "Y62", "analyst", "Ana North"},
        {"analyst_ics", "QYG", "analyst", "Ian Cheshire"},
        {"adviser", "DSP01", "support_adviser", "Ada Adviser"},
        {"staff_region", "Y62", "staff", "Sam Staff"},
        {"lead", "AA1A1", "org_lead", "Grace Lead"},
        {"two_hats", "Y62", "analyst", "Tess Twohats"},
    };
    for (const auto& [key, org, role, name] : people) {
      s.email[key] = unique_email(key);
      auto r = s.server.cli({"user", "add", "--email", s.email[key], "--name", name, "--org", org,
                             "--role", role, "--password-stdin"},
                            std::string(kPassword) + "\n");
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    // The same person also advises for the South's support organisation.
    ASSERT_EQ(s.server
                  .cli({"user", "add", "--email", s.email["two_hats"], "--name", "Tess Twohats",
                        "--org", "DSP02", "--role", "support_adviser", "--password-stdin"},
                       std::string(kPassword) + "\n")
                  .exit_code,
              0);

    // Statuses as a published national list would give them, and the portfolios.
    {
      auto db = store::open(s.server.database_url(), 1);
      auto record = [&](const std::string& ods, const std::string& edition,
                        const std::string& status, int64_t valid_until,
                        std::vector<std::string> unmet = {}, const std::string& plan_due = "") {
        oversight::StatusRecord r;
        r.org_id = s.id[ods];
        r.edition = edition;
        r.status = status;
        r.published_on = day(-100);
        r.valid_until = valid_until;
        r.unmet_items = std::move(unmet);
        r.plan_due_on = plan_due;
        r.source = "import";
        db->transaction(
            [&](store::Connection& c) { oversight::record_status(c, r, clock::now()); });
      };
      record("AA1A1", "2025-26", "met", end_of_day(400));
      record("AA1A1", "2026-27", "not_met", end_of_day(700), {"1.1", "3.2"}, day(-10));
      record("AB1B1", "2025-26", "approaching", end_of_day(19), {"3.2"}, day(20));
      record("AC1C1", "2025-26", "exceeded", end_of_day(400));
      record("AE1E1", "2024-25", "not_met", end_of_day(-5), {"1.1"}, day(-200));
      record("AS1S1", "2025-26", "met", end_of_day(400));
      record("AT1T1", "2025-26", "not_met", end_of_day(400), {"1.1", "2.1"}, day(100));
      db->transaction([&](store::Connection& c) {
        for (const char* provider : {"AA1A1", "AB1B1", "AD1D1"})
          identity::store::add_to_portfolio(c, s.id["DSP01"], s.id[provider], clock::now());
        identity::store::add_to_portfolio(c, s.id["DSP02"], s.id["AS1S1"], clock::now());
      });
    }
    s.server.start();

    for (const auto& [key, org, role, name] : people) {
      auto c = std::make_unique<Client>(s.server.client());
      if (role == "staff" || role == "support_adviser")
        EXPECT_EQ(sign_in(*c, s.email[key], kPassword).status, 303) << key;
      else
        sign_in_and_enrol(*c, s.email[key], kPassword);
      s.client[key] = std::move(c);
    }
  }

  static void TearDownTestSuite() {
    delete shared;
    shared = nullptr;
  }

  void SetUp() override { ASSERT_NE(shared, nullptr); }

  Client& as(const std::string& who) { return *shared->client.at(who); }
  std::string dash(const std::string& ods, const std::string& suffix = "") {
    return "/orgs/" + std::to_string(shared->id.at(ods)) + "/dashboard" + suffix;
  }
  int64_t sql(const std::string& query, const std::vector<store::Value>& params = {}) {
    auto db = store::open(shared->server.database_url(), 1);
    return db->read([&](store::Connection& c) { return c.exec(query, params).one().integer(0); });
  }
};

TEST_F(DashboardTest, EachPersonSeesOnlyTheDashboardsTheyOversee) {
  // (who, organisation, expected status) for the page and both downloads.
  const std::vector<std::tuple<std::string, std::string, int>> cases = {
      {"admin", "X26", 200},        {"admin", "Y62", 200},        {"admin", "Y63", 200},
      {"admin", "QYG", 200},        {"admin", "QSS", 200},        {"admin", "DSP01", 200},
      {"admin", "DSP02", 200},      {"admin", "AA1A1", 404},  // a provider has none
      {"analyst_nw", "Y62", 200},   {"analyst_nw", "QYG", 200},   {"analyst_nw", "DSP01", 200},
      {"analyst_nw", "X26", 404},   {"analyst_nw", "Y63", 404},   {"analyst_nw", "QSS", 404},
      {"analyst_nw", "DSP02", 404}, {"analyst_ics", "QYG", 200},  {"analyst_ics", "Y62", 404},
      {"analyst_ics", "X26", 404},  {"analyst_ics", "QSS", 404},  {"adviser", "DSP01", 200},
      {"adviser", "DSP02", 404},    {"adviser", "Y62", 404},      {"adviser", "X26", 404},
      {"staff_region", "Y62", 403}, {"staff_region", "X26", 404}, {"staff_region", "QYG", 404},
      {"lead", "AA1A1", 404},       {"lead", "QYG", 404},         {"lead", "X26", 404},
  };
  for (const auto& [who, ods, status] : cases)
    for (const std::string suffix : {"", ".csv", ".xlsx"}) {
      auto r = as(who).get(dash(ods, suffix));
      EXPECT_EQ(r.status, status) << who << " " << ods << suffix;
      if (status != 200) {
        // Nothing of the area leaks into the refusal.
        EXPECT_FALSE(contains(r.body, "Alpha Care")) << who << " " << ods << suffix;
        EXPECT_FALSE(contains(r.body, "Southern Care")) << who << " " << ods << suffix;
      }
    }

  // The menu's "Dashboard" goes to the one dashboard the person has, or offers a choice.
  const std::vector<std::pair<std::string, std::string>> homes = {
      {"admin", "X26"}, {"analyst_nw", "Y62"}, {"analyst_ics", "QYG"}, {"adviser", "DSP01"}};
  for (const auto& [who, ods] : homes) {
    auto r = as(who).get("/dashboard");
    EXPECT_EQ(r.status, 303) << who;
    EXPECT_EQ(r.header("location"), dash(ods)) << who;
  }
  auto choice = as("two_hats").get("/dashboard");
  EXPECT_EQ(choice.status, 200);
  EXPECT_TRUE(contains(choice.body, "href=\"" + dash("Y62") + "\""));
  EXPECT_TRUE(contains(choice.body, "href=\"" + dash("DSP02") + "\""));
  EXPECT_EQ(as("two_hats").get(dash("DSP02")).status, 200);
  EXPECT_EQ(as("two_hats").get(dash("DSP01")).status, 200);  // beneath their region
  EXPECT_EQ(as("staff_region").get("/dashboard").status, 403);
  EXPECT_EQ(as("lead").get("/dashboard").status, 403);
  EXPECT_TRUE(contains(as("admin").get("/").body, "href=\"/dashboard\""));
  // Only the national team is offered the import of a published status list, on its dashboard.
  EXPECT_TRUE(contains(as("admin").get(dash("X26")).body, "href=\"/import/statuses\""));
  EXPECT_FALSE(contains(as("admin").get(dash("Y62")).body, "href=\"/import/statuses\""));
  EXPECT_FALSE(contains(as("analyst_nw").get(dash("Y62")).body, "/import/statuses"));

  // Signed out: to the sign-in page.
  Client anonymous = shared->server.client();
  for (const std::string& path : {std::string("/dashboard"), dash("X26"), dash("X26", ".csv")}) {
    auto r = anonymous.get(path);
    EXPECT_EQ(r.status, 303) << path;
    EXPECT_EQ(r.header("location").rfind("/sign-in", 0), 0u) << path;
  }
}

TEST_F(DashboardTest, NationalFiguresMatchSql) {
  auto page = as("admin").get(dash("X26") + "?edition=2025-26");
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 500);
  EXPECT_TRUE(contains(page.body, "National dashboard"));
  EXPECT_TRUE(contains(page.body, "data-cg-chart=\""));
  EXPECT_TRUE(contains(page.body, "/assets/chart.umd.js"));
  EXPECT_TRUE(contains(page.body, "/assets/dashboard.js"));
  EXPECT_FALSE(contains(page.body, "<script>")) << "no inline scripts";

  auto csv = as("admin").get(dash("X26", ".csv") + "?edition=2025-26");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_TRUE(contains(csv.header("content-disposition"),
                       "attachment; filename=\"dashboard-national-2025-26-"));
  const auto status = csv_block(csv.body, "Status 2025-26");
  const std::string counted =
      "FROM organisations o WHERE o.type NOT IN ('national', 'region', 'ics', 'support_org')";
  const int64_t total = sql("SELECT COUNT(*) " + counted);
  EXPECT_EQ(total, 7);
  EXPECT_EQ(cell(status, "All organisations", 1), std::to_string(total));
  const std::vector<std::pair<std::string, std::string>> labels = {
      {"not_met", "Standards Not Met"},
      {"approaching", "Approaching Standards"},
      {"met", "Standards Met"},
      {"exceeded", "Standards Exceeded"}};
  int64_t published = 0;
  for (const auto& [code, label] : labels) {
    const int64_t n =
        sql("SELECT COUNT(*) FROM org_status s JOIN organisations o ON o.id = "
            "s.org_id WHERE s.edition = '2025-26' AND s.status = ?",
            {code});
    published += n;
    EXPECT_EQ(cell(status, label, 1), std::to_string(n)) << label;
    EXPECT_TRUE(contains(page.body, label + "</td>"));
  }
  EXPECT_EQ(cell(status, "Not Published", 1), std::to_string(total - published));
  EXPECT_EQ(cell(status, "Not Published", 2), "28.6%");  // Dale and Eden, 2 of 7

  // By region: the North West's five, the South's two; nobody outside a region.
  const auto regions = csv_block(csv.body, "By region 2025-26");
  EXPECT_EQ(cell(regions, "North West", 6), "5");
  EXPECT_EQ(cell(regions, "South", 6), "2");
  EXPECT_EQ(cell(regions, "North West", 4), "1");  // Standards Met: Alpha
  EXPECT_EQ(cell(regions, "North West", 1), "2");  // Not Published: Dale, Eden
  EXPECT_EQ(cell(regions, "Not in a region", 6), "(missing)");
  const auto groups = csv_block(csv.body, "By organisation group 2025-26");
  EXPECT_EQ(cell(groups, "Care homes", 6), "2");
  EXPECT_TRUE(contains(csv.body, "\"NHS (GP practices, trusts, pharmacies)\",1,0,0,0,1,2,"));
  const auto items = csv_block(csv.body, "Unmet items 2025-26");
  EXPECT_EQ(cell(items, "3.2", 2), "1");  // Beacon
  EXPECT_EQ(cell(items, "1.1", 2), "1");  // Tide
  EXPECT_EQ(cell(items, "2.1", 2), "1");
  const auto expiry = csv_block(csv.body, "Expiry and plans");
  EXPECT_EQ(cell(expiry, "Publication expires within 30 days", 1), "1");   // Beacon
  EXPECT_EQ(cell(expiry, "Newest publication no longer counts", 1), "1");  // Eden
  // Alpha's, and Eden's: its publication no longer counts but its plan is still overdue.
  EXPECT_EQ(cell(expiry, "Improvement plans overdue", 1), "2");
  const auto trend = csv_block(csv.body, "Trend");
  EXPECT_EQ(trend.size(), 4u);                // header, 2024-25, 2025-26, 2026-27
  EXPECT_EQ(cell(trend, "2024-25", 2), "1");  // Not Met: Eden
  EXPECT_EQ(cell(trend, "2026-27", 1), "6");  // Not Published: all but Alpha

  auto xlsx = as("admin").get(dash("X26", ".xlsx") + "?edition=2025-26&by=region");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.header("content-type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_TRUE(contains(xlsx.header("content-disposition"), ".xlsx\""));
}

TEST_F(DashboardTest, FiltersLiveInTheUrl) {
  Client& analyst = as("analyst_nw");
  auto by_ics = analyst.get(dash("Y62") + "?edition=2025-26&by=ics");
  ASSERT_EQ(by_ics.status, 200);
  EXPECT_TRUE(contains(by_ics.body, "By integrated care system, 2025-26"));
  EXPECT_TRUE(contains(by_ics.body, "Cheshire ICS</td>"));
  EXPECT_FALSE(contains(by_ics.body, "South ICS"));
  // The downloads and the other breakdowns keep the filters.
  EXPECT_TRUE(contains(by_ics.body, dash("Y62", ".csv") + "?edition=2025-26&amp;by=ics"));
  EXPECT_TRUE(contains(by_ics.body, "?edition=2025-26&amp;by=size#breakdown"));

  // The organisation table: every organisation of the region, filtered and sorted.
  auto names_in = [](const std::string& html) {
    std::vector<std::string> out;
    static const std::regex link(R"(<a href="/orgs/\d+">([^<]+)</a>)");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), link);
         it != std::sregex_iterator(); ++it)
      out.push_back((*it)[1]);
    return out;
  };
  using Names = std::vector<std::string>;
  const std::vector<std::pair<std::string, Names>> cases = {
      {"", {"Alpha Care", "Beacon Home Care", "Cedar GP", "Dale Living", "Eden Pharmacy"}},
      {"&status=not_published", {"Dale Living", "Eden Pharmacy"}},
      {"&status=met", {"Alpha Care"}},
      {"&type=care_home", {"Alpha Care"}},
      {"&size=micro", {"Dale Living", "Eden Pharmacy"}},
      {"&size=large&status=exceeded", {"Cedar GP"}},
      {"&name=CEDAR", {"Cedar GP"}},
      {"&name=%25", {}},
      {"&sort=size&dir=desc",
       {"Cedar GP", "Beacon Home Care", "Alpha Care", "Eden Pharmacy", "Dale Living"}},
      {"&sort=status",
       {"Dale Living", "Eden Pharmacy", "Beacon Home Care", "Alpha Care", "Cedar GP"}},
      {"&sort=name&dir=desc",
       {"Eden Pharmacy", "Dale Living", "Cedar GP", "Beacon Home Care", "Alpha Care"}},
      {"&page=2", {}},
  };
  for (const auto& [query, want] : cases) {
    auto r = analyst.get(dash("Y62") + "?edition=2025-26" + query);
    ASSERT_EQ(r.status, 200) << query << "\n" << r.body.substr(0, 400);
    EXPECT_EQ(names_in(r.body), want) << query;
    EXPECT_TRUE(contains(r.body, std::to_string(want.size()) + (want.size() == 1
                                                                    ? " organisation matches"
                                                                    : " organisations match")) ||
                query == "&page=2")
        << query;
  }
  // Each row links to the organisation's status history; sort headers say how they sort.
  auto sorted = analyst.get(dash("Y62") + "?edition=2025-26&sort=size&dir=desc");
  EXPECT_TRUE(
      contains(sorted.body, "/orgs/" + std::to_string(shared->id["AA1A1"]) + "/status-history"));
  EXPECT_TRUE(contains(sorted.body, "aria-sort=\"descending\""));
  EXPECT_TRUE(contains(sorted.body, "?edition=2025-26&amp;sort=size#organisations"))
      << "the size heading sorts the other way next";

  // The organisation table in the download is the whole filtered list.
  auto csv = analyst.get(dash("Y62", ".csv") + "?edition=2025-26&status=not_published");
  ASSERT_EQ(csv.status, 200);
  auto orgs = csv_block(csv.body, "Organisations");
  ASSERT_EQ(orgs.size(), 3u);
  EXPECT_EQ(orgs[1][0], "Dale Living");
  EXPECT_EQ(orgs[2][0], "Eden Pharmacy");
  EXPECT_EQ(orgs[2][4], "Not Published");

  // The ICS dashboard is the same without the region and ICS breakdowns.
  auto ics = as("analyst_ics").get(dash("QYG") + "?edition=2025-26&by=type");
  ASSERT_EQ(ics.status, 200);
  EXPECT_TRUE(contains(ics.body, "ICS dashboard"));
  EXPECT_EQ(names_in(ics.body),
            (Names{"Alpha Care", "Beacon Home Care", "Cedar GP", "Dale Living", "Eden Pharmacy"}));
}

TEST_F(DashboardTest, BadFilterValuesAreRefusedWithAReason) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"Y62", "?edition=1999-00", "There are no figures for the edition"},
      {"Y62", "?edition=%3Cscript%3Ealert(1)%3C/script%3E", "There are no figures for the edition"},
      {"Y62", "?by=planet", "The breakdown must be"},
      {"Y62", "?by=region", "The breakdown must be"},  // a region has no breakdown by region
      {"QYG", "?by=ics", "The breakdown must be"},
      {"Y62", "?status=brilliant", "The status must be"},
      {"Y62", "?type=national", "The organisation type must be"},
      {"Y62", "?size=huge", "The size must be"},
      {"Y62", "?sort=evil", "The table can be sorted by"},
      {"Y62", "?dir=up", "The sort direction must be"},
      {"Y62", "?page=0", "The page must be a whole number"},
      {"Y62", "?page=abc", "The page must be a whole number"},
      {"Y62", "?page=99999999999999999999", "The page must be a whole number"},
      {"Y62", "?name=" + std::string(101, 'a'), "100 characters or fewer"},
      {"Y62", "?status=brilliant&size=huge", "The size must be"},  // every problem is listed
      {"X26", "?by=galaxy", "The breakdown must be"},
  };
  for (const auto& [ods, query, message] : cases)
    for (const std::string suffix : {"", ".csv"}) {
      const std::string who = ods == "X26" ? "admin" : ods == "QYG" ? "analyst_ics" : "analyst_nw";
      auto r = as(who).get(dash(ods, suffix) + query);
      EXPECT_EQ(r.status, 400) << ods << suffix << query;
      EXPECT_TRUE(contains(r.body, message)) << query << "\n" << r.body.substr(0, 1500);
      EXPECT_FALSE(contains(r.body, "<script>alert")) << "the value is escaped";
    }
  // Surrounding spaces from a pasted link are tolerated.
  EXPECT_EQ(as("analyst_nw").get(dash("Y62") + "?status=%20met%20").status, 200);
  // The national dashboard has no organisation table: its filters are not looked at.
  EXPECT_EQ(as("admin").get(dash("X26") + "?status=brilliant").status, 200);
}

TEST_F(DashboardTest, SupportDashboardShowsThePortfolioAndWhoNeedsHelp) {
  auto page = as("adviser").get(dash("DSP01"));
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 500);
  EXPECT_TRUE(contains(page.body, "Support organisation dashboard"));
  for (const char* name : {"Alpha Care", "Beacon Home Care", "Dale Living"})
    EXPECT_TRUE(contains(page.body, std::string(">") + name + "</a>")) << name;
  EXPECT_FALSE(contains(page.body, "Southern Care"));
  EXPECT_FALSE(contains(page.body, "Cedar GP"));
  EXPECT_TRUE(contains(page.body, "Improvement plan overdue"));  // Alpha
  EXPECT_TRUE(contains(page.body, "Publication expires soon"));  // Beacon
  EXPECT_TRUE(contains(page.body, "Not started this year"));     // Dale
  EXPECT_TRUE(contains(page.body, "3 of 3 providers"));

  auto csv = as("adviser").get(dash("DSP01", ".csv"));
  ASSERT_EQ(csv.status, 200);
  const auto providers = csv_block(csv.body, "Providers");
  ASSERT_EQ(providers.size(), 4u);
  EXPECT_EQ(cell(providers, "Alpha Care", 3), "Standards Not Met");
  EXPECT_EQ(cell(providers, "Alpha Care", 5), day(-10));  // plan due
  EXPECT_EQ(cell(providers, "Beacon Home Care", 3), "Approaching Standards");
  EXPECT_EQ(cell(providers, "Beacon Home Care", 4), day(19));  // last day it counts
  EXPECT_EQ(cell(providers, "Dale Living", 3), "Not Published");
  const auto status = csv_block(csv.body, "Status");
  EXPECT_EQ(cell(status, "Not Published", 1), "1");
  EXPECT_EQ(as("adviser").get(dash("DSP01", ".xlsx")).body.substr(0, 2), "PK");
}

TEST_F(DashboardTest, SupportDashboardFiltersSortsAndPagesItsProviders) {
  // Where each provider's row starts in the providers table (after its heading), or npos.
  auto row_at = [](const std::string& body, const std::string& name) {
    const size_t table = body.find("id=\"providers\"");
    return table == std::string::npos ? table : body.find(">" + name + "</a>", table);
  };
  auto page = as("adviser").get(dash("DSP01", "?sort=status&dir=desc"));
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 400);
  EXPECT_TRUE(contains(page.body, "3 providers match. Page 1 of 1."));
  const size_t beacon = row_at(page.body, "Beacon Home Care"),
               alpha = row_at(page.body, "Alpha Care"), dale = row_at(page.body, "Dale Living");
  ASSERT_NE(dale, std::string::npos);
  EXPECT_LT(beacon, alpha) << "Approaching before Not Met";
  EXPECT_LT(alpha, dale) << "Not Met before Not Published";
  EXPECT_TRUE(contains(page.body, "aria-sort=\"descending\""));

  // Each reason for needing help links to the providers it applies to.
  page = as("adviser").get(dash("DSP01"));
  EXPECT_TRUE(contains(page.body, "?help=plan_overdue#providers"));
  page = as("adviser").get(dash("DSP01", "?help=not_started"));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "1 provider matches."));
  EXPECT_NE(row_at(page.body, "Dale Living"), std::string::npos);
  EXPECT_EQ(row_at(page.body, "Alpha Care"), std::string::npos);
  EXPECT_TRUE(contains(page.body, "Clear the filters"));
  // The whole portfolio's figures do not change with the table's filters.
  EXPECT_TRUE(contains(page.body, "3 of 3 providers"));

  page = as("adviser").get(dash("DSP01", "?name=BEACON"));
  EXPECT_TRUE(contains(page.body, "1 provider matches."));
  EXPECT_NE(row_at(page.body, "Beacon Home Care"), std::string::npos);
  page = as("adviser").get(dash("DSP01", "?name=ab1b1"));  // the ODS code
  EXPECT_NE(row_at(page.body, "Beacon Home Care"), std::string::npos);
  page = as("adviser").get(dash("DSP01", "?page=5"));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "No providers on this page match."));
  EXPECT_TRUE(contains(page.body, "Go to the first page"));

  // The download has every provider the filters match.
  auto csv = as("adviser").get(dash("DSP01", ".csv?status=not_published"));
  ASSERT_EQ(csv.status, 200);
  const auto providers = csv_block(csv.body, "Providers");
  ASSERT_EQ(providers.size(), 2u);
  EXPECT_EQ(providers[1][0], "Dale Living");
  EXPECT_EQ(csv_block(csv.body, "Who needs help now").size(), 4u) << "the whole portfolio";

  // Values that are not offered are refused, each with its reason.
  for (const std::string& query :
       std::vector<std::string>{"?help=bored", "?sort=mood", "?dir=up", "?page=0", "?status=fine",
                                "?name=" + std::string(101, 'x')}) {
    auto r = as("adviser").get(dash("DSP01", query));
    EXPECT_EQ(r.status, 400) << query;
  }
  auto r = as("adviser").get(dash("DSP01", "?help=bored&sort=mood"));
  EXPECT_TRUE(contains(r.body, "The reason for needing help must be any, plan_overdue"));
  EXPECT_TRUE(contains(r.body, "The table can be sorted by name, approaching"));
}

TEST_F(DashboardTest, KeptDashboardsShowChangesMadeElsewhere) {
  // Views are kept between requests; a change made past this server (as another server or the
  // command line would make it, straight in the database) must show on the next request.
  const std::string region = dash("Y62"), support = dash("DSP01");
  ASSERT_TRUE(contains(as("analyst_nw").get(region).body, ">Alpha Care</a>"));
  // Rows are kept too, and shared by every sort and page that shows them.
  const std::string by_type = region + "?sort=type&dir=desc";
  ASSERT_TRUE(contains(as("analyst_nw").get(by_type).body, ">Alpha Care</a>"));
  ASSERT_TRUE(contains(as("adviser").get(support).body, ">Alpha Care</a>"));
  ASSERT_TRUE(contains(as("adviser").get(support + "?help=not_started").body, ">Dale Living</a>"));
  auto db = store::open(shared->server.database_url(), 1);
  auto rename = [&](const std::string& name) {
    db->transaction([&](store::Connection& c) {
      c.exec("UPDATE organisations SET name = ? WHERE ods_code = 'AA1A1'", {name});
    });
  };
  rename("Alpha Care Renamed");
  EXPECT_TRUE(contains(as("analyst_nw").get(region).body, ">Alpha Care Renamed</a>"));
  EXPECT_TRUE(contains(as("analyst_nw").get(by_type).body, ">Alpha Care Renamed</a>"));
  EXPECT_TRUE(contains(as("adviser").get(support).body, ">Alpha Care Renamed</a>"));
  rename("Alpha Care");
  EXPECT_TRUE(contains(as("analyst_nw").get(region).body, ">Alpha Care</a>"));

  // The dashboard's own organisation is kept too: renamed, it shows its new name; moved into
  // the North West, the region's analyst may open it, and moved back, no longer.
  ASSERT_TRUE(contains(as("analyst_nw").get(region).body, "<title>North West: Regional"));
  db->transaction([&](store::Connection& c) {
    c.exec("UPDATE organisations SET name = 'North West Renamed' WHERE ods_code = 'Y62'");
  });
  EXPECT_TRUE(contains(as("analyst_nw").get(region).body, "<title>North West Renamed: Regional"));
  db->transaction([&](store::Connection& c) {
    c.exec("UPDATE organisations SET name = 'North West' WHERE ods_code = 'Y62'");
  });
  const std::string south_ics = dash("QSS");
  ASSERT_EQ(as("analyst_nw").get(south_ics).status, 404);
  auto place_south_ics = [&](const std::string& region_code) {
    const int64_t region_id = shared->id[region_code];
    const std::string path = "/" + std::to_string(shared->id["X26"]) + "/" +
                             std::to_string(region_id) + "/" + std::to_string(shared->id["QSS"]) +
                             "/";
    db->transaction([&](store::Connection& c) {
      c.exec("UPDATE organisations SET parent_id = ?, region_id = ?, path = ? WHERE id = ?",
             {region_id, region_id, path, shared->id["QSS"]});
    });
  };
  place_south_ics("Y62");
  EXPECT_EQ(as("analyst_nw").get(south_ics).status, 200);
  place_south_ics("Y63");
  EXPECT_EQ(as("analyst_nw").get(south_ics).status, 404);
  EXPECT_EQ(as("admin").get(south_ics).status, 200);

  // Dale Living starts its assessment: it is no longer "not started".
  db->transaction([&](store::Connection& c) {
    c.exec(
        "INSERT INTO assessments (org_id, framework_id, edition, created_at, updated_at) "
        "SELECT id, 'care-toolkit', '2026-27', ?, ? FROM organisations WHERE ods_code = 'AD1D1'",
        {clock::now(), clock::now()});
  });
  auto page = as("adviser").get(support + "?help=not_started");
  EXPECT_TRUE(contains(page.body, "0 providers match.")) << "kept from before the assessment";
  page = as("adviser").get(support + "?help=not_published");
  EXPECT_TRUE(contains(page.body, "1 provider matches."));
  EXPECT_TRUE(contains(page.body.substr(page.body.find("id=\"providers\"")), ">Dale Living</a>"));
  db->transaction([&](store::Connection& c) {
    c.exec(
        "DELETE FROM assessments WHERE org_id = (SELECT id FROM organisations WHERE ods_code "
        "= 'AD1D1')");
  });
  EXPECT_TRUE(contains(as("adviser").get(support + "?help=not_started").body, ">Dale Living</a>"));
}

TEST_F(DashboardTest, KeptSupportDashboardsAreKeptForWhatEachPersonMaySee) {
  // Southern Care (in the South) joins the North West support organisation's portfolio: its
  // adviser sees it; the North West's analyst, who may also open this dashboard, does not.
  auto db = store::open(shared->server.database_url(), 1);
  auto portfolio = [&](bool add) {
    db->transaction([&](store::Connection& c) {
      if (add)
        identity::store::add_to_portfolio(c, shared->id["DSP01"], shared->id["AS1S1"],
                                          clock::now());
      else
        identity::store::remove_from_portfolio(c, shared->id["DSP01"], shared->id["AS1S1"]);
    });
  };
  portfolio(true);
  for (int round = 0; round < 2; ++round) {  // the second round is answered from kept bodies
    auto adviser = as("adviser").get(dash("DSP01"));
    auto analyst = as("analyst_nw").get(dash("DSP01"));
    ASSERT_EQ(analyst.status, 200);
    EXPECT_TRUE(contains(adviser.body, ">Southern Care</a>")) << round;
    EXPECT_TRUE(contains(adviser.body, "4 providers match.")) << round;
    EXPECT_FALSE(contains(analyst.body, "Southern Care")) << round;
    EXPECT_TRUE(contains(analyst.body, "3 providers match.")) << round;
  }
  portfolio(false);
  EXPECT_FALSE(contains(as("adviser").get(dash("DSP01")).body, "Southern Care"));
}

TEST_F(DashboardTest, StatusHistory) {
  const std::string alpha = "/orgs/" + std::to_string(shared->id["AA1A1"]) + "/status-history";
  auto page = as("analyst_nw").get(alpha);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "2026-27"));
  EXPECT_TRUE(contains(page.body, "2025-26"));
  EXPECT_LT(page.body.find("2026-27"), page.body.find("2025-26")) << "newest first";
  EXPECT_TRUE(contains(page.body, "Standards Not Met"));
  EXPECT_TRUE(contains(page.body, day(-10)));
  EXPECT_TRUE(contains(page.body, "Imported from a national list"));
  EXPECT_EQ(as("analyst_ics").get(alpha).status, 200);
  EXPECT_EQ(as("lead").get(alpha).status, 200);
  EXPECT_EQ(as("adviser").get(alpha).status, 200);  // in the portfolio
  const std::string southern = "/orgs/" + std::to_string(shared->id["AS1S1"]) + "/status-history";
  EXPECT_EQ(as("analyst_nw").get(southern).status, 404);
  EXPECT_EQ(as("adviser").get(southern).status, 404);
  EXPECT_EQ(as("admin").get(southern).status, 200);
  auto dale = as("admin").get("/orgs/" + std::to_string(shared->id["AD1D1"]) + "/status-history");
  EXPECT_TRUE(contains(dale.body, "no data security status in any edition yet"));
  // Regions, ICSs and support organisations have no status.
  EXPECT_EQ(
      as("admin").get("/orgs/" + std::to_string(shared->id["Y62"]) + "/status-history").status,
      404);
}

}  // namespace
}  // namespace cg::test
