// The national dataset's population: deterministic, in realistic proportions, with valid and
// unique codes spread over every ICS.
#include "demo/population.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "demo/geography.h"
#include "identity/org_rules.h"
#include "oversight/summary.h"

namespace cg::demo {
namespace {

TEST(DemoGeography, SevenRegionsAndFortyTwoSystemsEachInARegion) {
  EXPECT_EQ(regions().size(), 7u);
  ASSERT_EQ(systems().size(), 42u);
  std::set<std::string> codes;
  std::map<int, int> per_region;
  for (const auto& s : systems()) {
    codes.insert(s.code);
    ASSERT_GE(s.region, 0);
    ASSERT_LT(s.region, 7);
    ++per_region[s.region];
    EXPECT_GT(s.population_thousands, 0);
  }
  EXPECT_EQ(codes.size(), 42u);
  EXPECT_EQ(per_region.size(), 7u);
  EXPECT_EQ(per_region[1], 3);   // North West: Lancashire, Greater Manchester, Cheshire
  EXPECT_EQ(per_region[2], 11);  // Midlands
  EXPECT_EQ(support_orgs().size(), 28u);
}

TEST(DemoPopulation, TypeCountsAddUpAndFollowTheShares) {
  for (int64_t n : {100, 600, 4500, 45000, 45001, 199999}) {
    int64_t total = 0;
    for (const auto& [type, count] : type_counts(n)) {
      total += count;
      int per_mille = 0;
      for (const auto& s : type_shares())
        if (s.type == type) per_mille = s.per_mille;
      EXPECT_LE(std::abs(count * 1000 - n * per_mille), 1000)
          << n << " " << identity::to_string(type);
    }
    EXPECT_EQ(total, n);
  }
  int sum = 0;
  for (const auto& s : type_shares()) sum += s.per_mille;
  EXPECT_EQ(sum, 1000);
}

TEST(DemoPopulation, SameSeedSameProvidersOtherSeedOthers) {
  auto a = providers(600, 7);
  auto b = providers(600, 7);
  auto c = providers(600, 8);
  ASSERT_EQ(a.size(), 600u);
  int differ = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_EQ(a[i].ods_code, b[i].ods_code);
    EXPECT_EQ(a[i].staff_count, b[i].staff_count);
    EXPECT_EQ(a[i].ics, b[i].ics);
    EXPECT_EQ(a[i].support, b[i].support);
    if (a[i].name != c[i].name || a[i].type != c[i].type) ++differ;
  }
  EXPECT_GT(differ, 300);
}

TEST(DemoPopulation, CodesAreValidAndUniqueAndSocialCareHasCqcIds) {
  const auto all = providers(45000, 20261122);
  std::set<std::string> ods, cqc;
  for (const auto& p : all) {
    EXPECT_EQ(identity::ods_code_problem(p.ods_code), "") << p.ods_code;
    EXPECT_TRUE(ods.insert(p.ods_code).second) << "repeated " << p.ods_code;
    if (is_social_care(p.type)) {
      EXPECT_EQ(identity::cqc_id_problem(p.cqc_location_id), "") << p.cqc_location_id;
      EXPECT_TRUE(cqc.insert(p.cqc_location_id).second) << "repeated " << p.cqc_location_id;
    } else {
      EXPECT_EQ(p.cqc_location_id, "");
    }
  }
  // Nor do they clash with the regions', ICSs' and support organisations' codes.
  for (const auto& r : regions()) EXPECT_FALSE(ods.count(r.code));
  for (const auto& s : systems()) EXPECT_FALSE(ods.count(s.code));
  for (const auto& s : support_orgs()) EXPECT_FALSE(ods.count(s.code));
}

TEST(DemoPopulation, CodeFamiliesRefuseToRepeat) {
  EXPECT_THROW(trust_code(1296), std::out_of_range);
  EXPECT_THROW(council_code(1000), std::out_of_range);
  EXPECT_NE(trust_code(0), trust_code(1));
  EXPECT_THROW(providers(50, 1), std::out_of_range);
  EXPECT_THROW(providers(kMaxOrgs + 1, 1), std::out_of_range);
}

TEST(DemoPopulation, SizesCoverEveryBandAndOrganisationsSpreadByPopulation) {
  const auto all = providers(45000, 11);
  std::map<std::string, int> bands;
  std::map<int, int> per_ics;
  int in_portfolio = 0, leads = 0, suppliers_outside = 0;
  for (const auto& p : all) {
    ++bands[oversight::size_band(p.staff_count)];
    if (p.ics >= 0) ++per_ics[p.ics];
    if (p.type == OrgType::supplier) suppliers_outside += p.ics < 0;
    if (p.support >= 0) {
      ++in_portfolio;
      // A support organisation's portfolio is in its own region.
      EXPECT_EQ(support_orgs()[static_cast<size_t>(p.support)].region,
                systems()[static_cast<size_t>(p.ics)].region);
    }
    leads += p.has_lead;
  }
  for (const char* band : oversight::kSizeBands) EXPECT_GT(bands[band], 1000) << band;
  EXPECT_EQ(per_ics.size(), 42u);
  // Greater Manchester (2.9m) has several times the organisations of Shropshire (0.5m).
  EXPECT_GT(per_ics[5], 3 * per_ics[16]);
  EXPECT_GT(in_portfolio, 10000);
  EXPECT_GT(leads, 1000);
  EXPECT_EQ(suppliers_outside, 90);
}

}  // namespace
}  // namespace cg::demo
