#pragma once
// Requests from support organisations to add a provider to their portfolio (migration 0014).
// An open request gives no sight of anything: only the portfolio table does.
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace cg::identity::store {

using cg::store::Connection;

struct PortfolioRequest {
  int64_t id = 0;
  int64_t support_org_id = 0;
  std::string support_name;
  int64_t provider_id = 0;
  std::string provider_name;
  std::string provider_code;
  int64_t requested_by = 0;
  std::string requested_by_name;
  int64_t requested_at = 0;
  std::string note;
};

int64_t insert_portfolio_request(Connection& c, int64_t support_org_id, int64_t provider_id,
                                 int64_t requested_by, int64_t now, const std::string& note);
// An open (undecided) request by id.
std::optional<PortfolioRequest> find_open_portfolio_request(Connection& c, int64_t id);
bool has_open_portfolio_request(Connection& c, int64_t support_org_id, int64_t provider_id);
std::vector<PortfolioRequest> open_requests_to_provider(Connection& c, int64_t provider_id);
std::vector<PortfolioRequest> open_requests_from_support(Connection& c, int64_t support_org_id);
// Closes an open request with its outcome ("accepted", "declined", "withdrawn", "assigned");
// false when it was already closed (two people answering at once: only one wins).
bool close_portfolio_request(Connection& c, int64_t id, int64_t decided_by, int64_t now,
                             const std::string& outcome);
// Closes the open request between the two, if any, as "assigned" (a national admin's direct
// assignment answers it).
void close_open_request_between(Connection& c, int64_t support_org_id, int64_t provider_id,
                                int64_t decided_by, int64_t now);

}  // namespace cg::identity::store
