#pragma once
// Who is in the national dataset: how many organisations of each type, where they are, what
// they are called, their ODS codes (and CQC location IDs for social care), their size, and
// which support organisation's portfolio they are in. Plain deterministic functions of the
// number of organisations and the seed.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "identity/model.h"

namespace cg::demo {

using identity::OrgType;

inline constexpr int64_t kMinOrgs = 100;
inline constexpr int64_t kMaxOrgs = 200000;

// Share of each type, in tenths of a percent (they add up to 1000).
struct TypeShare {
  OrgType type;
  int per_mille;
};
const std::vector<TypeShare>& type_shares();
// Exactly n organisations split by type_shares() (largest remainder), in type_shares() order.
std::vector<std::pair<OrgType, int64_t>> type_counts(int64_t n);

bool is_social_care(OrgType type);

// ODS codes, unique for distinct k within each family (a multiplicative scramble, so codes do
// not run in order): social care "V" + 5 letters or digits; GP practice region letter + 5
// digits; pharmacy "F" + letter + 3 digits; NHS trust "R" + 2 letters or digits; local
// authority "L" + 3 digits; supplier "8" + 2 letters + 2 digits; CQC location "1-" + 9 digits.
std::string social_care_code(int64_t k);
std::string gp_code(char region_letter, int64_t k);
std::string pharmacy_code(int64_t k);
std::string trust_code(int64_t k);
std::string council_code(int64_t k);
std::string supplier_code(int64_t k);
std::string cqc_location_id(int64_t k);

struct SupportDef {
  std::string code;  // DSP01 ..
  std::string name;
  int region;  // index into regions()
};
// 28 support organisations, four in each region.
const std::vector<SupportDef>& support_orgs();

struct Provider {
  int64_t index = 0;  // 0 .. n-1, stable for a given n and seed
  OrgType type = OrgType::care_home;
  int ics = -1;  // index into systems(); -1 for suppliers, which sit under the national team
  std::string name;
  std::string ods_code;
  std::string cqc_location_id;  // social care only
  int64_t staff_count = 0;
  int64_t people_supported = 0;
  int support = -1;  // index into support_orgs(), -1 when in no portfolio
  bool has_lead = false;
};

// The n providers of the dataset (kMinOrgs <= n <= kMaxOrgs).
std::vector<Provider> providers(int64_t n, uint64_t seed);

}  // namespace cg::demo
