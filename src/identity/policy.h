#pragma once
// The one place that decides who may do what. Every handler asks allowed(actor, action, org).
// Decisions are a table over (role, action, relation) so they can be read and tested whole;
// the repositories' tenant-scoping SQL mirrors the view_org column of this table.
#include <string>
#include <vector>

#include "identity/model.h"

namespace cg::identity {

enum class Action {
  view_org,          // see the organisation's profile
  edit_org,          // change its details
  add_child_org,     // create an organisation beneath it (a site, an ICS, a provider ...)
  view_people,       // see who works there and their roles
  manage_people,     // invite, change roles, remove people
  view_audit,        // read its audit trail
  view_private,      // read its private records (assessments, evidence, plans)
  edit_private,      // change its private records
  manage_portfolio,  // ask providers to join a support organisation's portfolio, or remove them
  assign_portfolio,  // put a provider in a portfolio without the provider's say (national team)
  grant_access,      // let a support organisation see the provider's private records, or stop it
  view_dashboard,    // see the figures of the area or portfolio it oversees
  import_statuses,   // load published national status lists
};
inline constexpr Action kAllActions[] = {
    Action::view_org,         Action::edit_org,      Action::add_child_org,
    Action::view_people,      Action::manage_people, Action::view_audit,
    Action::view_private,     Action::edit_private,  Action::manage_portfolio,
    Action::assign_portfolio, Action::grant_access,  Action::view_dashboard,
    Action::import_statuses};
const char* to_string(Action action);

// How the organisation a role is held in relates to the organisation being acted on.
enum class Relation {
  same,        // the very organisation
  descendant,  // somewhere beneath it (a site of a provider, a provider in an ICS ...)
  portfolio,   // a provider in its support portfolio, or beneath one
  unrelated,
};
inline constexpr Relation kAllRelations[] = {Relation::same, Relation::descendant,
                                             Relation::portfolio, Relation::unrelated};
const char* to_string(Relation relation);

// The decision table.
bool permits(Role role, Action action, Relation relation);

struct OrgRef {
  int64_t id = 0;
  std::string path;  // "/1/4/9/"
};

struct Actor {
  int64_t person_id = 0;
  std::vector<Membership> memberships;
  // Paths of providers in the portfolios of support organisations where this actor is a
  // support adviser or organisation lead, keyed by the support organisation's id.
  std::vector<std::pair<int64_t, std::string>> portfolio_paths;
  bool has_role(Role role) const;
  bool needs_mfa() const;  // organisation leads, analysts and national admins must use MFA
};

Relation relation_between(const Membership& membership, const Actor& actor, const OrgRef& target);
bool allowed(const Actor& actor, Action action, const OrgRef& target);

// Organisation leads, analysts and national admins must use two-step verification.
bool role_needs_mfa(Role role);

// Roles a person holding `granter` in an organisation may hand out there.
bool may_grant(Role granter, Role granted);

}  // namespace cg::identity
