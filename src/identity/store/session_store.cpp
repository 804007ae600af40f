#include "identity/store/session_store.h"

namespace cg::identity::store {

void insert_session(Connection& c, const SessionRecord& s, const std::string& address,
                    const std::string& user_agent) {
  c.exec(
      "INSERT INTO sessions (id_hash, person_id, stage, active_org_id, created_at, last_seen_at, "
      "reauthenticated_at, address, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {s.id_hash, s.person_id, s.stage,
       s.active_org_id > 0 ? cg::store::Value(s.active_org_id) : cg::store::null(), s.created_at,
       s.last_seen_at, s.reauthenticated_at, address, user_agent.substr(0, 300)});
}

std::optional<SessionRecord> find_session(Connection& c, const std::string& id_hash) {
  auto r = c.exec(
      "SELECT id_hash, person_id, stage, active_org_id, created_at, last_seen_at, "
      "reauthenticated_at FROM sessions WHERE id_hash = ?",
      {id_hash});
  if (r.empty()) return std::nullopt;
  const auto& row = r.rows[0];
  SessionRecord s;
  s.id_hash = row.text(0);
  s.person_id = row.integer(1);
  s.stage = row.text(2);
  s.active_org_id = row.is_null(3) ? 0 : row.integer(3);
  s.created_at = row.integer(4);
  s.last_seen_at = row.integer(5);
  s.reauthenticated_at = row.integer(6);
  return s;
}

void touch_session(Connection& c, const std::string& id_hash, int64_t now) {
  c.exec("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", {now, id_hash});
}

void set_session_stage(Connection& c, const std::string& id_hash, const std::string& stage,
                       int64_t now) {
  c.exec("UPDATE sessions SET stage = ?, reauthenticated_at = ? WHERE id_hash = ?",
         {stage, now, id_hash});
}

void set_active_org(Connection& c, const std::string& id_hash, int64_t org_id) {
  c.exec("UPDATE sessions SET active_org_id = ? WHERE id_hash = ?", {org_id, id_hash});
}

void delete_session(Connection& c, const std::string& id_hash) {
  c.exec("DELETE FROM sessions WHERE id_hash = ?", {id_hash});
}

void delete_sessions_of(Connection& c, int64_t person_id) {
  c.exec("DELETE FROM sessions WHERE person_id = ?", {person_id});
}

void delete_expired_sessions(Connection& c, int64_t idle_before, int64_t created_before) {
  c.exec("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?",
         {idle_before, created_before});
}

void record_sign_in_attempt(Connection& c, const std::string& email, const std::string& address,
                            int64_t at, bool succeeded) {
  c.exec("INSERT INTO sign_in_attempts (email, address, at, succeeded) VALUES (?, ?, ?, ?)",
         {email, address, at, static_cast<int64_t>(succeeded ? 1 : 0)});
  // Attempts are counted over minutes; older rows would only let the table grow without end.
  c.exec("DELETE FROM sign_in_attempts WHERE at < ?", {at - kSignInRecordsKeptSeconds});
}

void lock_attempts_for(Connection& c, const std::string& key) {
  if (c.dialect() == cg::store::Dialect::postgres)
    c.exec("SELECT pg_advisory_xact_lock(hashtextextended(?, 7411))", {key});
}

int64_t record_pending_attempt(Connection& c, const std::string& key, const std::string& address,
                               int64_t at) {
  c.exec("DELETE FROM sign_in_attempts WHERE at < ?", {at - kSignInRecordsKeptSeconds});
  return c
      .exec(
          "INSERT INTO sign_in_attempts (email, address, at, succeeded) VALUES (?, ?, ?, 2) "
          "RETURNING id",
          {key, address, at})
      .one()
      .integer(0);
}

void mark_attempt_succeeded(Connection& c, int64_t attempt_id) {
  c.exec("UPDATE sign_in_attempts SET succeeded = 1 WHERE id = ?", {attempt_id});
}

void mark_attempt_failed(Connection& c, int64_t attempt_id) {
  c.exec("UPDATE sign_in_attempts SET succeeded = 0 WHERE id = ?", {attempt_id});
}

// succeeded: 0 failed, 1 succeeded, 2 pending (record_pending_attempt).
int64_t failures_for_email(Connection& c, const std::string& email, int64_t since, int64_t now) {
  return c
      .exec(
          "SELECT COUNT(*) FROM sign_in_attempts WHERE email = ? AND at >= ? "
          "AND (succeeded = 0 OR (succeeded = 2 AND at >= ?)) "
          "AND at > COALESCE((SELECT MAX(at) FROM sign_in_attempts WHERE email = ? AND "
          "succeeded = 1), 0)",
          {email, since, now - kPendingAttemptSeconds, email})
      .one()
      .integer(0);
}

int64_t failures_for_address(Connection& c, const std::string& address, int64_t since,
                             int64_t now) {
  return c
      .exec(
          "SELECT COUNT(*) FROM sign_in_attempts WHERE address = ? AND at >= ? "
          "AND (succeeded = 0 OR (succeeded = 2 AND at >= ?))",
          {address, since, now - kPendingAttemptSeconds})
      .one()
      .integer(0);
}

void clear_account_lockout(Connection& c, const std::string& email, const std::string& address,
                           int64_t at) {
  record_sign_in_attempt(c, email, address, at, true);
}

}  // namespace cg::identity::store
