// Portfolio progress and item comments: how far a provider has got, who may comment and what a
// comment may hold, as table-driven tests of plain functions.
#include <gtest/gtest.h>

#include <deque>

#include "toolkit/comments/comment_rules.h"
#include "toolkit/portfolio/progress.h"

namespace {

using namespace cg::toolkit;
using cg::identity::Actor;
using cg::identity::Membership;
using cg::identity::OrgType;
using cg::identity::Relation;
using cg::identity::Role;

// One item of an assessment as load_assessment would have seen it.
struct Tally {
  Mandatory mandatory;
  bool applies;
  bool answered;
  bool carried_over;
  bool met;
};

// Builds a view over items kept alive by `store` (ItemView points at its Item).
AssessmentView view_of(const std::vector<std::vector<Tally>>& groups, std::deque<Item>& store) {
  AssessmentView v;
  int n = 0;
  for (const auto& g : groups) {
    GroupView gv;
    for (const auto& t : g) {
      Item item;
      item.id = std::to_string(++n);
      item.mandatory = t.mandatory;
      store.push_back(item);
      ItemView iv;
      iv.item = &store.back();
      iv.applies = t.applies;
      iv.answered = t.answered;
      iv.carried_over = t.carried_over;
      iv.met = t.met;
      gv.items.push_back(iv);
    }
    v.groups.push_back(gv);
  }
  return v;
}

TEST(PortfolioPercent, RoundsDownAndCountsNothingNeededAsDone) {
  struct Case {
    int part, whole, percent;
  };
  const Case cases[] = {
      {0, 0, 100},  {0, 5, 0},      {5, 5, 100}, {1, 3, 33},  {2, 3, 66},
      {44, 45, 97}, {199, 200, 99}, {1, 200, 0}, {7, 5, 100}, {-1, 5, 0},
  };
  for (const auto& c : cases)
    EXPECT_EQ(portfolio::percent_of(c.part, c.whole), c.percent) << c.part << "/" << c.whole;
}

TEST(PortfolioProgress, CountsApplicableMandatoryItemsMet) {
  using M = Mandatory;
  struct Case {
    const char* name;
    std::vector<std::vector<Tally>> groups;
    int approaching_met, approaching_total, met_met, met_total, answered, applicable;
    int approaching_percent, met_percent;
  };
  const std::vector<Case> cases = {
      {"nothing started", {}, 0, 0, 0, 0, 0, 0, 100, 100},
      {"one of each, nothing answered",
       {{{M::approaching, true, false, false, false},
         {M::met, true, false, false, false},
         {M::none, true, false, false, false}}},
       0,
       1,
       0,
       2,
       0,
       3,
       0,
       0},
      {"approaching item met counts for both",
       {{{M::approaching, true, true, false, true}, {M::met, true, true, false, false}}},
       1,
       1,
       1,
       2,
       2,
       2,
       100,
       50},
      {"items that do not apply are left out",
       {{{M::approaching, false, false, false, false}, {M::met, false, true, false, true}},
        {{M::met, true, true, false, true}}},
       0,
       0,
       1,
       1,
       1,
       1,
       100,
       100},
      {"carried-over answers are not answered until confirmed",
       {{{M::approaching, true, true, true, false}, {M::none, true, true, true, false}},
        {{M::none, true, true, false, true}}},
       0,
       1,
       0,
       1,
       1,
       3,
       0,
       0},
      {"optional items count as answered but not towards the shares",
       {{{M::none, true, true, false, true}, {M::none, true, true, false, false}},
        {{M::met, true, true, false, true},
         {M::met, true, true, false, true},
         {M::met, true, false, false, false}}},
       0,
       0,
       2,
       3,
       4,
       5,
       100,
       66},
  };
  for (const auto& c : cases) {
    std::deque<Item> items;
    auto p = portfolio::progress_of(view_of(c.groups, items));
    EXPECT_EQ(p.approaching.met, c.approaching_met) << c.name;
    EXPECT_EQ(p.approaching.total, c.approaching_total) << c.name;
    EXPECT_EQ(p.met.met, c.met_met) << c.name;
    EXPECT_EQ(p.met.total, c.met_total) << c.name;
    EXPECT_EQ(p.answered, c.answered) << c.name;
    EXPECT_EQ(p.applicable, c.applicable) << c.name;
    EXPECT_EQ(p.approaching.percent(), c.approaching_percent) << c.name;
    EXPECT_EQ(p.met.percent(), c.met_percent) << c.name;
  }
}

TEST(CommentPermits, AdvisersAuditorsAndOwnLeadsOnly) {
  struct Case {
    Role role;
    Relation relation;
    bool held_in_provider;
    bool permitted;
  };
  const Case cases[] = {
      {Role::support_adviser, Relation::portfolio, false, true},
      {Role::support_adviser, Relation::same, false, false},
      {Role::support_adviser, Relation::descendant, false, false},
      {Role::support_adviser, Relation::unrelated, false, false},
      {Role::auditor, Relation::same, true, true},
      {Role::auditor, Relation::descendant, false, true},
      {Role::auditor, Relation::portfolio, false, false},
      {Role::auditor, Relation::unrelated, false, false},
      {Role::org_lead, Relation::same, true, true},
      {Role::org_lead, Relation::descendant, true, true},    // a provider's lead, on a site
      {Role::org_lead, Relation::descendant, false, false},  // an ICS or region's lead
      {Role::org_lead, Relation::portfolio, false, false},   // a support organisation's lead
      {Role::org_lead, Relation::unrelated, true, false},
      {Role::staff, Relation::same, true, false},
      {Role::analyst, Relation::descendant, false, false},
      {Role::analyst, Relation::same, false, false},
      {Role::national_admin, Relation::descendant, false, false},
      {Role::national_admin, Relation::unrelated, false, false},
  };
  for (const auto& c : cases)
    EXPECT_EQ(comments::comment_permits(c.role, c.relation, c.held_in_provider), c.permitted)
        << cg::identity::to_string(c.role) << " " << cg::identity::to_string(c.relation);
}

Membership member(int64_t org_id, const std::string& path, OrgType type, Role role) {
  Membership m;
  m.org_id = org_id;
  m.org_path = path;
  m.org_type = type;
  m.role = role;
  return m;
}

TEST(MayComment, ThroughThePolicyAndThePortfolio) {
  // /1/ national, /1/2/ region, /1/2/3/ ICS with providers /1/2/3/10/ (site /1/2/3/10/11/)
  // and /1/2/3/20/; /1/2/4/ a support organisation whose portfolio holds provider 10.
  const cg::identity::OrgRef provider{10, "/1/2/3/10/"};
  const cg::identity::OrgRef site{11, "/1/2/3/10/11/"};
  const cg::identity::OrgRef other{20, "/1/2/3/20/"};
  Actor adviser;
  adviser.memberships = {member(4, "/1/2/4/", OrgType::support_org, Role::support_adviser)};
  adviser.portfolio_paths = {{4, "/1/2/3/10/"}};
  Actor lead;
  lead.memberships = {member(10, "/1/2/3/10/", OrgType::care_home, Role::org_lead)};
  Actor staff;
  staff.memberships = {member(10, "/1/2/3/10/", OrgType::care_home, Role::staff)};
  Actor auditor;
  auditor.memberships = {member(10, "/1/2/3/10/", OrgType::care_home, Role::auditor)};
  Actor analyst;
  analyst.memberships = {member(3, "/1/2/3/", OrgType::ics, Role::analyst)};
  Actor support_lead;
  support_lead.memberships = {member(4, "/1/2/4/", OrgType::support_org, Role::org_lead)};
  support_lead.portfolio_paths = {{4, "/1/2/3/10/"}};
  struct Case {
    const char* name;
    const Actor& actor;
    cg::identity::OrgRef target;
    bool may;
  };
  const Case cases[] = {
      {"adviser, provider in the portfolio", adviser, provider, true},
      {"adviser, a site of that provider", adviser, site, true},
      {"adviser, provider not in the portfolio", adviser, other, false},
      {"provider's lead", lead, provider, true},
      {"provider's lead on its site", lead, site, true},
      {"provider's lead on another provider", lead, other, false},
      {"provider's staff", staff, provider, false},
      {"provider's auditor", auditor, provider, true},
      {"auditor on another provider", auditor, other, false},
      {"ICS analyst reads but does not comment", analyst, provider, false},
      {"support organisation's lead", support_lead, provider, false},
  };
  for (const auto& c : cases) EXPECT_EQ(comments::may_comment(c.actor, c.target), c.may) << c.name;
}

TEST(CommentBody, TidiedAndChecked) {
  std::string accents;
  for (int i = 0; i < 2000; ++i) accents += "\xC3\xA9";
  struct Case {
    const char* name;
    std::string raw;
    std::string tidied;
    bool ok;
  };
  const std::vector<Case> cases = {
      {"plain", "Please add the backup test date.", "Please add the backup test date.", true},
      {"trimmed", "  \r\n hello \n\t", "hello", true},
      {"windows line endings", "one\r\ntwo\rthree", "one\ntwo\nthree", true},
      {"control characters dropped",
       std::string("a\0b\x07"
                   "c\x7f",
                   6),
       "abc", true},
      {"markup kept as text (escaped when shown)", "<script>x</script>", "<script>x</script>",
       true},
      {"empty", "", "", false},
      {"only white space", " \n\t ", "", false},
      {"2000 characters", std::string(2000, 'a'), std::string(2000, 'a'), true},
      {"2001 characters", std::string(2001, 'a'), std::string(2001, 'a'), false},
      {"2000 two-byte characters", accents, accents, true},
      {"2001 two-byte characters", accents + "\xC3\xA9", accents + "\xC3\xA9", false},
      {"invalid UTF-8", "caf\xC3", "caf\xC3", false},
      {"overlong encoding", "\xC0\xAF", "\xC0\xAF", false},
      {"surrogate", "\xED\xA0\x80", "\xED\xA0\x80", false},
  };
  for (const auto& c : cases) {
    const std::string t = comments::tidy_body(c.raw);
    EXPECT_EQ(t, c.tidied) << c.name;
    EXPECT_EQ(comments::body_problem(t).empty(), c.ok)
        << c.name << ": " << comments::body_problem(t);
  }
  EXPECT_EQ(comments::utf8_length("caf\xC3\xA9"), 4u);
}

}  // namespace
