// The dashboard read model over hand-made counters: each case lists the counters of one area
// and what the dashboard must say about them.
#include "oversight/dashboard.h"

#include <gtest/gtest.h>

#include "toolkit/scoring/london_time.h"
#include "toolkit/scoring/status.h"

namespace cg::oversight {
namespace {

using Counters = std::vector<Counter>;

Counter k(const std::string& edition, const std::string& dimension, const std::string& value,
          const std::string& status, int64_t count) {
  return {0, edition, dimension, value, status, count};
}

StatusCounts counts(int64_t np, int64_t nm, int64_t ap, int64_t met, int64_t ex) {
  StatusCounts s;
  s.counts = {np, nm, ap, met, ex};
  s.total = np + nm + ap + met + ex;
  return s;
}

// A small nation: 10 organisations (6 care homes in region 7 / ICS 70, 3 home care in region 8
// / ICS 80, 1 GP practice with no region), statuses in two editions.
Counters nation() {
  return {
      k("", "all", "", "total", 10), k("", "type", "care_home", "total", 6),
      k("", "type", "home_care", "total", 3), k("", "type", "gp_practice", "total", 1),
      k("", "region", "7", "total", 6), k("", "region", "8", "total", 3),
      k("", "ics", "70", "total", 6), k("", "ics", "80", "total", 3),
      k("", "size", "micro", "total", 2), k("", "size", "small", "total", 5),
      k("", "size", "large", "total", 3),
      // 2025-26: 4 met, 1 not met, 1 exceeded (all care homes but one home care met).
      k("2025-26", "all", "", "met", 4), k("2025-26", "all", "", "not_met", 1),
      k("2025-26", "all", "", "exceeded", 1), k("2025-26", "type", "care_home", "met", 3),
      k("2025-26", "type", "care_home", "not_met", 1),
      k("2025-26", "type", "care_home", "exceeded", 1), k("2025-26", "type", "home_care", "met", 1),
      k("2025-26", "region", "7", "met", 3), k("2025-26", "region", "7", "not_met", 1),
      k("2025-26", "region", "7", "exceeded", 1), k("2025-26", "region", "8", "met", 1),
      k("2025-26", "ics", "70", "met", 3), k("2025-26", "ics", "70", "not_met", 1),
      k("2025-26", "ics", "70", "exceeded", 1), k("2025-26", "ics", "80", "met", 1),
      k("2025-26", "size", "small", "met", 4), k("2025-26", "size", "small", "not_met", 1),
      k("2025-26", "size", "large", "exceeded", 1),
      // 2026-27: the GP practice approaching.
      k("2026-27", "all", "", "approaching", 1),
      k("2026-27", "type", "gp_practice", "approaching", 1),
      k("2026-27", "size", "micro", "approaching", 1),
      // Items, expiry and plans.
      k("2025-26", "item", "1.2", "unmet", 1), k("2025-26", "item", "3.1", "unmet", 1),
      k("2026-27", "item", "3.1", "unmet", 1), k("2026-27", "item", "7.4", "unmet", 1),
      k("", "expires", "2026-11-21", "latest", 1),  // yesterday: no longer counts
      k("", "expires", "2026-11-22", "latest", 2),  // today: within 30
      k("", "expires", "2026-12-21", "latest", 1),  // today + 29: within 30
      k("", "expires", "2026-12-22", "latest", 1),  // today + 30: within 60
      k("", "expires", "2027-02-19", "latest", 1),  // today + 89: within 90
      k("", "expires", "2027-02-20", "latest", 1),  // today + 90: none
      k("", "plan_due", "2026-11-01", "latest", 2),
      k("", "plan_due", "2026-11-22", "latest", 1),  // due today: not yet overdue
  };
}

constexpr const char* kToday = "2026-11-22";

TEST(Dashboard, StatusCountsOfSlices) {
  const Counters c = nation();
  struct Case {
    const char* edition;
    const char* dimension;
    const char* value;
    StatusCounts expected;
  };
  const Case cases[] = {
      {"2025-26", "all", "", counts(4, 1, 0, 4, 1)},
      {"2026-27", "all", "", counts(9, 0, 1, 0, 0)},
      {"2024-25", "all", "", counts(10, 0, 0, 0, 0)},
      {"2025-26", "type", "care_home", counts(1, 1, 0, 3, 1)},
      {"2025-26", "type", "home_care", counts(2, 0, 0, 1, 0)},
      {"2025-26", "type", "gp_practice", counts(1, 0, 0, 0, 0)},
      {"2026-27", "type", "gp_practice", counts(0, 0, 1, 0, 0)},
      {"2025-26", "region", "8", counts(2, 0, 0, 1, 0)},
      {"2025-26", "size", "medium", counts(0, 0, 0, 0, 0)},
      {"2025-26", "type", "pharmacy", counts(0, 0, 0, 0, 0)},
  };
  for (const auto& t : cases) {
    auto got = status_counts(c, t.edition, t.dimension, t.value);
    EXPECT_EQ(got.counts, t.expected.counts) << t.edition << " " << t.dimension << " " << t.value;
    EXPECT_EQ(got.total, t.expected.total) << t.edition << " " << t.dimension << " " << t.value;
  }
  EXPECT_EQ(status_counts(c, "2025-26").published(), 6);
  EXPECT_EQ(status_counts(c, "2025-26").of("met"), 4);
  EXPECT_EQ(status_counts(c, "2025-26").of("bogus"), 0);
}

TEST(Dashboard, EditionsNewestFirstAndTrendOldestFirst) {
  const Counters c = nation();
  EXPECT_EQ(editions_in(c), (std::vector<std::string>{"2026-27", "2025-26"}));
  auto t = trend(c);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].edition, "2025-26");
  EXPECT_EQ(t[0].counts, counts(4, 1, 0, 4, 1));
  EXPECT_EQ(t[1].edition, "2026-27");
  EXPECT_EQ(t[1].counts, counts(9, 0, 1, 0, 0));
  // Items alone do not make an edition.
  EXPECT_TRUE(editions_in({k("2020-21", "item", "1.1", "unmet", 3)}).empty());
  EXPECT_TRUE(trend({}).empty());
}

