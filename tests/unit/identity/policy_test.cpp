// The whole decision table, role by role: each row lists, for one relation, the expected
// answer for every action in this order:
//   view_org edit_org add_child_org view_people manage_people view_audit view_private
//   edit_private manage_portfolio assign_portfolio grant_access view_dashboard import_statuses
#include "identity/policy.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace {

using namespace cg::identity;

struct Expectation {
  Role role;
  Relation relation;
  const char* decisions;  // one Y or N per action, in kAllActions order
};

const Expectation kTable[] = {
    {Role::national_admin, Relation::same, "YYYYYYYYYYYYY"},
    {Role::national_admin, Relation::descendant, "YYYYYYYYYYYYY"},
    {Role::national_admin, Relation::portfolio, "YYYYYYYYYYYYY"},
    {Role::national_admin, Relation::unrelated, "YYYYYYYYYYYYY"},

    {Role::org_lead, Relation::same, "YYYYYYYYYNYYN"},
    {Role::org_lead, Relation::descendant, "YYYYYYYYNNNNN"},
    {Role::org_lead, Relation::portfolio, "YNNNNNYNNNNNN"},
    {Role::org_lead, Relation::unrelated, "NNNNNNNNNNNNN"},

    {Role::analyst, Relation::same, "YNNYNYYNNNNYN"},
    {Role::analyst, Relation::descendant, "YNNYNYYNNNNYN"},
    {Role::analyst, Relation::portfolio, "NNNNNNNNNNNNN"},
    {Role::analyst, Relation::unrelated, "NNNNNNNNNNNNN"},

    {Role::auditor, Relation::same, "YNNYNYYNNNNYN"},
    {Role::auditor, Relation::descendant, "YNNYNYYNNNNYN"},
    {Role::auditor, Relation::portfolio, "NNNNNNNNNNNNN"},
    {Role::auditor, Relation::unrelated, "NNNNNNNNNNNNN"},

    {Role::support_adviser, Relation::same, "YNNYNNNNNNNYN"},
    {Role::support_adviser, Relation::descendant, "NNNNNNNNNNNNN"},
    {Role::support_adviser, Relation::portfolio, "YNNNNNYNNNNNN"},
    {Role::support_adviser, Relation::unrelated, "NNNNNNNNNNNNN"},

    {Role::staff, Relation::same, "YNNNNNNNNNNNN"},
    {Role::staff, Relation::descendant, "NNNNNNNNNNNNN"},
    {Role::staff, Relation::portfolio, "NNNNNNNNNNNNN"},
    {Role::staff, Relation::unrelated, "NNNNNNNNNNNNN"},
};

TEST(PolicyTable, EveryRoleActionRelation) {
  int checked = 0;
  for (const auto& e : kTable) {
    ASSERT_EQ(std::string(e.decisions).size(), std::size(kAllActions));
    for (size_t i = 0; i < std::size(kAllActions); ++i) {
      const bool expected = e.decisions[i] == 'Y';
      EXPECT_EQ(permits(e.role, kAllActions[i], e.relation), expected)
          << to_string(e.role) << " " << to_string(kAllActions[i]) << " " << to_string(e.relation);
      ++checked;
    }
  }
  // The table covers every combination exactly once.
  EXPECT_EQ(checked, static_cast<int>(std::size(kAllRoles) * std::size(kAllActions) *
                                      std::size(kAllRelations)));
}

Membership member(int64_t org_id, const std::string& path, OrgType type, Role role) {
  Membership m;
  m.org_id = org_id;
  m.org_path = path;
  m.org_type = type;
  m.role = role;
  return m;
}

// Tree used below: 1 national > 2 region > 3 ICS > 4 provider > 5 site; 3 > 23 other provider;
// 2 > 6 support organisation whose portfolio holds provider 4.
const OrgRef kNational{1, "/1/"};
const OrgRef kIcs{3, "/1/2/3/"};
const OrgRef kProvider{4, "/1/2/3/4/"};
const OrgRef kSite{5, "/1/2/3/4/5/"};
const OrgRef kOtherProvider{23, "/1/2/3/23/"};
const OrgRef kSupport{6, "/1/2/6/"};

TEST(PolicyRelations, PathPrefixNeedsWholeSegments) {
  Actor a;
  auto m = member(2, "/1/2/", OrgType::region, Role::analyst);
  EXPECT_EQ(relation_between(m, a, {23, "/1/23/"}), Relation::unrelated);
  EXPECT_EQ(relation_between(m, a, {3, "/1/2/3/"}), Relation::descendant);
  EXPECT_EQ(relation_between(m, a, {2, "/1/2/"}), Relation::same);
}

struct AllowedCase {
  const char* name;
  Membership membership;
  OrgRef target;
  Action action;
  bool expected;
};

