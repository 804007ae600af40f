// `careguard demo --national`: the real binary generates a small national dataset on the
// database under test; the dashboard counters then agree with a recount made in SQL, the codes
// are valid and unique, five past editions have statuses, and a generated analyst can sign in.
#include <gtest/gtest.h>

#include <set>

#include "flows.h"
#include "harness.h"
#include "identity/org_rules.h"
#include "oversight/summary.h"
#include "store/database.h"

namespace cg::test {
namespace {

constexpr const char* kPassword = "demo kettle orange bicycle";

class NationalDemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.prepare();
    auto r = server.cli({"demo", "--national", "--orgs", "600", "--seed", "7"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    output = r.out;
    db = store::open(server.database_url(), 1);
  }
  TestServer server;
  std::string output;
  std::unique_ptr<store::Database> db;
};

TEST_F(NationalDemoTest, CountersAgreeWithARecountAndStatusesCoverFiveEditions) {
  EXPECT_NE(output.find("Generated in"), std::string::npos) << output;
  EXPECT_NE(output.find("2025-26: compliant"), std::string::npos) << output;
  db->read([&](store::Connection& c) {
    const auto stored = oversight::all_counters(c);
    EXPECT_GT(stored.size(), 1000u);
    EXPECT_TRUE(stored == oversight::recount(c));

    EXPECT_EQ(c.exec("SELECT COUNT(*) FROM organisations WHERE type = 'region'").one().integer(0),
              7);
    EXPECT_EQ(c.exec("SELECT COUNT(*) FROM organisations WHERE type = 'ics'").one().integer(0), 42);
    EXPECT_EQ(
        c.exec("SELECT COUNT(*) FROM organisations WHERE type = 'support_org'").one().integer(0),
        28);
    EXPECT_EQ(c.exec("SELECT COUNT(*) FROM organisations WHERE type NOT IN ('national', 'region', "
                     "'ics', 'support_org')")
                  .one()
                  .integer(0),
              600);
    // Every ICS sits in a region and every provider under an ICS carries both.
    EXPECT_EQ(c.exec("SELECT COUNT(*) FROM organisations o JOIN organisations p ON p.id = "
                     "o.parent_id WHERE p.type = 'ics' AND (o.ics_id <> p.id OR o.region_id <> "
                     "p.region_id)")
                  .one()
                  .integer(0),
              0);

    std::set<std::string> codes;
    for (const auto& r : c.exec("SELECT ods_code, cqc_location_id, type FROM organisations").rows) {
      EXPECT_EQ(identity::ods_code_problem(r.text(0)), "") << r.text(0);
      EXPECT_TRUE(codes.insert(r.text(0)).second) << "repeated " << r.text(0);
      if (!r.is_null(1)) {
        EXPECT_EQ(identity::cqc_id_problem(r.text(1)), "") << r.text(1);
      }
    }

    const auto editions = c.exec(
        "SELECT edition, COUNT(*), SUM(CASE WHEN status IN ('met', 'exceeded') THEN 1 ELSE 0 END) "
        "FROM org_status GROUP BY edition ORDER BY edition");
    ASSERT_EQ(editions.rows.size(), 6u);
    EXPECT_EQ(editions.rows[0].text(0), "2021-22");
    EXPECT_EQ(editions.rows[5].text(0), "2026-27");
    // Compliance rises year on year.
    for (size_t e = 1; e < 5; ++e)
      EXPECT_GT(editions.rows[e].integer(2), editions.rows[e - 1].integer(2));

    // 2025-26 and 2026-27 come from publications in Careguard, each with its assessment.
    EXPECT_EQ(c.exec("SELECT COUNT(*) FROM org_status s LEFT JOIN publications p ON p.id = "
                     "s.publication_id WHERE s.source = 'careguard' AND (p.id IS NULL OR "
                     "p.status <> s.status OR p.org_id <> s.org_id)")
                  .one()
                  .integer(0),
              0);
    EXPECT_GT(c.exec("SELECT COUNT(*) FROM org_status WHERE source = 'careguard' AND edition = "
                     "'2025-26'")
                  .one()
                  .integer(0),
              300);
    // Not Met publications have plans with owners, some of them overdue.
    EXPECT_GT(c.exec("SELECT COUNT(*) FROM plan_entries WHERE owner <> '' AND target_date < "
                     "'2026-11-22'")
                  .one()
                  .integer(0),
              0);
    EXPECT_EQ(c.exec("SELECT COUNT(*) FROM org_status WHERE status = 'not_met' AND source = "
                     "'careguard' AND (unmet_items = '' OR plan_due_on = '')")
                  .one()
                  .integer(0),
              0);
    EXPECT_GT(c.exec("SELECT COUNT(*) FROM evidence_links").one().integer(0), 0);
    EXPECT_GT(c.exec("SELECT COUNT(*) FROM answer_history").one().integer(0), 0);
    EXPECT_GT(c.exec("SELECT COUNT(*) FROM portfolio").one().integer(0), 100);
  });
}

TEST_F(NationalDemoTest, RefusesADatabaseThatAlreadyHoldsOrganisations) {
  auto again = server.cli({"demo", "--national", "--orgs", "600"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already holds"), std::string::npos) << again.err;
  auto bad = server.cli({"demo", "--orgs", "600"});
  EXPECT_NE(bad.exit_code, 0);
  // Nothing was added by the refused runs.
  db->read([&](store::Connection& c) {
    EXPECT_EQ(c.exec("SELECT COUNT(*) FROM organisations").one().integer(0), 1 + 7 + 42 + 28 + 600);
  });
}

TEST_F(NationalDemoTest, AGeneratedAnalystSignsInAndNewIdsDoNotClash) {
  server.start();
  Client client = server.client();
  sign_in_and_enrol(client, "analyst.qyg@national.careguard.test", kPassword);
  auto account = client.get("/account");
  EXPECT_EQ(account.status, 200);
  EXPECT_NE(account.body.find("Cheshire and Merseyside ICS"), std::string::npos);
  // Adding an organisation afterwards gets a fresh id (PostgreSQL's sequences moved on).
  auto added = server.cli({"org", "add", "--name", "Late Care Home", "--type", "care_home",
                           "--parent", "QYG", "--ods", "VZZ999"});
  EXPECT_EQ(added.exit_code, 0) << added.err;
}

}  // namespace
}  // namespace cg::test
