// Generated assessments get exactly the status wanted under the toolkit's own rules, for both
// editions with content, every type of organisation and many seeds.
#include "demo/answers.h"

#include <gtest/gtest.h>

#include <set>

#include "toolkit/answers/answer_input.h"
#include "toolkit/content/loader.h"

namespace cg::demo {
namespace {

using identity::OrgType;
using toolkit::Mandatory;
using toolkit::Status;

const toolkit::Library& library() {
  static const toolkit::Library lib =
      toolkit::Library::load(std::string(CAREGUARD_SOURCE_DIR) + "/content/frameworks");
  return lib;
}

class DemoAnswers : public ::testing::TestWithParam<const char*> {
 protected:
  const toolkit::Framework& framework() {
    const auto* f = library().find("care-toolkit", GetParam());
    EXPECT_NE(f, nullptr);
    return *f;
  }
};

TEST_P(DemoAnswers, EveryItemHasAnAnswerThatMeetsIt) {
  AnswerBook book(framework());
  EXPECT_EQ(book.items().size(), framework().all_items().size());
  int with_unmet = 0;
  for (const auto& ia : book.items()) {
    EXPECT_FALSE(ia.met.empty()) << ia.item->id;
    with_unmet += !ia.unmet.empty();
  }
  EXPECT_GT(with_unmet, 40);  // most items can also be answered in a way that falls short
}

TEST_P(DemoAnswers, PublishedAssessmentsGetTheWantedStatus) {
  AnswerBook book(framework());
  const OrgType types[] = {OrgType::care_home, OrgType::home_care, OrgType::supported_living,
                           OrgType::gp_practice, OrgType::nhs_trust};
  for (Status wanted : {Status::not_met, Status::approaching, Status::met, Status::exceeded})
    for (OrgType type : types)
      for (uint64_t seed = 0; seed < 30; ++seed) {
        Rng rng(seed);
        const int64_t staff =
            type == OrgType::nhs_trust ? 4000 : 8 + static_cast<int64_t>(seed) * 3;
        GeneratedAssessment a;
        ASSERT_NO_THROW(a = published_assessment(book, type, staff, wanted, "2026-03-10", rng));
        EXPECT_EQ(a.status, wanted);
        std::set<std::string> unmet_mandatory;
        for (const auto& r : a.results)
          if (r.applies && r.mandatory != Mandatory::none && !r.met)
            unmet_mandatory.insert(r.item_id);
        if (wanted == Status::met || wanted == Status::exceeded) {
          EXPECT_TRUE(unmet_mandatory.empty());
          EXPECT_TRUE(a.plan.empty());
        } else {
          EXPECT_FALSE(unmet_mandatory.empty());
          // The plan covers every unmet mandatory item, with an owner and a date to come.
          std::set<std::string> planned;
          for (const auto& p : a.plan) {
            planned.insert(p.item_id);
            EXPECT_FALSE(p.owner.empty());
            EXPECT_GT(p.target_date, "2026-03-10");
            EXPECT_LE(p.target_date, "2026-09-10");
          }
          EXPECT_EQ(planned, unmet_mandatory);
        }
        for (const auto& ans : a.answers)
          EXPECT_TRUE(toolkit::answer_from_json(ans.json, 0).value.present) << ans.json;
      }
}

TEST_P(DemoAnswers, PartialAssessmentsAnswerAboutTheShareAsked) {
  AnswerBook book(framework());
  Rng rng(4);
  int answered = 0;
  for (int i = 0; i < 40; ++i)
    answered += static_cast<int>(
        partial_assessment(book, OrgType::care_home, 30, 0.5, "2026-10-01", rng).answers.size());
  const double per = answered / 40.0;
  EXPECT_GT(per, book.items().size() * 0.4);
  EXPECT_LT(per, book.items().size() * 0.6);
}

TEST_P(DemoAnswers, SameSeedSameAnswers) {
  AnswerBook book(framework());
  Rng a(77), b(77);
  auto x = published_assessment(book, OrgType::home_care, 40, Status::not_met, "2026-05-01", a);
  auto y = published_assessment(book, OrgType::home_care, 40, Status::not_met, "2026-05-01", b);
  ASSERT_EQ(x.answers.size(), y.answers.size());
  for (size_t i = 0; i < x.answers.size(); ++i) EXPECT_EQ(x.answers[i].json, y.answers[i].json);
  ASSERT_EQ(x.plan.size(), y.plan.size());
  for (size_t i = 0; i < x.plan.size(); ++i)
    EXPECT_EQ(x.plan[i].target_date, y.plan[i].target_date);
}

INSTANTIATE_TEST_SUITE_P(Editions, DemoAnswers, ::testing::Values("2025-26", "2026-27"));

}  // namespace
}  // namespace cg::demo
