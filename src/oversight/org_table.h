#pragma once
// The organisation table of a region's or ICS's dashboard: every counted organisation of the
// area with its status in one edition, filtered, sorted and cut into pages in memory. The rows
// are read once (dashboard_store.h: area_rows) and sorted by every key once (sort_area), so a
// view of any page in any order is a walk along a ready order, however large the area.
#include <cstdint>
#include <string>
#include <vector>

#include "oversight/dashboard.h"

namespace cg::oversight {

// Sort keys of the organisation table. Names sort byte by byte (as PostgreSQL's C collation and
// SQLite's BINARY do), then by id; every other key then by name and id; descending reverses the
// whole order.
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
  std::string counts_until;  // the London day valid_until ends, "" when none
};

struct OrgTable {
  std::vector<OrgTableRow> rows;
  int64_t total = 0;  // rows matching the filters, on every page
  int64_t pages = 0;  // 0 when none match
};

// An area's rows with, for each of kOrgTableSorts, the row indexes in ascending order.
struct SortedArea {
  std::vector<OrgTableRow> rows;
  std::vector<std::vector<uint32_t>> orders;
};
SortedArea sort_area(std::vector<OrgTableRow> rows);

// The page the query asks for (its kind, area and edition are the caller's business: they must
// be those the area was read for). An unknown status, type, size or sort is a bad request.
OrgTable table_page(const SortedArea& area, const OrgTableQuery& query);

// The same page as indexes into area.rows, for a caller that keeps the area: copying a page's
// rows costs more than finding them.
struct TableSlice {
  std::vector<uint32_t> rows;
  int64_t total = 0;
  int64_t pages = 0;
};
TableSlice table_slice(const SortedArea& area, const OrgTableQuery& query);

}  // namespace cg::oversight
