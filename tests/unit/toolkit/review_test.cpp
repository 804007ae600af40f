// The rules of the independent review, table by table: who may review, what each stage allows,
// what a draft and a finished review must contain, and the plan entries a review leaves.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "toolkit/review/rules.h"

namespace {

using namespace cg::toolkit::review;
using cg::identity::Actor;
using cg::identity::Membership;
using cg::identity::OrgRef;
using cg::identity::OrgType;
using cg::identity::Role;
using cg::toolkit::store::PlanRecord;

// National /1/ > region /1/2/ > ICS /1/2/3/ > providers /1/2/3/4/ (site /1/2/3/4/7/) and
// /1/2/3/5/; support organisation /1/2/6/ with provider 4 in its portfolio.
const OrgRef kProvider{4, "/1/2/3/4/"};
const OrgRef kSite{7, "/1/2/3/4/7/"};
const OrgRef kOtherProvider{5, "/1/2/3/5/"};

Membership member(Role role, int64_t org_id, const std::string& path, OrgType type) {
  Membership m;
  m.id = 1;
  m.person_id = 9;
  m.org_id = org_id;
  m.org_path = path;
  m.org_type = type;
  m.role = role;
  return m;
}

Actor actor_with(Role role, int64_t org_id, const std::string& path, OrgType type,
                 bool portfolio = false) {
  Actor a;
  a.person_id = 9;
  a.memberships.push_back(member(role, org_id, path, type));
  if (portfolio) a.portfolio_paths.emplace_back(6, "/1/2/3/4/");
  return a;
}

struct MayReviewCase {
  const char* who;
  Actor actor;
  OrgRef target;
  bool expected;
};

TEST(ReviewMayReview, AuditorsAtOrAboveAndSupportAdvisersWithThePortfolio) {
  const std::vector<MayReviewCase> cases = {
      {"auditor of the provider", actor_with(Role::auditor, 4, "/1/2/3/4/", OrgType::care_home),
       kProvider, true},
      {"auditor of the provider, its site",
       actor_with(Role::auditor, 4, "/1/2/3/4/", OrgType::care_home), kSite, true},
      {"auditor of the ICS", actor_with(Role::auditor, 3, "/1/2/3/", OrgType::ics), kProvider,
       true},
      {"auditor of the region", actor_with(Role::auditor, 2, "/1/2/", OrgType::region), kProvider,
       true},
      {"auditor of another provider", actor_with(Role::auditor, 5, "/1/2/3/5/", OrgType::care_home),
       kProvider, false},
      {"auditor of the site, for the provider above it",
       actor_with(Role::auditor, 7, "/1/2/3/4/7/", OrgType::care_home), kProvider, false},
      {"auditor of a support organisation with the portfolio",
       actor_with(Role::auditor, 6, "/1/2/6/", OrgType::support_org, true), kProvider, false},
      {"support adviser with the provider in the portfolio",
       actor_with(Role::support_adviser, 6, "/1/2/6/", OrgType::support_org, true), kProvider,
       true},
      {"support adviser with the provider in the portfolio, its site",
       actor_with(Role::support_adviser, 6, "/1/2/6/", OrgType::support_org, true), kSite, true},
      {"support adviser without it in the portfolio",
       actor_with(Role::support_adviser, 6, "/1/2/6/", OrgType::support_org, false), kProvider,
       false},
      {"support adviser, a provider not in the portfolio",
       actor_with(Role::support_adviser, 6, "/1/2/6/", OrgType::support_org, true), kOtherProvider,
       false},
      {"lead of the provider", actor_with(Role::org_lead, 4, "/1/2/3/4/", OrgType::care_home),
       kProvider, false},
      {"lead of the support organisation with the portfolio",
       actor_with(Role::org_lead, 6, "/1/2/6/", OrgType::support_org, true), kProvider, false},
      {"staff of the provider", actor_with(Role::staff, 4, "/1/2/3/4/", OrgType::care_home),
       kProvider, false},
      {"analyst of the ICS", actor_with(Role::analyst, 3, "/1/2/3/", OrgType::ics), kProvider,
       false},
      {"national admin", actor_with(Role::national_admin, 1, "/1/", OrgType::national), kProvider,
       false},
      {"nobody", Actor{}, kProvider, false},
  };
  for (const auto& c : cases) EXPECT_EQ(may_review(c.actor, c.target), c.expected) << c.who;
}

TEST(ReviewMayReview, AnyOneOfSeveralRolesIsEnough) {
  Actor a = actor_with(Role::staff, 5, "/1/2/3/5/", OrgType::care_home);
  EXPECT_FALSE(may_review(a, kProvider));
  a.memberships.push_back(member(Role::auditor, 3, "/1/2/3/", OrgType::ics));
  EXPECT_TRUE(may_review(a, kProvider));
}

TEST(ReviewJudgements, NamesLabelsAndWhichNeedAction) {
  struct Case {
    Judgement j;
    const char* name;
    const char* label;
    bool action;
  };
  const Case cases[] = {{Judgement::agree, "agree", "Agree", false},
                        {Judgement::partly, "partly", "Partly agree", true},
                        {Judgement::disagree, "disagree", "Disagree", true}};
  for (const auto& c : cases) {
    EXPECT_STREQ(to_string(c.j), c.name);
    EXPECT_STREQ(judgement_label(c.j), c.label);
    EXPECT_EQ(needs_action(c.j), c.action) << c.name;
    EXPECT_EQ(judgement_from_string(c.name), c.j);
  }
  for (const char* bad : {"", "Agree", "yes", "partly agree", "disagree "})
    EXPECT_FALSE(judgement_from_string(bad)) << bad;
}

TEST(ReviewAssurance, FourLevelsRoundTrip) {
  EXPECT_EQ(std::size(kAllAssurances), 4u);
  for (Assurance a : kAllAssurances) {
    EXPECT_EQ(assurance_from_string(to_string(a)), a);
    EXPECT_STRNE(assurance_label(a), "");
    EXPECT_STRNE(assurance_description(a), "");
  }
  EXPECT_EQ(assurance_from_string("substantial"), Assurance::substantial);
  EXPECT_EQ(assurance_from_string("unsatisfactory"), Assurance::unsatisfactory);
  EXPECT_FALSE(assurance_from_string("full"));
  EXPECT_FALSE(assurance_from_string(""));
}

TEST(ReviewStages, WhatEachStageAllows) {
  // One row per stage: request, save, finalise (Y allowed, N refused).
  struct Row {
    Stage stage;
    const char* allowed;
  };
  const Row table[] = {
      {Stage::not_requested, "YNN"}, {Stage::in_progress, "YYY"}, {Stage::finalised, "NNN"}};
  for (const auto& row : table)
    for (size_t i = 0; i < std::size(kAllSteps); ++i)
      EXPECT_EQ(refusal(row.stage, kAllSteps[i]).empty(), row.allowed[i] == 'Y')
          << stage_label(row.stage) << " step " << i;
  EXPECT_EQ(refusal(Stage::finalised, Step::save),
            "This review has been finalised and cannot be changed");
}

TEST(ReviewIndependence, NobodyReviewsTheirOwnPublication) {
  struct Case {
    int64_t reviewer, asked_by, published_by;
    bool ok;
  };
  const Case cases[] = {{7, 1, 2, true},  {0, 1, 2, false}, {-3, 1, 2, false},
                        {1, 1, 2, false}, {2, 1, 2, false}, {7, 1, 0, true}};
  for (const auto& c : cases)
    EXPECT_EQ(independence_problem(c.reviewer, c.asked_by, c.published_by).empty(), c.ok)
        << c.reviewer << " " << c.asked_by << " " << c.published_by;
}

std::vector<std::string> fields_of(const std::vector<cg::FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

TEST(ReviewDraft, ProblemsWithWhatWasTyped) {
  struct Case {
    const char* what;
    Draft draft;
    std::vector<std::string> fields;
  };
  const std::string long_note(kMaxNote + 1, 'x');
  const std::string long_text(kMaxText + 1, 'x');
  const std::vector<Case> cases = {
      {"empty draft", {}, {}},
      {"complete judgements", {{{"1.1", "agree", ""}, {"1.2", "disagree", "No"}}, "", "", ""}, {}},
      {"unknown judgement", {{{"1.1", "maybe", ""}}, "", "", ""}, {"judgement-1.1"}},
      {"a note without a judgement", {{{"1.1", "", "Why"}}, "", "", ""}, {"judgement-1.1"}},
      {"a blank note without a judgement", {{{"1.1", "", "  "}}, "", "", ""}, {}},
      {"note too long", {{{"1.1", "partly", long_note}}, "", "", ""}, {"note-1.1"}},
      {"good practice too long", {{}, long_text, "", ""}, {"good_practice"}},
      {"improvements too long", {{}, "", long_text, ""}, {"improvements"}},
      {"unknown assurance", {{}, "", "", "full"}, {"assurance"}},
      {"known assurance", {{}, "", "", "limited"}, {}},
  };
  for (const auto& c : cases) EXPECT_EQ(fields_of(draft_problems(c.draft)), c.fields) << c.what;
}

TEST(ReviewFinalise, EveryItemJudgedNotesWhereNeededAndAnAssuranceLevel) {
  const std::vector<std::string> items = {"1.1", "1.2", "1.3"};
  struct Case {
    const char* what;
    Draft draft;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases = {
      {"complete",
       {{{"1.1", "agree", ""}, {"1.2", "partly", "Half"}, {"1.3", "disagree", "No"}},
        "Good",
        "Better",
        "moderate"},
       {}},
      {"good practice and improvements may be empty",
       {{{"1.1", "agree", ""}, {"1.2", "agree", ""}, {"1.3", "agree", ""}}, "", "", "substantial"},
       {}},
      {"one item not judged",
       {{{"1.1", "agree", ""}, {"1.3", "agree", ""}}, "", "", "substantial"},
       {"judgement-1.2"}},
      {"no assurance level",
       {{{"1.1", "agree", ""}, {"1.2", "agree", ""}, {"1.3", "agree", ""}}, "", "", ""},
       {"assurance"}},
      {"disagreement without a note",
       {{{"1.1", "agree", ""}, {"1.2", "disagree", " "}, {"1.3", "partly", ""}}, "", "", "limited"},
       {"note-1.2", "note-1.3"}},
      {"nothing at all", {}, {"judgement-1.1", "judgement-1.2", "judgement-1.3", "assurance"}},
      {"items not to review are ignored",
       {{{"1.1", "agree", ""}, {"1.2", "agree", ""}, {"1.3", "agree", ""}, {"9.9", "partly", ""}},
        "",
        "",
        "moderate"},
       {}},
  };
  for (const auto& c : cases)
    EXPECT_EQ(fields_of(finalise_problems(c.draft, items)), c.fields) << c.what;
}

TEST(ReviewFinalise, ManyUnjudgedItemsAreOneProblem) {
  std::vector<std::string> items;
  for (int i = 1; i <= 40; ++i) items.push_back("2." + std::to_string(i));
  Draft d;
  d.assurance = "moderate";
  d.items.push_back({"2.1", "agree", ""});
  auto problems = finalise_problems(d, items);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "judgement-2.2");
  EXPECT_EQ(problems[0].message, "You have not judged 39 items yet, starting with 2.2");
}

TEST(ReviewPlan, PartialAgreementsAndDisagreementsBecomePlanEntries) {
  struct Case {
    const char* what;
    std::vector<ItemJudgement> judged;
    std::map<std::string, PlanRecord> existing;
    std::vector<PlanRecord> expected;
  };
  const std::vector<Case> cases = {
      {"agreement adds nothing", {{"1.1", "agree", "Fine"}}, {}, {}},
      {"disagreement, not on the plan",
       {{"1.1", "disagree", "No backup test seen"}},
       {},
       {{"1.1", "Reviewer: No backup test seen", "", ""}}},
      {"partial agreement, not on the plan",
       {{"1.2", "partly", "Only half the staff"}},
       {},
       {{"1.2", "Reviewer: Only half the staff", "", ""}}},
      {"already on the plan: owner and date kept, action added",
       {{"1.3", "disagree", "Policy out of date"}},
       {{"1.3", {"1.3", "Update policy", "Grace", "2026-09-30"}}},
       {{"1.3", "Update policy\nReviewer: Policy out of date", "Grace", "2026-09-30"}}},
      {"on the plan with no action",
       {{"1.3", "partly", "Check it"}},
       {{"1.3", {"1.3", "", "Grace", "2026-09-30"}}},
       {{"1.3", "Reviewer: Check it", "Grace", "2026-09-30"}}},
      {"the same reviewer action is not added twice",
       {{"1.4", "disagree", "Missing"}},
       {{"1.4", {"1.4", "Do it\nReviewer: Missing", "Ann", ""}}},
       {}},
      {"a longer action containing the text still gets the line",
       {{"1.4", "disagree", "Missing"}},
       {{"1.4", {"1.4", "Reviewer: Missing evidence", "Ann", ""}}},
       {{"1.4", "Reviewer: Missing evidence\nReviewer: Missing", "Ann", ""}}},
      {"unknown or empty judgements add nothing",
       {{"1.5", "", "Note"}, {"1.6", "maybe", "Note"}},
       {},
       {}},
      {"an item listed twice counts once",
       {{"1.7", "disagree", "A"}, {"1.7", "disagree", "B"}},
       {},
       {{"1.7", "Reviewer: A", "", ""}}},
      {"several, in the order judged",
       {{"2.1", "disagree", "X"}, {"1.1", "agree", ""}, {"1.2", "partly", "Y"}},
       {},
       {{"2.1", "Reviewer: X", "", ""}, {"1.2", "Reviewer: Y", "", ""}}},
  };
  for (const auto& c : cases) {
    auto got = plan_entries(c.judged, c.existing);
    ASSERT_EQ(got.size(), c.expected.size()) << c.what;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].item_id, c.expected[i].item_id) << c.what;
      EXPECT_EQ(got[i].action, c.expected[i].action) << c.what;
      EXPECT_EQ(got[i].owner, c.expected[i].owner) << c.what;
      EXPECT_EQ(got[i].target_date, c.expected[i].target_date) << c.what;
    }
  }
}

TEST(ReviewPlan, ActionAndFieldNames) {
  EXPECT_EQ(plan_action("No evidence"), "Reviewer: No evidence");
  EXPECT_EQ(judgement_field("3.2"), "judgement-3.2");
  EXPECT_EQ(note_field("3.2"), "note-3.2");
}

}  // namespace
