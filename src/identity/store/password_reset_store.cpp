#include "identity/store/password_reset_store.h"

#include "identity/store/session_store.h"

namespace cg::identity::store {

void insert_password_reset(Connection& c, PasswordReset& reset) {
  auto r = c.exec(
      "INSERT INTO password_resets (token_hash, person_id, created_at, expires_at) VALUES (?, ?, "
      "?, ?) RETURNING id",
      {reset.token_hash, reset.person_id, reset.created_at, reset.expires_at});
  reset.id = r.one().integer(0);
}

std::optional<PasswordReset> find_password_reset_by_token_hash(Connection& c,
                                                               const std::string& hash) {
  auto r = c.exec(
      "SELECT id, token_hash, person_id, created_at, expires_at, used_at, revoked_at FROM "
      "password_resets WHERE token_hash = ?",
      {hash});
  if (r.empty()) return std::nullopt;
  const auto& row = r.rows[0];
  PasswordReset p;
  p.id = row.integer(0);
  p.token_hash = row.text(1);
  p.person_id = row.integer(2);
  p.created_at = row.integer(3);
  p.expires_at = row.integer(4);
  p.used_at = row.is_null(5) ? 0 : row.integer(5);
  p.revoked_at = row.is_null(6) ? 0 : row.integer(6);
  return p;
}

int64_t revoke_unused_password_resets(Connection& c, int64_t person_id, int64_t now) {
  return c
      .exec(
          "UPDATE password_resets SET revoked_at = ? WHERE person_id = ? AND used_at IS NULL AND "
          "revoked_at IS NULL",
          {now, person_id})
      .affected;
}

bool mark_password_reset_used(Connection& c, int64_t id, int64_t now) {
  return c.exec(
              "UPDATE password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL AND "
              "revoked_at IS NULL AND expires_at > ?",
              {now, id, now})
             .affected > 0;
}

int64_t password_resets_sent_since(Connection& c, int64_t person_id, int64_t since) {
  return c
      .exec("SELECT COUNT(*) FROM password_resets WHERE person_id = ? AND created_at >= ?",
            {person_id, since})
      .one()
      .integer(0);
}

void record_password_reset_request(Connection& c, const std::string& address, int64_t at) {
  c.exec("INSERT INTO password_reset_requests (address, at) VALUES (?, ?)", {address, at});
  c.exec("DELETE FROM password_reset_requests WHERE at < ?", {at - kSignInRecordsKeptSeconds});
}

int64_t password_reset_requests_since(Connection& c, const std::string& address, int64_t since) {
  return c
      .exec("SELECT COUNT(*) FROM password_reset_requests WHERE address = ? AND at >= ?",
            {address, since})
      .one()
      .integer(0);
}

}  // namespace cg::identity::store