TEST(PolicyAllowed, LeadsAndAdvisersInTheTree) {
  const AllowedCase cases[] = {
      {"provider lead edits a site", member(4, kProvider.path, OrgType::care_home, Role::org_lead),
       kSite, Action::edit_org, true},
      {"provider lead edits site records",
       member(4, kProvider.path, OrgType::care_home, Role::org_lead), kSite, Action::edit_private,
       true},
      {"provider lead cannot see another provider",
       member(4, kProvider.path, OrgType::care_home, Role::org_lead), kOtherProvider,
       Action::view_org, false},
      {"site lead cannot see the head office",
       member(5, kSite.path, OrgType::care_home, Role::org_lead), kProvider, Action::view_org,
       false},
      {"ICS lead reads a provider", member(3, kIcs.path, OrgType::ics, Role::org_lead), kProvider,
       Action::view_private, true},
      {"ICS lead cannot change a provider", member(3, kIcs.path, OrgType::ics, Role::org_lead),
       kProvider, Action::edit_org, false},
      {"ICS lead cannot manage a provider's people",
       member(3, kIcs.path, OrgType::ics, Role::org_lead), kProvider, Action::manage_people, false},
      {"ICS lead may add a provider", member(3, kIcs.path, OrgType::ics, Role::org_lead), kIcs,
       Action::add_child_org, true},
      {"analyst reads a site in the ICS", member(3, kIcs.path, OrgType::ics, Role::analyst), kSite,
       Action::view_private, true},
      {"analyst cannot read the national team", member(3, kIcs.path, OrgType::ics, Role::analyst),
       kNational, Action::view_org, false},
      {"adviser reads portfolio provider",
       member(6, kSupport.path, OrgType::support_org, Role::support_adviser), kProvider,
       Action::view_private, true},
      {"adviser reads portfolio provider's site",
       member(6, kSupport.path, OrgType::support_org, Role::support_adviser), kSite,
       Action::view_private, true},
      {"adviser cannot change portfolio provider",
       member(6, kSupport.path, OrgType::support_org, Role::support_adviser), kProvider,
       Action::edit_private, false},
      {"adviser cannot see a provider outside the portfolio",
       member(6, kSupport.path, OrgType::support_org, Role::support_adviser), kOtherProvider,
       Action::view_org, false},
      {"adviser cannot see portfolio provider's people",
       member(6, kSupport.path, OrgType::support_org, Role::support_adviser), kProvider,
       Action::view_people, false},
      {"support lead manages the portfolio",
       member(6, kSupport.path, OrgType::support_org, Role::org_lead), kSupport,
       Action::manage_portfolio, true},
      {"adviser cannot manage the portfolio",
       member(6, kSupport.path, OrgType::support_org, Role::support_adviser), kSupport,
       Action::manage_portfolio, false},
      {"staff see their own organisation",
       member(4, kProvider.path, OrgType::care_home, Role::staff), kProvider, Action::view_org,
       true},
      {"staff cannot see people", member(4, kProvider.path, OrgType::care_home, Role::staff),
       kProvider, Action::view_people, false},
      {"auditor cannot change anything",
       member(4, kProvider.path, OrgType::care_home, Role::auditor), kProvider,
       Action::edit_private, false},
      {"national admin reaches everything",
       member(1, kNational.path, OrgType::national, Role::national_admin), kOtherProvider,
       Action::manage_people, true},
  };
  for (const auto& c : cases) {
    Actor a;
    a.person_id = 9;
    a.memberships.push_back(c.membership);
    a.portfolio_paths.emplace_back(6, kProvider.path);
    EXPECT_EQ(allowed(a, c.action, c.target), c.expected) << c.name;
  }
}

TEST(PolicyAllowed, NoMembershipsMeansNothing) {
  Actor a;
  for (auto action : kAllActions) EXPECT_FALSE(allowed(a, action, kProvider)) << to_string(action);
}

TEST(PolicyGrant, WhoMayHandOutWhichRole) {
  for (auto granted : kAllRoles) {
    EXPECT_TRUE(may_grant(Role::national_admin, granted));
    EXPECT_EQ(may_grant(Role::org_lead, granted), granted != Role::national_admin);
    EXPECT_FALSE(may_grant(Role::staff, granted));
    EXPECT_FALSE(may_grant(Role::analyst, granted));
    EXPECT_FALSE(may_grant(Role::support_adviser, granted));
    EXPECT_FALSE(may_grant(Role::auditor, granted));
  }
}

TEST(PolicyMfa, RequiredForLeadsAnalystsAndAdmins) {
  const std::pair<Role, bool> cases[] = {{Role::staff, false},           {Role::org_lead, true},
                                         {Role::support_adviser, false}, {Role::analyst, true},
                                         {Role::national_admin, true},   {Role::auditor, false}};
  for (const auto& [role, needed] : cases) {
    Actor a;
    a.memberships.push_back(member(4, kProvider.path, OrgType::care_home, role));
    EXPECT_EQ(a.needs_mfa(), needed) << to_string(role);
  }
}

}  // namespace
