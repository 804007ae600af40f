#include "identity/store/token_store.h"

namespace cg::identity::store {

namespace {
constexpr const char* kColumns =
    "t.id, t.person_id, t.org_id, o.name, t.name, t.token_hash, t.prefix, t.created_at, "
    "t.last_used_at, t.revoked_at";

ApiToken from_row(const cg::store::Row& r) {
  ApiToken t;
  t.id = r.integer(0);
  t.person_id = r.integer(1);
  t.org_id = r.integer(2);
  t.org_name = r.text(3);
  t.name = r.text(4);
  t.token_hash = r.text(5);
  t.prefix = r.text(6);
  t.created_at = r.integer(7);
  t.last_used_at = r.is_null(8) ? 0 : r.integer(8);
  t.revoked_at = r.is_null(9) ? 0 : r.integer(9);
  return t;
}
}  // namespace

void insert_token(Connection& c, ApiToken& t) {
  auto r = c.exec(
      "INSERT INTO api_tokens (person_id, org_id, name, token_hash, prefix, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {t.person_id, t.org_id, t.name, t.token_hash, t.prefix, t.created_at});
  t.id = r.one().integer(0);
}

std::optional<ApiToken> find_active_token(Connection& c, const std::string& token_hash) {
  auto r = c.exec(std::string("SELECT ") + kColumns +
                      " FROM api_tokens t JOIN organisations o ON o.id = t.org_id "
                      "WHERE t.token_hash = ? AND t.revoked_at IS NULL",
                  {token_hash});
  if (r.empty()) return std::nullopt;
  return from_row(r.rows[0]);
}

std::vector<ApiToken> tokens_of(Connection& c, int64_t person_id) {
  auto r = c.exec(std::string("SELECT ") + kColumns +
                      " FROM api_tokens t JOIN organisations o ON o.id = t.org_id "
                      "WHERE t.person_id = ? ORDER BY t.created_at DESC, t.id DESC",
                  {person_id});
  std::vector<ApiToken> out;
  for (const auto& row : r.rows) out.push_back(from_row(row));
  return out;
}

bool revoke_token(Connection& c, int64_t person_id, int64_t token_id, int64_t now) {
  return c.exec(
              "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND person_id = ? AND revoked_at "
              "IS NULL",
              {now, token_id, person_id})
             .affected > 0;
}

int64_t revoke_tokens_of(Connection& c, int64_t person_id, int64_t now) {
  return c
      .exec("UPDATE api_tokens SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL",
            {now, person_id})
      .affected;
}

void touch_token(Connection& c, int64_t token_id, int64_t now) {
  // Only write when the stored time is a minute old, so busy API clients do not turn every
  // read into a write.
  c.exec(
      "UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR "
      "last_used_at < ?)",
      {now, token_id, now - 60});
}

}  // namespace cg::identity::store
