#pragma once
// Loads the national synthetic dataset: regions, ICSs, support organisations and their
// portfolios, about N providers, five past editions of statuses (imported lists for the
// editions before 2025-26, real assessments and publications for 2025-26), the current edition
// in progress, people, evidence and answer history. Everything in one transaction, then the
// dashboard counters rebuilt from scratch.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/database.h"
#include "toolkit/content/loader.h"

namespace cg::demo {

inline constexpr int64_t kDefaultOrgs = 45000;
inline constexpr uint64_t kDefaultSeed = 20261122;
// The demo password, the same as `careguard demo` uses.
inline constexpr const char* kDemoPassword = "demo kettle orange bicycle";
inline constexpr const char* kEmailDomain = "national.careguard.test";

struct NationalOptions {
  int64_t orgs = kDefaultOrgs;
  uint64_t seed = kDefaultSeed;
  int64_t now = 0;    // unix seconds
  std::string today;  // London date of now
};

struct SignIn {
  std::string email;
  std::string role;
};

struct NationalReport {
  std::map<std::string, int64_t> organisations_by_type;
  std::map<std::string, std::map<std::string, int64_t>> statuses_by_edition;
  std::map<std::string, int64_t> table_rows;
  std::vector<SignIn> sign_ins;  // one of each kind
  int64_t people = 0;
  double seconds = 0;
  int64_t database_bytes = 0;
};

// Throws cg::Error(conflict) when the database holds organisations other than a national team.
NationalReport load_national(cg::store::Database& db, const toolkit::Library& library,
                             const NationalOptions& options);

}  // namespace cg::demo
