#include "identity/store/audit_store.h"

namespace cg::identity::store {

namespace {
constexpr const char* kColumns =
    "id, at, actor_id, org_id, action, target_type, target_id, summary, prev_hash, hash";

AuditEntry from_row(const cg::store::Row& r) {
  AuditEntry e;
  e.id = r.integer(0);
  e.at = r.integer(1);
  e.actor_id = r.is_null(2) ? 0 : r.integer(2);
  e.org_id = r.is_null(3) ? 0 : r.integer(3);
  e.action = r.text(4);
  e.target_type = r.text(5);
  e.target_id = r.text(6);
  e.summary = r.text(7);
  e.prev_hash = r.text(8);
  e.hash = r.text(9);
  return e;
}

cg::store::Value id_or_null(int64_t id) {
  return id > 0 ? cg::store::Value(id) : cg::store::null();
}
}  // namespace

AuditEntry append_audit(Connection& c, AuditEntry e) {
  if (c.dialect() == cg::store::Dialect::postgres)
    c.exec("SELECT pg_advisory_xact_lock(727274002)");
  auto last = c.exec("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
  e.prev_hash = last.empty() ? "" : last.rows[0].text(1);
  const int64_t last_id = last.empty() ? 0 : last.rows[0].integer(0);
  // The id is chosen here (not by the sequence) so it is part of the hash before insert.
  e.id = last_id + 1;
  e.hash = audit_hash(e, e.prev_hash);
  c.exec(
      "INSERT INTO audit_log (id, at, actor_id, org_id, action, target_type, target_id, summary, "
      "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {e.id, e.at, id_or_null(e.actor_id), id_or_null(e.org_id), e.action, e.target_type,
       e.target_id, e.summary, e.prev_hash, e.hash});
  const std::string head = std::to_string(e.id) + ":" + e.hash;
  if (c.exec("UPDATE settings SET value = ? WHERE key = 'audit_head'", {head}).affected == 0)
    c.exec("INSERT INTO settings (key, value) VALUES ('audit_head', ?)", {head});
  return e;
}

std::vector<AuditEntry> audit_entries(Connection& c, int64_t org_id, int64_t before_id, int limit) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM audit_log WHERE id < ?";
  std::vector<cg::store::Value> params = {before_id > 0 ? before_id : INT64_MAX};
  if (org_id > 0) {
    sql += " AND org_id = ?";
    params.push_back(org_id);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.push_back(static_cast<int64_t>(limit));
  std::vector<AuditEntry> out;
  for (const auto& row : c.exec(sql, params).rows) out.push_back(from_row(row));
  return out;
}

std::vector<AuditEntry> all_audit_entries(Connection& c) {
  std::vector<AuditEntry> out;
  for (const auto& row :
       c.exec(std::string("SELECT ") + kColumns + " FROM audit_log ORDER BY id").rows)
    out.push_back(from_row(row));
  return out;
}

std::string audit_head(Connection& c) {
  auto r = c.exec("SELECT value FROM settings WHERE key = 'audit_head'");
  return r.empty() ? "" : r.rows[0].text(0);
}

}  // namespace cg::identity::store
