// Statuses over the years reproduce the published trend, by type, and deterministically.
#include "demo/statuses.h"

#include <gtest/gtest.h>

#include <map>

#include "demo/dates.h"
#include "demo/population.h"

namespace cg::demo {
namespace {

constexpr double kTrend[kPastEditions] = {14, 35, 55, 68, 76};
constexpr double kNotPublished[kPastEditions] = {76, 51, 32, 22, 15};

TEST(DemoStatuses, SharesAddUpToOneForEveryTypeAndEdition) {
  for (int e = 0; e < kPastEditions; ++e) {
    for (const auto& t : type_shares()) {
      const Shares s = shares_for(t.type, e);
      EXPECT_NEAR(s.not_published + s.not_met + s.approaching + s.met + s.exceeded, 1.0, 1e-9);
      for (double x : {s.not_published, s.not_met, s.approaching, s.met, s.exceeded})
        EXPECT_GE(x, 0.0);
    }
    EXPECT_NEAR(national_shares(e).compliant() * 100, kTrend[e], 1e-9);
  }
}

TEST(DemoStatuses, PassRateFollowsThePublishedTrendWithinThreePoints) {
  const int64_t n = 4500;
  const auto all = providers(n, 20261122);
  for (int e = 0; e < kPastEditions; ++e) {
    std::map<OrgType, std::pair<int, int>> by_type;  // compliant, total
    int compliant = 0, not_published = 0;
    for (const auto& p : all) {
      const Status s = past_status(20261122, p.index, p.type, e);
      const bool ok = s == Status::met || s == Status::exceeded;
      compliant += ok;
      not_published += s == Status::not_published;
      by_type[p.type].first += ok;
      ++by_type[p.type].second;
    }
    SCOPED_TRACE(kEditions[static_cast<size_t>(e)]);
    EXPECT_NEAR(100.0 * compliant / n, kTrend[e], 3.0);
    auto share = [&](OrgType t) { return double(by_type[t].first) / by_type[t].second; };
    EXPECT_GT(share(OrgType::care_home), share(OrgType::home_care) + 0.05);
    EXPECT_GT(share(OrgType::nhs_trust) + 0.05, share(OrgType::care_home));
    // Fewer organisations fail to publish as the years go by.
    EXPECT_NEAR(100.0 * not_published / n, kNotPublished[e], 3.0);
  }
}

TEST(DemoStatuses, ReadinessLastsSoEarlyCompliersMostlyStayCompliant) {
  const auto all = providers(4500, 5);
  int was = 0, stayed = 0;
  for (const auto& p : all) {
    auto ok = [&](int e) {
      Status s = past_status(5, p.index, p.type, e);
      return s == Status::met || s == Status::exceeded;
    };
    if (ok(1)) {
      ++was;
      stayed += ok(4);
    }
  }
  EXPECT_GT(stayed, was * 85 / 100);
}

TEST(DemoStatuses, CurrentEditionAboutTenPercentPublishedMostlyMet) {
  const auto all = providers(4500, 3);
  int published = 0, started = 0, met = 0;
  for (const auto& p : all) {
    const CurrentState c = current_state(3, p.index, p.type);
    started += c.started;
    if (c.status != Status::not_published) {
      ++published;
      met += c.status == Status::met || c.status == Status::exceeded;
      EXPECT_TRUE(c.started);
    }
  }
  EXPECT_NEAR(100.0 * published / 4500, 10, 3);
  EXPECT_GT(met, published * 75 / 100);
  EXPECT_NEAR(100.0 * started / 4500, 42, 4);
}

TEST(DemoStatuses, SameSeedSameStatuses) {
  for (int64_t i = 0; i < 200; ++i)
    for (int e = 0; e < kPastEditions; ++e)
      EXPECT_EQ(past_status(9, i, OrgType::care_home, e), past_status(9, i, OrgType::care_home, e));
  int differ = 0;
  for (int64_t i = 0; i < 200; ++i)
    differ += past_status(9, i, OrgType::care_home, 2) != past_status(10, i, OrgType::care_home, 2);
  EXPECT_GT(differ, 20);
}

TEST(DemoStatuses, PublicationDatesFallInTheEditionAndBeforeToday) {
  struct Case {
    const char* edition;
    const char* today;
    const char* first;
    const char* last;
  };
  const Case cases[] = {{"2021-22", "2026-11-22", "2021-07-01", "2022-06-30"},
                        {"2025-26", "2026-11-22", "2025-07-01", "2026-06-30"},
                        {"2026-27", "2026-11-22", "2026-07-01", "2026-11-21"}};
  for (const auto& c : cases) {
    int near_deadline = 0;
    for (int64_t i = 0; i < 500; ++i) {
      const std::string d = publication_date(1, i, c.edition, c.today);
      EXPECT_GE(d, c.first) << c.edition;
      EXPECT_LE(d, c.last) << c.edition;
      near_deadline += day_number(c.last) - day_number(d) <= 60;
    }
    EXPECT_GT(near_deadline, 150) << c.edition;
  }
  EXPECT_EQ(edition_deadline("2023-24"), "2024-06-30");
}

TEST(DemoDates, RoundTripsAndKnownDays) {
  EXPECT_EQ(day_number("1970-01-01"), 0);
  EXPECT_EQ(date_of(day_number("2024-02-29")), "2024-02-29");
  EXPECT_EQ(add_days("2026-02-28", 1), "2026-03-01");
  EXPECT_EQ(add_days("2024-02-28", 1), "2024-02-29");
  EXPECT_EQ(add_days("2026-01-01", -1), "2025-12-31");
  EXPECT_EQ(noon_utc("2026-11-22"), 1795348800);
  EXPECT_THROW(day_number("22/11/2026"), std::invalid_argument);
}

}  // namespace
}  // namespace cg::demo
