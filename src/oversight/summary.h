#pragma once
// Sector figures for dashboards, kept as counters in step with every organisation and its
// status for each toolkit edition. Dashboards read a few hundred counter rows whatever the size
// of the sector; `recount` computes the same figures from scratch so tests can check the two
// always agree.
//
// Each counted organisation contributes, in each area it belongs to (the nation = area 0, its
// region, its ICS) and for each dimension (all, type, region, ics, size):
//   - edition "" status "total": one, for the organisation itself;
//   - edition E status S: one, for its status S in toolkit edition E;
// and once per area:
//   - edition E dimension "item" value ITEM status "unmet": one per mandatory item it had unmet;
//   - edition "" dimension "expires" value DATE status "latest": the last day its newest
//     publication counts;
//   - edition "" dimension "plan_due" value DATE status "latest": when its newest publication
//     is Not Met or Approaching, the earliest target date of its plan.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "identity/model.h"
#include "store/database.h"

namespace cg::oversight {

using cg::store::Connection;

// Organisations that complete the toolkit (not the national team, regions, ICSs or support
// organisations).
bool counted(identity::OrgType type);
// The counted types as a SQL list: 'care_home', 'home_care', ...
std::string counted_types_sql();
// Size band by number of staff: "micro" (under 10), "small" (10-49), "medium" (50-249),
// "large" (250 or more).
const char* size_band(int64_t staff_count);
const char* size_band_label(const std::string& band);
inline constexpr const char* kSizeBands[] = {"micro", "small", "medium", "large"};

// One organisation's status for one edition, as recorded.
struct StatusRecord {
  int64_t org_id = 0;
  std::string edition;                   // "2025-26"
  std::string status;                    // not_met, approaching, met, exceeded
  std::string published_on;              // YYYY-MM-DD
  int64_t valid_until = 0;               // unix seconds: the first moment it no longer counts
  std::string plan_due_on;               // YYYY-MM-DD or ""
  std::vector<std::string> unmet_items;  // mandatory items unmet when published
  std::string source;                    // "careguard" or "import"
  int64_t publication_id = 0;            // 0 when imported
};

// Sets the organisation's status for the edition (a newer publication replaces the older one)
// and keeps the counters in step. Returns false when the stored record was already identical.
bool record_status(Connection& c, const StatusRecord& record, int64_t now);
std::vector<StatusRecord> statuses_of(Connection& c, int64_t org_id);  // newest edition first

// Call after inserting an organisation, and wrap any change to an organisation's type, place or
// size: the counters move with it, inside the caller's transaction.
void organisation_added(Connection& c, int64_t org_id);
void change_organisation(Connection& c, int64_t org_id, const std::function<void()>& change);

struct Counter {
  int64_t area_id = 0;
  std::string edition;
  std::string dimension;
  std::string value;
  std::string status;
  int64_t count = 0;
  auto key() const { return std::tie(area_id, edition, dimension, value, status); }
  bool operator<(const Counter& o) const { return key() < o.key(); }
  bool operator==(const Counter& o) const { return key() == o.key() && count == o.count; }
};

// A number that moves in the same transaction as any change to the stored counters, and (by the
// triggers of migration 0010) as any change to an organisation's listed details or place or to
// a recorded status: what dashboards kept in memory is good while it has not moved.
int64_t oversight_version(Connection& c);
// Stored counters of one area (0 = the nation), without zeros, sorted.
std::vector<Counter> counters_of(Connection& c, int64_t area_id);
// Every stored counter, without zeros, sorted.
std::vector<Counter> all_counters(Connection& c);
// The counters computed from scratch from organisations and org_status, sorted.
std::vector<Counter> recount(Connection& c);
// Replaces the stored counters with a recount (after bulk loads).
void rebuild(Connection& c);

// Fills org_status from publications made before it existed and counts every organisation.
void backfill_from_publications(Connection& c, int64_t now);
// Runs the backfill once per database (recorded in settings); safe with several starters.
void backfill_once(cg::store::Database& db, int64_t now);

}  // namespace cg::oversight
