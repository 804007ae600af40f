#pragma once
// Organisations and support portfolios. Every list is tenant-scoped in SQL: a person only
// ever gets rows their roles let them see (the view_org column of the policy table).
#include <optional>
#include <string>
#include <vector>

#include "identity/model.h"
#include "store/database.h"

namespace cg::identity::store {

using cg::store::Connection;

std::optional<Organisation> find_org(Connection& c, int64_t id);
std::optional<Organisation> find_org_by_code(Connection& c, const std::string& ods_or_cqc);
std::optional<Organisation> find_national(Connection& c);
// Inserts org beneath org.parent_id (0 = top level), filling id, path, region_id and ics_id.
void insert_org(Connection& c, Organisation& org);
void update_org(Connection& c, const Organisation& org);
std::vector<Organisation> child_orgs(Connection& c, int64_t parent_id);

struct OrgPage {
  std::vector<Organisation> items;
  int64_t next_after = 0;  // 0 when there is no next page
};
// Organisations the person may see, by name, ODS code or CQC id, ordered by id, after a cursor.
// With membership_org_id, only through the roles held in that organisation (an API token's).
OrgPage visible_orgs(Connection& c, int64_t person_id, const std::string& search, int64_t after_id,
                     int limit, int64_t membership_org_id = 0);
bool is_visible(Connection& c, int64_t person_id, int64_t org_id);

void add_to_portfolio(Connection& c, int64_t support_org_id, int64_t provider_id, int64_t now);
bool remove_from_portfolio(Connection& c, int64_t support_org_id, int64_t provider_id);
std::vector<Organisation> portfolio_of(Connection& c, int64_t support_org_id);
bool in_portfolio(Connection& c, int64_t support_org_id, int64_t provider_id);
// The support organisations whose portfolio holds the provider: who may see its private records.
std::vector<Organisation> supporters_of(Connection& c, int64_t provider_id);

}  // namespace cg::identity::store
