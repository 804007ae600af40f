#include "identity/policy.h"

namespace cg::identity {

namespace {

using A = Action;
using R = Relation;

bool is_read(Action a) {
  return a == A::view_org || a == A::view_people || a == A::view_audit || a == A::view_private;
}

}  // namespace

const char* to_string(Action action) {
  switch (action) {
    case A::view_org:
      return "view_org";
    case A::edit_org:
      return "edit_org";
    case A::add_child_org:
      return "add_child_org";
    case A::view_people:
      return "view_people";
    case A::manage_people:
      return "manage_people";
    case A::view_audit:
      return "view_audit";
    case A::view_private:
      return "view_private";
    case A::edit_private:
      return "edit_private";
    case A::manage_portfolio:
      return "manage_portfolio";
    case A::assign_portfolio:
      return "assign_portfolio";
    case A::grant_access:
      return "grant_access";
    case A::view_dashboard:
      return "view_dashboard";
    case A::import_statuses:
      return "import_statuses";
  }
  return "";
}

const char* to_string(Relation relation) {
  switch (relation) {
    case R::same:
      return "same";
    case R::descendant:
      return "descendant";
    case R::portfolio:
      return "portfolio";
    case R::unrelated:
      return "unrelated";
  }
  return "";
}

bool permits(Role role, Action action, Relation relation) {
  if (relation == R::unrelated) return role == Role::national_admin;
  if (action == A::import_statuses || action == A::assign_portfolio)
    return role == Role::national_admin;
  // Only the provider itself opens its private records to another organisation.
  if (action == A::grant_access)
    return role == Role::national_admin || (role == Role::org_lead && relation == R::same);
  if (action == A::view_dashboard) {
    // Figures of an area are for those who oversee it; a support organisation's for its own.
    if (role == Role::analyst || role == Role::auditor) return relation != R::portfolio;
    if (role == Role::org_lead || role == Role::support_adviser) return relation == R::same;
    return role == Role::national_admin;
  }
  switch (role) {
    case Role::national_admin:
      return true;
    case Role::org_lead:
      // Runs their organisation; a support organisation's lead also curates its portfolio.
      if (relation == R::portfolio) return action == A::view_org || action == A::view_private;
      if (relation == R::same) return true;
      return action != A::manage_portfolio;  // descendants: see lead_over_descendants below
    case Role::analyst:
      // Reads across their region or ICS; changes nothing.
      if (relation == R::portfolio) return false;
      return is_read(action);
    case Role::auditor:
      // Independent, read-only look at an organisation's records.
      if (relation == R::portfolio) return false;
      return is_read(action);
    case Role::support_adviser:
      if (relation == R::same) return action == A::view_org || action == A::view_people;
      if (relation == R::portfolio) return action == A::view_org || action == A::view_private;
      return false;
    case Role::staff:
      return relation == R::same && action == A::view_org;
  }
  return false;
}

bool Actor::has_role(Role role) const {
  for (const auto& m : memberships)
    if (m.role == role) return true;
  return false;
}

bool role_needs_mfa(Role role) {
  return role == Role::org_lead || role == Role::analyst || role == Role::national_admin;
}

bool Actor::needs_mfa() const {
  for (const auto& m : memberships)
    if (role_needs_mfa(m.role)) return true;
  return false;
}

Relation relation_between(const Membership& m, const Actor& actor, const OrgRef& target) {
  if (m.org_id == target.id) return R::same;
  if (!m.org_path.empty() && target.path.size() > m.org_path.size() &&
      target.path.compare(0, m.org_path.size(), m.org_path) == 0)
    return R::descendant;
  for (const auto& [support_org, provider_path] : actor.portfolio_paths) {
    if (support_org != m.org_id || provider_path.empty()) continue;
    if (target.path.compare(0, provider_path.size(), provider_path) == 0) return R::portfolio;
  }
  return R::unrelated;
}

bool allowed(const Actor& actor, Action action, const OrgRef& target) {
  for (const auto& m : actor.memberships) {
    Relation relation = relation_between(m, actor, target);
    // A provider's lead runs its sites; the lead of an ICS, region or support organisation
    // oversees what is beneath it but does not run those providers, so reads only.
    if (m.role == Role::org_lead && relation == R::descendant && !is_provider_type(m.org_type) &&
        !is_read(action) && action != A::add_child_org)
      continue;
    if (permits(m.role, action, relation)) return true;
  }
  return false;
}

bool may_grant(Role granter, Role granted) {
  switch (granter) {
    case Role::national_admin:
      return true;
    case Role::org_lead:
      return granted != Role::national_admin;
    default:
      return false;
  }
}

}  // namespace cg::identity
