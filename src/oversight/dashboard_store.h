#pragma once
// What the dashboards read beyond the counters of summary.h: names of regions and ICSs, the
// rows of an area's organisation table (org_table.h filters, sorts and pages them) and the
// facts about a support organisation's providers. Permission is the caller's business.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "identity/model.h"
#include "oversight/dashboard.h"
#include "oversight/org_table.h"
#include "store/database.h"
#include "toolkit/model/framework.h"

namespace cg::oversight {

// Names of the organisations with these ids (those that exist).
std::map<int64_t, std::string> names_of(Connection& c, const std::vector<int64_t>& ids);

// Every counted organisation of the area (kind and id; the nation: all of them) with its status
// in the edition and when its newest publication stops counting, in no particular order.
std::vector<OrgTableRow> area_rows(Connection& c, AreaKind kind, int64_t area_id,
                                   const std::string& edition);
// One page of the area's table: table_page(sort_area(area_rows(...)), query).
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
