#pragma once
// The figures of the oversight dashboards, as plain functions over the counters of one area
// (oversight/summary.h: counters_of(area), 0 = the nation) and over a support organisation's
// providers. Nothing here reads the database; oversight/dashboard_store.h does.
//
// Statuses, in the order dashboards show them: not_published, not_met, approaching, met,
// exceeded. An organisation is Not Published in an edition when it is counted (it completes
// the toolkit) and has no status for that edition.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "identity/model.h"
#include "oversight/summary.h"

namespace cg::oversight {

inline constexpr size_t kStatusCount = 5;
inline constexpr const char* kDashboardStatuses[kStatusCount] = {"not_published", "not_met",
                                                                 "approaching", "met", "exceeded"};
// Index of a status in kDashboardStatuses, or -1.
int status_index(const std::string& status);
const char* dashboard_status_label(const std::string& status);  // "Standards Met"

// Share in tenths of a per cent, rounded half up; 0 when whole is 0.
int64_t per_mille(int64_t part, int64_t whole);
// "12.5%" (one decimal place); "0%" when whole is 0.
std::string percent_text(int64_t part, int64_t whole);

struct StatusCounts {
  std::array<int64_t, kStatusCount> counts{};  // by kDashboardStatuses
  int64_t total = 0;                           // counted organisations in the slice
  int64_t of(const std::string& status) const;
  int64_t published() const { return total - counts[0]; }
  bool operator==(const StatusCounts& o) const { return counts == o.counts && total == o.total; }
};

// Status counts of one slice for an edition. Dimension "all" with value "" is the whole area;
// otherwise a dimension of summary.h (type, region, ics, size) and one of its values.
StatusCounts status_counts(const std::vector<Counter>& counters, const std::string& edition,
                           const std::string& dimension = "all", const std::string& value = "");

// Editions that have at least one status in the counters, newest first.
std::vector<std::string> editions_in(const std::vector<Counter>& counters);

struct Slice {
  std::string value;  // the dimension's value; "" for the organisations without one
  std::string label;  // filled by the caller where the value is an id (regions, ICSs)
  StatusCounts counts;
  bool operator==(const Slice& o) const { return value == o.value && counts == o.counts; }
};

// One slice per value of the dimension that has organisations in the area, by value. With
// remainder, organisations of the area that have no value for the dimension (a provider
// outside any ICS, say) are added as a last slice with value "" when there are any.
std::vector<Slice> breakdown(const std::vector<Counter>& counters, const std::string& edition,
                             const std::string& dimension, bool remainder = false);

// Organisation types grouped as dashboards compare them.
inline constexpr const char* kTypeGroups[] = {"care_homes", "home_care", "other_social_care",
                                              "nhs"};
const char* type_group(identity::OrgType type);          // "care_homes" ...
const char* type_group_label(const std::string& group);  // "Care homes" ...
// Every group, in kTypeGroups order, zeros included.
std::vector<Slice> by_type_group(const std::vector<Counter>& counters, const std::string& edition);

// Labels for the values of the type and size dimensions.
std::string type_label(const std::string& type);
std::string size_label(const std::string& band);

struct TrendPoint {
  std::string edition;
  StatusCounts counts;
};
// Every edition with a status, oldest first; Not Published against today's organisations.
std::vector<TrendPoint> trend(const std::vector<Counter>& counters);

struct ItemCount {
  std::string item_id;
  int64_t count = 0;  // organisations whose status in the edition left it unmet
  bool operator==(const ItemCount& o) const { return item_id == o.item_id && count == o.count; }
};
// Mandatory items most often unmet in the edition: most first, then by item id; at most limit.
std::vector<ItemCount> most_unmet(const std::vector<Counter>& counters, const std::string& edition,
                                  size_t limit);

// London dates, YYYY-MM-DD.
std::string add_days(const std::string& date, int days);

struct Expiring {
  // Organisations whose newest publication stops counting within the next N days: the last
  // day it counts is today or later and before today + N. Each includes the shorter ones.
  int64_t within_30 = 0, within_60 = 0, within_90 = 0;
  int64_t expired = 0;  // the newest publication no longer counts
  bool operator==(const Expiring& o) const {
    return within_30 == o.within_30 && within_60 == o.within_60 && within_90 == o.within_90 &&
           expired == o.expired;
  }
};
Expiring expiring(const std::vector<Counter>& counters, const std::string& today);
// Organisations whose newest publication is Not Met or Approaching with the first action of
// its plan due before today.
int64_t plans_overdue(const std::vector<Counter>& counters, const std::string& today);

// Everything a national, regional or ICS dashboard shows, for one edition.
enum class AreaKind { nation, region, ics };
struct AreaFigures {
  AreaKind kind = AreaKind::nation;
  std::string edition;
  StatusCounts overall;
  std::vector<TrendPoint> trend;
  std::vector<Slice> by_group, by_type, by_region, by_ics, by_size;  // empty where not shown
  std::vector<ItemCount> unmet_items;
  Expiring expiry;
  int64_t plans_overdue = 0;
};
// The breakdowns an area shows: the nation by region and ICS, a region by ICS, an ICS by
// neither (all by group, type and size).
AreaFigures area_figures(const std::vector<Counter>& counters, AreaKind kind,
                         const std::string& edition, const std::string& today,
                         size_t item_limit = 10);

// ---------------------------------------------------------------------------------------------
// Support organisations: each provider in the portfolio.

struct Share {
  int64_t part = 0;
  int64_t whole = 0;
};

struct ProviderFacts {
  identity::Organisation org;
  bool started = false;                // has an assessment of the current edition
  int64_t last_activity = 0;           // that assessment's last change (unix seconds), 0 if none
  Share approaching_answered;          // applicable items mandatory for Approaching, answered
  Share met_answered;                  // applicable items mandatory for Met (including the above)
  std::vector<StatusRecord> statuses;  // newest edition first
};

struct ProviderSummary {
  std::string status = "not_published";  // the status that counts now
  std::optional<StatusRecord> counting;  // the record it comes from
  std::optional<StatusRecord> newest;    // the newest record, counting or not
  std::string expires_on;                // last day the newest record counts, "" if none
  bool plan_overdue = false;
  // Why the provider needs help now, worst first: plan_overdue, not_met, expiring (counts for
  // less than kExpiringSoonDays more), lapsed (published before, nothing counts now),
  // not_started (nothing counts and the current edition is not started), not_published
  // (started, nothing counts yet).
  std::vector<std::string> help;
};
inline constexpr int kExpiringSoonDays = 60;
const char* help_label(const std::string& reason);  // "Improvement plan overdue"

// What the support dashboard says about a provider at `now`. The status that counts is the
// newest record still valid (as for the published status); plans and expiry are those of the
// newest record.
ProviderSummary summarise_provider(const ProviderFacts& facts, int64_t now);

}  // namespace cg::oversight