TEST(Dashboard, BreakdownsWithRemainder) {
  const Counters c = nation();
  auto regions = breakdown(c, "2025-26", "region", true);
  ASSERT_EQ(regions.size(), 3u);
  EXPECT_EQ(regions[0], (Slice{"7", "", counts(1, 1, 0, 3, 1)}));
  EXPECT_EQ(regions[1], (Slice{"8", "", counts(2, 0, 0, 1, 0)}));
  // The GP practice is in no region.
  EXPECT_EQ(regions[2], (Slice{"", "", counts(1, 0, 0, 0, 0)}));
  EXPECT_EQ(breakdown(c, "2025-26", "region", false).size(), 2u);
  auto types = breakdown(c, "2026-27", "type");
  ASSERT_EQ(types.size(), 3u);
  EXPECT_EQ(types[0].value, "care_home");
  EXPECT_EQ(types[1].value, "gp_practice");
  EXPECT_EQ(types[1].counts, counts(0, 0, 1, 0, 0));
  EXPECT_EQ(types[2].value, "home_care");
  // Slices add up to the whole.
  StatusCounts sum;
  for (const auto& s : breakdown(c, "2025-26", "size", true)) {
    for (size_t i = 0; i < kStatusCount; ++i) sum.counts[i] += s.counts.counts[i];
    sum.total += s.counts.total;
  }
  EXPECT_EQ(sum, status_counts(c, "2025-26"));
}

TEST(Dashboard, TypeGroups) {
  const std::pair<identity::OrgType, const char*> cases[] = {
      {identity::OrgType::care_home, "care_homes"},
      {identity::OrgType::home_care, "home_care"},
      {identity::OrgType::supported_living, "other_social_care"},
      {identity::OrgType::other_social_care, "other_social_care"},
      {identity::OrgType::local_authority, "other_social_care"},
      {identity::OrgType::supplier, "other_social_care"},
      {identity::OrgType::gp_practice, "nhs"},
      {identity::OrgType::nhs_trust, "nhs"},
      {identity::OrgType::pharmacy, "nhs"},
  };
  for (const auto& [type, group] : cases) EXPECT_STREQ(type_group(type), group);
  auto groups = by_type_group(nation(), "2025-26");
  ASSERT_EQ(groups.size(), 4u);
  EXPECT_EQ(groups[0], (Slice{"care_homes", "", counts(1, 1, 0, 3, 1)}));
  EXPECT_EQ(groups[1], (Slice{"home_care", "", counts(2, 0, 0, 1, 0)}));
  EXPECT_EQ(groups[2], (Slice{"other_social_care", "", counts(0, 0, 0, 0, 0)}));
  EXPECT_EQ(groups[3], (Slice{"nhs", "", counts(1, 0, 0, 0, 0)}));
  EXPECT_EQ(groups[3].label, "NHS (GP practices, trusts, pharmacies)");
}

TEST(Dashboard, MostUnmetItems) {
  Counters c = nation();
  c.push_back(k("2025-26", "item", "9.9", "unmet", 5));
  c.push_back(k("2025-26", "item", "0.1", "unmet", 1));
  auto items = most_unmet(c, "2025-26", 3);
  EXPECT_EQ(items, (std::vector<ItemCount>{{"9.9", 5}, {"0.1", 1}, {"1.2", 1}}));
  EXPECT_EQ(most_unmet(c, "2026-27", 10), (std::vector<ItemCount>{{"3.1", 1}, {"7.4", 1}}));
  EXPECT_TRUE(most_unmet(c, "2019-20", 10).empty());
}

