#pragma once
// Rules for organisation records: identifier formats and where each type sits in the tree.
#include <string>

#include "core/error.h"
#include "identity/model.h"

namespace cg::identity {

// ODS codes are 3 to 10 capital letters and digits; a care provider's head office looks like
// A1B2C and a care site V12345. Returns an empty string when valid, else a plain message.
std::string ods_code_problem(const std::string& code);
// CQC location and provider ids look like 1-123456789 (nine to eleven digits after "1-").
std::string cqc_id_problem(const std::string& id);
// Upper-cases and trims an ODS code as typed.
std::string normalise_ods_code(const std::string& code);

// Whether an organisation of type `child` may sit directly beneath one of type `parent`.
// A provider of care sits in an ICS, and its sites sit beneath it.
bool may_be_child_of(OrgType child, OrgType parent);
bool may_be_top_level(OrgType type);

struct OrgInput {
  std::string name;
  std::string type;
  std::string ods_code;
  std::string cqc_location_id;
  std::string staff_count;
  std::string people_supported;
};

// Validates the fields people type; fills `out` and collects field errors (named as the
// form fields are) in `v`.
void validate_org_input(const OrgInput& in, Organisation& out, Validation& v);

}  // namespace cg::identity
