// The support dashboard's provider table over a hand-made portfolio: which rows each filter
// keeps, the order of each sort (both directions, ties by name), pages, the help summary and
// how long a summarised portfolio stays true.
#include "oversight/portfolio_table.h"

#include <gtest/gtest.h>

#include "toolkit/scoring/london_time.h"

namespace cg::oversight {
namespace {

const int64_t kNow = toolkit::london_day_end_utc("2026-11-22") - 3600;  // 22 November, 23:00

StatusRecord record(const std::string& edition, const std::string& status,
                    const std::string& last_day, const std::string& plan_due = "") {
  StatusRecord r;
  r.edition = edition;
  r.status = status;
  r.published_on = "2026-05-01";
  r.valid_until = toolkit::london_day_end_utc(last_day);
  r.plan_due_on = plan_due;
  return r;
}

ProviderFacts provider(int64_t id, const std::string& name, const std::string& ods,
                       std::vector<StatusRecord> statuses, Share met = {}, int64_t activity = 0) {
  ProviderFacts f;
  f.org.id = id;
  f.org.name = name;
  f.org.ods_code = ods;
  f.statuses = std::move(statuses);
  f.started = met.whole > 0;
  f.met_answered = met;
  f.approaching_answered = met;
  f.last_activity = activity;
  return f;
}

// A portfolio listed in no particular order: summarise_portfolio puts it by name.
PortfolioSnapshot portfolio() {
  std::vector<ProviderFacts> facts = {
      provider(5, "elm house", "E5", {record("2025-26", "met", "2027-06-30")}, {30, 40}, 500),
      provider(1, "Ash Lodge", "A1", {record("2026-27", "not_met", "2028-06-30", "2026-11-01")},
               {10, 40}, 300),
      provider(3, "Cedar Care", "C3", {record("2025-26", "approaching", "2027-01-10")}, {40, 40},
               100),
      provider(2, "Birch Court", "B2", {}, {}, 0),
      provider(4, "Dale View", "D4", {record("2024-25", "met", "2026-06-30")}, {20, 40}, 200),
      provider(6, "Ash Lodge", "A6", {record("2025-26", "exceeded", "2027-06-30")}, {}, 0),
  };
  return summarise_portfolio(std::move(facts), kNow);
}

std::vector<VisibleProvider> all_visible(const PortfolioSnapshot& s, bool progress = true) {
  std::vector<VisibleProvider> out;
  for (const auto& e : s.entries) out.push_back({&e, progress});
  return out;
}

std::vector<int64_t> ids(const PortfolioPage& page) {
  std::vector<int64_t> out;
  for (const auto& r : page.rows) out.push_back(r.entry->facts.org.id);
  return out;
}

TEST(PortfolioTable, SummarisedByNameIgnoringCaseThenId) {
  const auto s = portfolio();
  std::vector<int64_t> order;
  for (const auto& e : s.entries) order.push_back(e.facts.org.id);
  EXPECT_EQ(order, (std::vector<int64_t>{1, 6, 2, 3, 4, 5}));
}

TEST(PortfolioTable, StaysTrueUntilTheDayEndsOrAPublicationStopsCounting) {
  // Nothing stops counting before midnight: good until the end of the day.
  EXPECT_EQ(portfolio().good_until, toolkit::london_day_end_utc("2026-11-22"));
  // A publication that stops counting at 23:30 ends it sooner.
  std::vector<ProviderFacts> facts = {
      provider(1, "A", "", {record("2025-26", "met", "2027-06-30")})};
  facts[0].statuses[0].valid_until = kNow + 1800;
  const auto s = summarise_portfolio(std::move(facts), kNow);
  EXPECT_EQ(s.good_until, kNow + 1800);
  EXPECT_EQ(s.made_at, kNow);
  EXPECT_EQ(s.entries[0].summary.status, "met");
}

TEST(PortfolioTable, FiltersSortsAndPages) {
  const auto s = portfolio();
  const auto visible = all_visible(s);
  struct Case {
    std::string name;
    PortfolioQuery query;
    std::vector<int64_t> ids;
    int64_t total;
    int64_t pages;
  };
  auto q = [](auto change) {
    PortfolioQuery query;
    change(query);
    return query;
  };
  const std::vector<Case> cases = {
      {"everyone by name", {}, {1, 6, 2, 3, 4, 5}, 6, 1},
      {"by name descending", q([](auto& x) { x.descending = true; }), {5, 4, 3, 2, 6, 1}, 6, 1},
      {"status that counts now (Dale has lapsed: Not Published)",
       q([](auto& x) { x.sort = "status"; }),
       {2, 4, 1, 3, 5, 6},
       6,
       1},
      {"status descending, ties by name descending",
       q([](auto& x) {
         x.sort = "status";
         x.descending = true;
       }),
       {6, 5, 3, 1, 4, 2},
       6,
       1},
      {"counts until (never published first)",
       q([](auto& x) { x.sort = "expires"; }),
       {2, 4, 3, 6, 5, 1},
       6,
       1},
      {"Standards Met progress (not started lowest)",
       q([](auto& x) { x.sort = "met"; }),
       {6, 2, 1, 4, 5, 3},
       6,
       1},
      {"last activity, most recent first",
       q([](auto& x) {
         x.sort = "activity";
         x.descending = true;
       }),
       {5, 1, 4, 3, 2, 6},
       6,
       1},
      {"status filter", q([](auto& x) { x.status = "met"; }), {5}, 1, 1},
      {"not published", q([](auto& x) { x.status = "not_published"; }), {2, 4}, 2, 1},
      {"anyone needing help", q([](auto& x) { x.help = "any"; }), {1, 2, 3, 4}, 4, 1},
      {"one reason", q([](auto& x) { x.help = "expiring"; }), {3}, 1, 1},
      {"name, any case", q([](auto& x) { x.name = "ASH"; }), {1, 6}, 2, 1},
      {"ODS code", q([](auto& x) { x.name = "c3"; }), {3}, 1, 1},
      {"nothing matches", q([](auto& x) { x.name = "zzz"; }), {}, 0, 0},
      {"page 2 of 3",
       q([](auto& x) {
         x.page_size = 2;
         x.page = 2;
       }),
       {2, 3},
       6,
       3},
      {"past the last page",
       q([](auto& x) {
         x.page_size = 4;
         x.page = 3;
       }),
       {},
       6,
       2},
      {"every row", q([](auto& x) { x.page_size = 0; }), {1, 6, 2, 3, 4, 5}, 6, 1},
  };
  for (const auto& c : cases) {
    const auto page = portfolio_page(visible, c.query);
    EXPECT_EQ(ids(page), c.ids) << c.name;
    EXPECT_EQ(page.total, c.total) << c.name;
    EXPECT_EQ(page.pages, c.pages) << c.name;
  }
}

TEST(PortfolioTable, ProgressThatIsNotSharedSortsAsNotStarted) {
  const auto s = portfolio();
  auto visible = all_visible(s);
  for (auto& v : visible)
    if (v.entry->facts.org.id == 3) v.progress = false;  // Cedar, 40 of 40, not shared
  PortfolioQuery q;
  q.sort = "met";
  q.descending = true;
  const auto page = portfolio_page(visible, q);
  // Cedar goes with those not started (by name descending among them), not first.
  EXPECT_EQ(ids(page), (std::vector<int64_t>{5, 4, 1, 3, 2, 6}));
}

TEST(PortfolioTable, HelpSummaryCountsEachReasonAndListsTheMostUrgent) {
  const auto s = portfolio();
  const auto help = help_summary(all_visible(s), 3);
  EXPECT_EQ(help.needing_help, 4);
  const std::vector<std::pair<std::string, int64_t>> reasons = {
      {"plan_overdue", 1}, {"not_met", 1},     {"expiring", 1},
      {"lapsed", 1},       {"not_started", 1}, {"not_published", 1}};
  EXPECT_EQ(help.by_reason, reasons);
  std::vector<int64_t> urgent;
  for (const auto& p : help.most_urgent) urgent.push_back(p.entry->facts.org.id);
  // Plan overdue, then the publication about to stop counting, then the lapsed one.
  EXPECT_EQ(urgent, (std::vector<int64_t>{1, 3, 4}));
  EXPECT_EQ(help_summary({}, 10).needing_help, 0);
}

TEST(PortfolioTable, KnownReasonsAndSorts) {
  for (const char* r : kHelpReasons) EXPECT_TRUE(is_help_reason(r)) << r;
  EXPECT_FALSE(is_help_reason("any"));
  EXPECT_FALSE(is_help_reason(""));
  for (const char* s : kPortfolioSorts) EXPECT_TRUE(is_portfolio_sort(s)) << s;
  EXPECT_FALSE(is_portfolio_sort("NAME"));
}

}  // namespace
}  // namespace cg::oversight