TEST(Dashboard, ExpiryWindowsAndOverduePlans) {
  const Counters c = nation();
  auto e = expiring(c, kToday);
  EXPECT_EQ(e.expired, 1);
  EXPECT_EQ(e.within_30, 3);
  EXPECT_EQ(e.within_60, 4);
  EXPECT_EQ(e.within_90, 5);
  EXPECT_EQ(plans_overdue(c, kToday), 2);
  EXPECT_EQ(plans_overdue(c, "2026-11-23"), 3);
  EXPECT_EQ(plans_overdue(c, "2026-11-01"), 0);
}

TEST(Dashboard, AddDays) {
  const std::tuple<const char*, int, const char*> cases[] = {
      {"2026-11-22", 30, "2026-12-22"}, {"2026-12-31", 1, "2027-01-01"},
      {"2028-02-28", 1, "2028-02-29"},  {"2027-02-28", 1, "2027-03-01"},
      {"2026-03-01", -1, "2026-02-28"}, {"2026-11-22", 0, "2026-11-22"},
      {"2026-11-22", 90, "2027-02-20"},
  };
  for (const auto& [from, days, to] : cases) EXPECT_EQ(add_days(from, days), to) << from << days;
}

TEST(Dashboard, PercentagesRoundHalfUp) {
  const std::tuple<int64_t, int64_t, const char*> cases[] = {
      {0, 0, "0%"},      {1, 3, "33.3%"}, {2, 3, "66.7%"}, {1, 8, "12.5%"},
      {1, 2000, "0.1%"}, {1, 2001, "0%"}, {7, 7, "100%"},  {45000, 45000, "100%"},
  };
  for (const auto& [part, whole, text] : cases) EXPECT_EQ(percent_text(part, whole), text);
  EXPECT_EQ(per_mille(1, 3), 333);
}

TEST(Dashboard, AreaFiguresShowTheBreakdownsOfTheArea) {
  const Counters c = nation();
  auto n = area_figures(c, AreaKind::nation, "2025-26", kToday);
  EXPECT_EQ(n.overall, counts(4, 1, 0, 4, 1));
  EXPECT_EQ(n.by_region.size(), 3u);
  EXPECT_EQ(n.by_ics.size(), 3u);
  EXPECT_EQ(n.by_size.size(), 4u);  // every band, zeros included
  EXPECT_EQ(n.by_size[2].counts.total, 0);
  EXPECT_EQ(n.by_type[0].label, "Care home");
  EXPECT_EQ(n.plans_overdue, 2);
  EXPECT_EQ(n.unmet_items.size(), 2u);
  auto r = area_figures(c, AreaKind::region, "2025-26", kToday);
  EXPECT_TRUE(r.by_region.empty());
  EXPECT_FALSE(r.by_ics.empty());
  auto i = area_figures(c, AreaKind::ics, "2025-26", kToday);
  EXPECT_TRUE(i.by_region.empty());
  EXPECT_TRUE(i.by_ics.empty());
  EXPECT_EQ(i.by_group.size(), 4u);
}

// ---------------------------------------------------------------------------------------------

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

TEST(Dashboard, WhoNeedsHelpNow) {
  const int64_t now = toolkit::london_day_end_utc(kToday) - 3600;  // 22 November 2026, 23:00
  struct Case {
    const char* name;
    bool started;
    std::vector<StatusRecord> statuses;
    std::string status;
    std::vector<std::string> help;
  };
  const Case cases[] = {
      {"never started", false, {}, "not_published", {"not_started"}},
      {"started, not published", true, {}, "not_published", {"not_published"}},
      {"met, counts for long", false, {record("2025-26", "met", "2027-06-30")}, "met", {}},
      {"met, expiring in 59 days",
       false,
       {record("2025-26", "met", "2027-01-20")},
       "met",
       {"expiring"}},
      {"met, expiring in 60 days", false, {record("2025-26", "met", "2027-01-21")}, "met", {}},
      {"not met, plan overdue",
       true,
       {record("2026-27", "not_met", "2028-06-30", "2026-11-01")},
       "not_met",
       {"plan_overdue", "not_met"}},
      {"approaching, plan due later",
       true,
       {record("2026-27", "approaching", "2028-06-30", "2026-12-01")},
       "approaching",
       {}},
      {"met with an old plan date",
       false,
       {record("2026-27", "met", "2028-06-30", "2026-01-01")},
       "met",
       {}},
      {"lapsed",
       false,
       {record("2024-25", "met", "2026-06-30")},
       "not_published",
       {"lapsed", "not_started"}},
      {"newest counts, older lapsed",
       true,
       {record("2026-27", "exceeded", "2028-06-30"), record("2024-25", "not_met", "2026-06-30")},
       "exceeded",
       {}},
  };
  for (const auto& t : cases) {
    ProviderFacts f;
    f.started = t.started;
    f.statuses = t.statuses;
    auto s = summarise_provider(f, now);
    EXPECT_EQ(s.status, t.status) << t.name;
    EXPECT_EQ(s.help, t.help) << t.name;
    for (const auto& h : s.help) EXPECT_STRNE(help_label(h), "Unknown") << h;
  }
}

}  // namespace
}  // namespace cg::oversight
