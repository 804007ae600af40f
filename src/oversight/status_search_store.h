#pragma once
// Queries behind the public status search and the CSV of every organisation's status. Only
// organisations that complete the toolkit appear, each with its current status: the newest
// edition still counting at `now` (see oversight::current_of).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "identity/model.h"
#include "oversight/name_index.h"
#include "store/database.h"

namespace cg::oversight {
class NameIndexCache;
}

namespace cg::oversight::search {

using cg::store::Connection;

struct StatusHit {
  int64_t id = 0;
  std::string name;
  std::string ods_code;
  std::string cqc_location_id;
  identity::OrgType type = identity::OrgType::other_social_care;
  std::string board;         // the ICS's name, "" when none
  std::string edition;       // "" when Not Published
  std::string status;        // "" when Not Published
  std::string published_on;  // YYYY-MM-DD, "" when Not Published
};

struct HitPage {
  std::vector<StatusHit> items;
  bool more = false;  // another page follows
};

// Organisations whose name contains `query`, or whose ODS code or CQC location ID is `query`
// (any case), by name; page 1 is the first. An empty query lists every organisation. With
// `names`, the matches are found in the server's kept index and only the page's rows are read;
// the rows are the same either way.
HitPage search_statuses(Connection& c, const std::string& query, int page, int per_page,
                        int64_t now, NameIndexCache* names = nullptr);

// The page through the kept index alone; nullopt when another request is reading it again.
std::optional<HitPage> search_kept(Connection& c, NameIndexCache& names, const std::string& query,
                                   int page, int per_page, int64_t now);

// What the kept index holds: the organisations the search lists, and the version it was read
// under (migration 0012).
std::vector<NameEntry> listed_names(Connection& c);
int64_t search_names_version(Connection& c);

// Every organisation, by name, for the download.
void each_status(Connection& c, int64_t now, const std::function<void(const StatusHit&)>& visit);

}  // namespace cg::oversight::search
