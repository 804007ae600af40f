// The toolkit service on both databases: copying last year's answers forward, history, and
// the immutability of publications.
#include "core/crypto.h"
#include "core/error.h"
#include "identity/service.h"
#include "identity/store/people_store.h"
#include "store_fixture.h"
#include "toolkit/scoring/london_time.h"
#include "toolkit/service.h"

namespace cg::test {
namespace {

using namespace cg::toolkit;
using Connection = cg::store::Connection;
namespace tks = cg::toolkit::store;

constexpr int64_t kSpring2026 = 1775000000;  // 2026-03-31: the 2025-26 edition is open
constexpr int64_t kAutumn2026 = 1795348800;  // 2026-11-22: the 2026-27 edition is open

identity::Actor system_actor() {
  identity::Actor a;
  identity::Membership m;
  m.role = identity::Role::national_admin;
  a.memberships.push_back(m);
  return a;
}

class ToolkitStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    library = std::make_unique<Library>(
        Library::load(std::string(CAREGUARD_SOURCE_DIR) + "/content/frameworks"));
    auto national = identity::create_org(db(), system_actor(), 0,
                                         {"National", "national", "X26", "", "", ""}, kSpring2026);
    auto region = identity::create_org(db(), system_actor(), national.id,
                                       {"NW", "region", "Y62", "", "", ""}, kSpring2026);
    auto ics = identity::create_org(db(), system_actor(), region.id,
                                    {"ICS", "ics", "QYG", "", "", ""}, kSpring2026);
    org = identity::create_org(db(), system_actor(), ics.id,
                               {"Sunnyside", "care_home", "AB1C2", "", "20", "30"}, kSpring2026)
              .id;
    lead = identity::ensure_person(db(), "lead@t.test", "Grace Lead", "kettle orange bicycle",
                                   kSpring2026);
    identity::grant_role(db(), 0, lead, org, identity::Role::org_lead, kSpring2026);
    actor = db().read([&](Connection& c) { return identity::store::load_actor(c, lead); });
  }
  std::unique_ptr<Library> library;
  int64_t org = 0, lead = 0;
  identity::Actor actor;
};

TEST_F(ToolkitStoreTest, EditionFollowsTheDeadline) {
  EXPECT_EQ(current_edition(*library, kSpring2026)->edition, "2025-26");
  EXPECT_EQ(current_edition(*library, kAutumn2026)->edition, "2026-27");
  // The last second of 30 June 2026 in London still belongs to 2025-26.
  EXPECT_EQ(current_edition(*library, london_day_end_utc("2026-06-30") - 1)->edition, "2025-26");
  EXPECT_EQ(current_edition(*library, london_day_end_utc("2026-06-30"))->edition, "2026-27");
}

TEST_F(ToolkitStoreTest, CopyForwardMarksAnswersCarriedOverAndDropsRetiredItems) {
  const int64_t last_year = start_assessment(db(), *library, actor, org, false, kSpring2026);
  save_answer(db(), *library, actor, org, last_year, "1.1", {"ZA123456"}, "On the office wall",
              kSpring2026);
  save_answer(db(), *library, actor, org, last_year, "9.13", {"yes"}, "",
              kSpring2026);  // retired after 2025-26
  const int64_t this_year = start_assessment(db(), *library, actor, org, true, kAutumn2026);
  ASSERT_NE(this_year, last_year);
  auto v = load_assessment(db(), *library, actor, org, this_year, kAutumn2026);
  EXPECT_EQ(v.record.edition, "2026-27");
  EXPECT_EQ(v.record.copied_from, last_year);
  const ItemView* ico = v.find("1.1");
  ASSERT_NE(ico, nullptr);
  EXPECT_TRUE(ico->carried_over);
  EXPECT_FALSE(ico->met);  // counts only once confirmed
  EXPECT_EQ(ico->note, "On the office wall");
  EXPECT_EQ(v.find("9.13"), nullptr);
  auto answers = db().read([&](Connection& c) { return tks::answers_of(c, this_year); });
  EXPECT_EQ(answers.count("9.13"), 0u);
  // Confirming the answer (saving it again) makes it count.
  save_answer(db(), *library, actor, org, this_year, "1.1", {"ZA123456"}, "On the office wall",
              kAutumn2026);
  auto after = load_assessment(db(), *library, actor, org, this_year, kAutumn2026);
  EXPECT_FALSE(after.find("1.1")->carried_over);
  EXPECT_TRUE(after.find("1.1")->met);
  // Starting again returns the same assessment.
  EXPECT_EQ(start_assessment(db(), *library, actor, org, true, kAutumn2026), this_year);
}

TEST_F(ToolkitStoreTest, HistoryKeepsEveryChangeAndPublicationsCannotChange) {
  const int64_t a = start_assessment(db(), *library, actor, org, false, kAutumn2026);
  save_answer(db(), *library, actor, org, a, "3.2", {"80"}, "", kAutumn2026);
  save_answer(db(), *library, actor, org, a, "3.2", {"80"}, "",
              kAutumn2026 + 1);  // no change: no history
  save_answer(db(), *library, actor, org, a, "3.2", {"97"}, "After the spring course",
              kAutumn2026 + 2);
  auto history = db().read([&](Connection& c) { return tks::history_of(c, a, "3.2"); });
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].changed_by_name, "Grace Lead");
  EXPECT_NE(history[0].new_value.find("97"), std::string::npos);
  EXPECT_NE(history[0].old_value.find("80"), std::string::npos);
  EXPECT_TRUE(history[1].old_value.empty());

  // Wrong input changes nothing.
  EXPECT_THROW(save_answer(db(), *library, actor, org, a, "3.2", {"150"}, "", kAutumn2026 + 3),
               Error);
  EXPECT_EQ(db().read([&](Connection& c) { return tks::history_of(c, a, "3.2"); }).size(), 2u);

  // Publish (Not Met, with a plan for every gap), then try to change the snapshot directly.
  auto v = load_assessment(db(), *library, actor, org, a, kAutumn2026);
  std::vector<tks::PlanRecord> plan;
  for (const auto& id : v.gaps.for_met) plan.push_back({id, "Fix it", "Grace", "2027-03-31"});
  save_plan(db(), *library, actor, org, a, plan, kAutumn2026);
  auto result = publish(db(), *library, actor, org, a, "kettle orange bicycle", "127.0.0.1",
                        kAutumn2026 + 10);
  EXPECT_EQ(result.status, Status::not_met);
  EXPECT_THROW(
      db().transaction([&](Connection& c) { c.exec("UPDATE publications SET status = 'met'"); }),
      Error);
  EXPECT_THROW(db().transaction([&](Connection& c) { c.exec("DELETE FROM publications"); }), Error);
  EXPECT_EQ(organisation_status(db(), org, kAutumn2026 + 20).status, Status::not_met);
}

}  // namespace
}  // namespace cg::test
