#pragma once
// Which status each organisation had in each toolkit edition, reproducing the published
// national trend: about 14% compliant (Standards Met or Exceeded) in 2021-22 rising to about
// 76% in 2025-26, care homes ahead of home care, NHS organisations higher; and the current
// edition in progress. Each organisation keeps a latent "readiness" from year to year (with
// some churn), so the organisations that were compliant early tend to stay compliant.
#include <array>
#include <cstdint>
#include <string>

#include "identity/model.h"
#include "toolkit/scoring/status.h"

namespace cg::demo {

using identity::OrgType;
using toolkit::Status;

inline constexpr int kPastEditions = 5;
inline constexpr std::array<const char*, kPastEditions> kEditions = {
    "2021-22", "2022-23", "2023-24", "2024-25", "2025-26"};
inline constexpr const char* kCurrentEdition = "2026-27";
// That edition's publication deadline, 30 June of its second year.
std::string edition_deadline(const std::string& edition);

// Shares of organisations at each status, adding up to 1.
struct Shares {
  double not_published = 0, not_met = 0, approaching = 0, met = 0, exceeded = 0;
  double compliant() const { return met + exceeded; }
};
// The published national picture for past edition e (0 = 2021-22 .. 4 = 2025-26).
Shares national_shares(int e);
// The same for one type of organisation: its compliant share is offset from the national one
// (the offsets weighted by type_shares() average to zero, so the national figure holds).
Shares shares_for(OrgType type, int e);

// The status of organisation `index` in past edition e.
Status past_status(uint64_t seed, int64_t index, OrgType type, int e);

// The current edition: about 10% published (mostly Met), about a third started.
struct CurrentState {
  Status status = Status::not_published;  // when published
  bool started = false;                   // an assessment exists (published or in progress)
  double progress = 0;                    // share of items answered when in progress
};
CurrentState current_state(uint64_t seed, int64_t index, OrgType type);

// When an organisation published edition `edition` (YYYY-MM-DD): most close to the deadline,
// some months before; never after `today`.
std::string publication_date(uint64_t seed, int64_t index, const std::string& edition,
                             const std::string& today);

}  // namespace cg::demo
