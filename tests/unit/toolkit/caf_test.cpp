#include "toolkit/scoring/caf.h"

#include <gtest/gtest.h>

namespace {

using namespace cg::toolkit;

Outcome three_level() {
  Outcome o;
  o.id = "B5.c";
  o.levels = {CafLevel::not_achieved, CafLevel::partially_achieved, CafLevel::achieved};
  o.indicators = {{"NA1", "", CafLevel::not_achieved},
                  {"NA2", "", CafLevel::not_achieved},
                  {"PA1", "", CafLevel::partially_achieved},
                  {"PA2", "", CafLevel::partially_achieved},
                  {"A1", "", CafLevel::achieved},
                  {"A2", "", CafLevel::achieved}};
  return o;
}

TEST(CafDerivation, LevelFromIndicators) {
  Outcome two = three_level();
  two.levels = {CafLevel::not_achieved, CafLevel::achieved};
  two.indicators.erase(two.indicators.begin() + 2, two.indicators.begin() + 4);
  struct Case {
    const char* name;
    const Outcome& outcome;
    std::set<std::string> true_indicators;
    CafLevel level;
  };
  const Outcome three = three_level();
  const Case cases[] = {
      {"nothing true", three, {}, CafLevel::not_achieved},
      {"all achieved", three, {"A1", "A2"}, CafLevel::achieved},
      {"achieved but a not-achieved is true", three, {"A1", "A2", "NA1"}, CafLevel::not_achieved},
      {"some achieved only", three, {"A1"}, CafLevel::not_achieved},
      {"all partially", three, {"PA1", "PA2"}, CafLevel::partially_achieved},
      {"all partially and some achieved",
       three,
       {"PA1", "PA2", "A1"},
       CafLevel::partially_achieved},
      {"one partially", three, {"PA1"}, CafLevel::not_achieved},
      {"two-level, all achieved", two, {"A1", "A2"}, CafLevel::achieved},
      {"two-level, not all", two, {"A1"}, CafLevel::not_achieved},
  };
  for (const auto& c : cases)
    EXPECT_EQ(derive_level(c.outcome, c.true_indicators), c.level) << c.name;
}

TEST(CafProfiles, ComparesEachOutcome) {
  Profile p;
  p.id = "baseline";
  p.expected = {{"A1.a", CafLevel::partially_achieved},
                {"B5.c", CafLevel::achieved},
                {"C1.a", CafLevel::not_achieved}};
  auto gaps = compare_with_profile(
      p, {{"A1.a", CafLevel::achieved}, {"B5.c", CafLevel::partially_achieved}});
  ASSERT_EQ(gaps.size(), 3u);
  for (const auto& g : gaps) {
    // C1.a: nothing expected and nothing reached still meets the profile.
    EXPECT_EQ(g.meets(), g.outcome_id != "B5.c") << g.outcome_id;
  }
}

TEST(Crosswalk, ProjectsMetItemsOntoOutcomes) {
  Framework caf;
  caf.objectives = {{"B", "Protect", {{"B5", "Resilience", {three_level()}}}}};
  Outcome other;
  other.id = "C1.a";
  caf.objectives[0].principles[0].outcomes.push_back(other);
  Framework walk;
  walk.mappings = {{"7.1", "B5.c", Relationship::subset, CafLevel::partially_achieved, ""},
                   {"7.2", "B5.c", Relationship::intersects, CafLevel::achieved, ""}};
  auto none = project_through_crosswalk(caf, walk, {});
  ASSERT_EQ(none.size(), 2u);
  EXPECT_TRUE(none[0].covered);
  EXPECT_FALSE(none[0].supported.has_value());
  EXPECT_EQ(none[0].unmet_items.size(), 2u);
  EXPECT_FALSE(none[1].covered);  // the toolkit cannot speak to C1.a

  auto one = project_through_crosswalk(caf, walk, {"7.1"});
  EXPECT_EQ(one[0].supported, CafLevel::partially_achieved);
  auto both = project_through_crosswalk(caf, walk, {"7.1", "7.2"});
  EXPECT_EQ(both[0].supported, CafLevel::achieved);
  EXPECT_EQ(both[0].supporting_items, (std::vector<std::string>{"7.1", "7.2"}));
}

}  // namespace
