#pragma once
// Plain records for organisations, people and roles. No behaviour beyond naming.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cg::identity {

enum class Role { staff, org_lead, support_adviser, analyst, national_admin, auditor };
inline constexpr Role kAllRoles[] = {Role::staff,   Role::org_lead,       Role::support_adviser,
                                     Role::analyst, Role::national_admin, Role::auditor};

enum class OrgType {
  national,
  region,
  ics,
  support_org,
  care_home,
  home_care,
  supported_living,
  other_social_care,
  gp_practice,
  nhs_trust,
  pharmacy,
  local_authority,
  supplier,
};
inline constexpr OrgType kAllOrgTypes[] = {OrgType::national,
                                           OrgType::region,
                                           OrgType::ics,
                                           OrgType::support_org,
                                           OrgType::care_home,
                                           OrgType::home_care,
                                           OrgType::supported_living,
                                           OrgType::other_social_care,
                                           OrgType::gp_practice,
                                           OrgType::nhs_trust,
                                           OrgType::pharmacy,
                                           OrgType::local_authority,
                                           OrgType::supplier};

const char* to_string(Role role);
std::optional<Role> role_from_string(const std::string& s);
const char* role_label(Role role);        // "Organisation lead"
const char* role_description(Role role);  // one plain sentence

const char* to_string(OrgType type);
std::optional<OrgType> org_type_from_string(const std::string& s);
const char* org_type_label(OrgType type);  // "Care home"
// Organisations that deliver care or services and run their own toolkit (as opposed to the
// regions, ICSs, support organisations and the national team that oversee them).
bool is_provider_type(OrgType type);

struct Organisation {
  int64_t id = 0;
  int64_t parent_id = 0;  // 0 = none
  std::string path;       // ancestors and self: "/1/4/9/"
  OrgType type = OrgType::care_home;
  std::string name;
  std::string ods_code;
  std::string cqc_location_id;
  int64_t region_id = 0;
  int64_t ics_id = 0;
  int64_t staff_count = 0;
  int64_t people_supported = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct Person {
  int64_t id = 0;
  std::string email;
  std::string name;
  std::string password_hash;
  std::string mfa_secret;
  int64_t mfa_enabled_at = 0;
  int64_t mfa_last_step = 0;
  int64_t created_at = 0;
  int64_t disabled_at = 0;
  bool mfa_enabled() const { return mfa_enabled_at > 0; }
};

struct Membership {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t org_id = 0;
  std::string org_path;  // path of org_id, for policy decisions
  std::string org_name;
  OrgType org_type = OrgType::care_home;
  Role role = Role::staff;
};

}  // namespace cg::identity
