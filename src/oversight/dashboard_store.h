#pragma once
// What the dashboards read beyond the counters of summary.h: names of regions and ICSs, the
// table of every organisation in an area (filtered, sorted, paginated in SQL) and the facts
// about a support organisation's providers. Permission is the caller's business.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "identity/model.h"
#include "oversight/dashboard.h"
#include "store/database.h"
#include "toolkit/model/framework.h"

namespace cg::oversight {

// Names of the organisations with these ids (those that exist).
std::map<int64_t, std::string> names_of(Connection& c, const std::vector<int64_t>& ids);

// Sort keys of the organisation table. Names sort in the database's own order.
inline constexpr const char* kOrgTableSorts[] = {"name",   "type",      "size",
                                                 "status", "published", "expires"};
inline constexpr int64_t kOrgTablePageSize = 50;

struct OrgTableQuery {
  AreaKind kind = AreaKind::ics;  // nation: every counted organisation
  int64_t area_id = 0;            // the region's or ICS's id
  std::string edition;            // the statuses shown are this edition's
  std::string status;             // "" any, or one of kDashboardStatuses
  std::string type;               // "" any, or an organisation type that is counted
  std::string size;               // "" any, or one of kSizeBands
  std::string name;               // "" any, or part of the name (case-insensitive, ASCII)
  std::string sort = "name";      // one of kOrgTableSorts
  bool descending = false;
  int64_t page = 1;                       // from 1
  int64_t page_size = kOrgTablePageSize;  // 0: every row
  int64_t known_total = -1;  // rows matching, when already known (filtered_total); -1: count
};

struct OrgTableRow {
  int64_t id = 0;
  std::string name;
  std::string ods_code;
  std::string type;
  int64_t staff_count = 0;
  std::string status;        // in the edition; not_published when it has none
  std::string published_on;  // in the edition, "" when none
  std::string plan_due_on;   // in the edition, when Not Met or Approaching
  int64_t valid_until = 0;   // of its newest publication (any edition), 0 when none
};

struct OrgTable {
  std::vector<OrgTableRow> rows;
  int64_t total = 0;  // rows matching the filters, on every page
  int64_t pages = 0;  // 0 when none match
};

OrgTable org_table(Connection& c, const OrgTableQuery& query);

// The facts about each provider in a support organisation's portfolio, by name: its progress
// in the edition's assessment (answered items mandatory at each level, of those that apply)
// and its statuses. edition may be null (no toolkit loaded): nothing is started then.
std::vector<ProviderFacts> portfolio_facts(Connection& c, int64_t support_org_id,
                                           const toolkit::Framework* edition);

// What a kept portfolio depends on (migration 0010): oversight_version, and the version of the
// support organisation's portfolio and its providers' assessments (0 before any change).
struct PortfolioVersions {
  int64_t oversight = 0;
  int64_t portfolio = 0;
};
PortfolioVersions portfolio_versions(Connection& c, int64_t support_org_id);

}  // namespace cg::oversight
