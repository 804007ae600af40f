#pragma once
// The SQL of the status-list importer. A national list touches tens of thousands of rows, so
// the importer reads what exists in a few queries, writes organisations and statuses with one
// or two statements each, and then recounts the sector counters once (oversight::rebuild), all
// in one transaction, instead of keeping the counters in step row by row.
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "identity/model.h"
#include "oversight/summary.h"
#include "store/database.h"

namespace cg::oversight::import::store {

using cg::store::Connection;

struct KnownOrg {
  int64_t id = 0;
  std::string path;
  identity::OrgType type = identity::OrgType::other_social_care;
  std::string name;
  int64_t ics_id = 0;
};

std::vector<identity::Organisation> all_ics(Connection& c);
// Every organisation with an ODS code, by code.
std::unordered_map<std::string, KnownOrg> orgs_by_code(Connection& c);
// Every recorded status, by organisation and edition.
std::map<std::pair<int64_t, std::string>, StatusRecord> all_statuses(Connection& c);

struct NewProvider {
  const identity::Organisation* ics = nullptr;
  identity::OrgType type = identity::OrgType::other_social_care;
  std::string name;
  std::string ods_code;
};
// Adds providers directly under their ICSs, many to a statement (the counters are left to the
// recount); returns their ids by ODS code.
std::unordered_map<std::string, int64_t> insert_providers(Connection& c,
                                                          const std::vector<NewProvider>& orgs,
                                                          int64_t now);
void rename(Connection& c, int64_t org_id, const std::string& name, int64_t now);
// Puts the organisation (and everything beneath it) directly under `ics`.
void move_under(Connection& c, const KnownOrg& org, const identity::Organisation& ics, int64_t now);
// Inserts or replaces each organisation's status for the record's edition, many to a statement.
void put_statuses(Connection& c, const std::vector<StatusRecord>& statuses, int64_t now);

}  // namespace cg::oversight::import::store
