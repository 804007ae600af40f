#include "identity/org_rules.h"

#include <algorithm>
#include <cctype>

#include "core/ascii.h"

namespace cg::identity {

namespace {
std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool parse_count(const std::string& text, int64_t& out) {
  std::string t = trim(text);
  if (t.empty()) {
    out = 0;
    return true;
  }
  if (t.size() > 7 || !std::all_of(t.begin(), t.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      }))
    return false;
  out = std::stoll(t);
  return true;
}
}  // namespace

std::string normalise_ods_code(const std::string& code) { return ascii_upper(trim(code)); }

std::string ods_code_problem(const std::string& code) {
  if (code.size() < 3 || code.size() > 10)
    return "ODS code must be 3 to 10 letters and numbers, like A1B2C or V12345";
  for (char c : code)
    if (!std::isupper(static_cast<unsigned char>(c)) &&
        !std::isdigit(static_cast<unsigned char>(c)))
      return "ODS code must only include capital letters and numbers, like A1B2C or V12345";
  return "";
}

std::string cqc_id_problem(const std::string& id) {
  if (id.size() < 11 || id.size() > 13 || id.compare(0, 2, "1-") != 0 ||
      !std::all_of(id.begin() + 2, id.end(),
                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return "CQC location ID must start with 1- followed by 9 to 11 numbers, like 1-123456789";
  return "";
}

bool may_be_top_level(OrgType type) { return type == OrgType::national; }

bool may_be_child_of(OrgType child, OrgType parent) {
  switch (child) {
    case OrgType::national:
      return false;
    case OrgType::region:
      return parent == OrgType::national;
    case OrgType::ics:
      return parent == OrgType::region;
    case OrgType::support_org:
      return parent == OrgType::national || parent == OrgType::region;
    case OrgType::supplier:
      return parent == OrgType::national;
    default:
      // Providers sit in an ICS; their sites sit beneath the provider.
      return parent == OrgType::ics || (is_provider_type(parent) && parent != OrgType::supplier);
  }
}

void validate_org_input(const OrgInput& in, Organisation& out, Validation& v) {
  out.name = trim(in.name);
  if (out.name.empty())
    v.add("name", "Enter the organisation's name");
  else if (out.name.size() > 200)
    v.add("name", "Name must be 200 characters or fewer");

  if (auto t = org_type_from_string(in.type))
    out.type = *t;
  else
    v.add("type", "Select the type of organisation");

  out.ods_code = normalise_ods_code(in.ods_code);
  if (!out.ods_code.empty())
    if (auto p = ods_code_problem(out.ods_code); !p.empty()) v.add("ods_code", p);

  out.cqc_location_id = trim(in.cqc_location_id);
  if (!out.cqc_location_id.empty())
    if (auto p = cqc_id_problem(out.cqc_location_id); !p.empty()) v.add("cqc_location_id", p);

  if (!parse_count(in.staff_count, out.staff_count))
    v.add("staff_count", "Number of staff must be a whole number, like 25");
  if (!parse_count(in.people_supported, out.people_supported))
    v.add("people_supported", "Number of people supported must be a whole number, like 40");
}

}  // namespace cg::identity
