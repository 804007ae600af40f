#include "identity/model.h"

#include <cstring>

namespace cg::identity {

namespace {
struct RoleInfo {
  Role role;
  const char* id;
  const char* label;
  const char* description;
};
constexpr RoleInfo kRoles[] = {
    {Role::staff, "staff", "Staff member",
     "Can take training and report a suspicious email or an incident."},
    {Role::org_lead, "org_lead", "Organisation lead",
     "Runs data security for the organisation: completes the toolkit and manages people."},
    {Role::support_adviser, "support_adviser", "Support adviser",
     "Helps the care providers in a support organisation's portfolio."},
    {Role::analyst, "analyst", "Regional or ICS analyst",
     "Sees compliance and threats across a region or integrated care system."},
    {Role::national_admin, "national_admin", "National admin",
     "Runs the service for the whole country."},
    {Role::auditor, "auditor", "Auditor",
     "Can look at an organisation's assessment and evidence but cannot change anything."},
};

struct TypeInfo {
  OrgType type;
  const char* id;
  const char* label;
};
constexpr TypeInfo kTypes[] = {
    {OrgType::national, "national", "National team"},
    {OrgType::region, "region", "Region"},
    {OrgType::ics, "ics", "Integrated care system"},
    {OrgType::support_org, "support_org", "Support organisation"},
    {OrgType::care_home, "care_home", "Care home"},
    {OrgType::home_care, "home_care", "Home care"},
    {OrgType::supported_living, "supported_living", "Supported living"},
    {OrgType::other_social_care, "other_social_care", "Other adult social care"},
    {OrgType::gp_practice, "gp_practice", "GP practice"},
    {OrgType::nhs_trust, "nhs_trust", "NHS trust"},
    {OrgType::pharmacy, "pharmacy", "Pharmacy"},
    {OrgType::local_authority, "local_authority", "Local authority"},
    {OrgType::supplier, "supplier", "Technology supplier"},
};
}  // namespace

const char* to_string(Role role) {
  for (const auto& r : kRoles)
    if (r.role == role) return r.id;
  return "staff";
}

std::optional<Role> role_from_string(const std::string& s) {
  for (const auto& r : kRoles)
    if (s == r.id) return r.role;
  return std::nullopt;
}

const char* role_label(Role role) {
  for (const auto& r : kRoles)
    if (r.role == role) return r.label;
  return "";
}

const char* role_description(Role role) {
  for (const auto& r : kRoles)
    if (r.role == role) return r.description;
  return "";
}

const char* to_string(OrgType type) {
  for (const auto& t : kTypes)
    if (t.type == type) return t.id;
  return "other_social_care";
}

std::optional<OrgType> org_type_from_string(const std::string& s) {
  for (const auto& t : kTypes)
    if (s == t.id) return t.type;
  return std::nullopt;
}

const char* org_type_label(OrgType type) {
  for (const auto& t : kTypes)
    if (t.type == type) return t.label;
  return "";
}

bool is_provider_type(OrgType type) {
  switch (type) {
    case OrgType::national:
    case OrgType::region:
    case OrgType::ics:
    case OrgType::support_org:
      return false;
    default:
      return true;
  }
}

}  // namespace cg::identity
