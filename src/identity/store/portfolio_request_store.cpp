#include "identity/store/portfolio_request_store.h"

namespace cg::identity::store {

using cg::store::Row;

namespace {

constexpr const char* kSelect =
    "SELECT r.id, r.support_org_id, s.name, r.provider_id, p.name, COALESCE(p.ods_code, ''), "
    "r.requested_by, COALESCE(pe.name, ''), r.requested_at, r.note "
    "FROM portfolio_requests r "
    "JOIN organisations s ON s.id = r.support_org_id "
    "JOIN organisations p ON p.id = r.provider_id "
    "LEFT JOIN people pe ON pe.id = r.requested_by ";

PortfolioRequest from_row(const Row& r) {
  PortfolioRequest out;
  out.id = r.integer(0);
  out.support_org_id = r.integer(1);
  out.support_name = r.text(2);
  out.provider_id = r.integer(3);
  out.provider_name = r.text(4);
  out.provider_code = r.text(5);
  out.requested_by = r.integer(6);
  out.requested_by_name = r.text(7);
  out.requested_at = r.integer(8);
  out.note = r.text(9);
  return out;
}

std::vector<PortfolioRequest> all_of(const cg::store::Result& r) {
  std::vector<PortfolioRequest> out;
  for (const auto& row : r.rows) out.push_back(from_row(row));
  return out;
}

}  // namespace

int64_t insert_portfolio_request(Connection& c, int64_t support_org_id, int64_t provider_id,
                                 int64_t requested_by, int64_t now, const std::string& note) {
  return c
      .exec(
          "INSERT INTO portfolio_requests (support_org_id, provider_id, requested_by, "
          "requested_at, note) VALUES (?, ?, ?, ?, ?) RETURNING id",
          {support_org_id, provider_id, requested_by, now, note})
      .one()
      .integer(0);
}

std::optional<PortfolioRequest> find_open_portfolio_request(Connection& c, int64_t id) {
  auto r = c.exec(std::string(kSelect) + "WHERE r.id = ? AND r.decided_at IS NULL", {id});
  if (r.empty()) return std::nullopt;
  return from_row(r.rows[0]);
}

bool has_open_portfolio_request(Connection& c, int64_t support_org_id, int64_t provider_id) {
  return !c.exec(
               "SELECT 1 FROM portfolio_requests WHERE support_org_id = ? AND provider_id = ? "
               "AND decided_at IS NULL",
               {support_org_id, provider_id})
              .empty();
}

std::vector<PortfolioRequest> open_requests_to_provider(Connection& c, int64_t provider_id) {
  return all_of(c.exec(std::string(kSelect) + "WHERE r.provider_id = ? AND r.decided_at IS NULL "
                                              "ORDER BY r.requested_at, r.id",
                       {provider_id}));
}

std::vector<PortfolioRequest> open_requests_from_support(Connection& c, int64_t support_org_id) {
  return all_of(c.exec(std::string(kSelect) + "WHERE r.support_org_id = ? AND r.decided_at IS NULL "
                                              "ORDER BY p.name, r.id",
                       {support_org_id}));
}

bool close_portfolio_request(Connection& c, int64_t id, int64_t decided_by, int64_t now,
                             const std::string& outcome) {
  return c.exec(
              "UPDATE portfolio_requests SET decided_by = ?, decided_at = ?, outcome = ? "
              "WHERE id = ? AND decided_at IS NULL",
              {decided_by > 0 ? cg::store::Value(decided_by) : cg::store::null(), now, outcome, id})
             .affected > 0;
}

void close_open_request_between(Connection& c, int64_t support_org_id, int64_t provider_id,
                                int64_t decided_by, int64_t now) {
  c.exec(
      "UPDATE portfolio_requests SET decided_by = ?, decided_at = ?, outcome = 'assigned' "
      "WHERE support_org_id = ? AND provider_id = ? AND decided_at IS NULL",
      {decided_by > 0 ? cg::store::Value(decided_by) : cg::store::null(), now, support_org_id,
       provider_id});
}

}  // namespace cg::identity::store
