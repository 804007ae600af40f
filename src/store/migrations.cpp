#include "store/migrations.h"

#include "core/clock.h"
#include "core/crypto.h"

namespace cg::store {

namespace {
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(727274001)";

int current_version(Connection& c) {
  return static_cast<int>(
      c.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").one().integer(0));
}
}  // namespace

MigrationReport migrate(Database& db) {
  MigrationReport report;
  db.transaction([&](Connection& c) {
    if (db.dialect() == Dialect::postgres) c.exec(kMigrationLock);
    c.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
        "NULL, applied_at BIGINT NOT NULL)");
  });
  for (const Migration& m : embedded_migrations()) {
    if (m.dialect != db.dialect()) continue;
    db.transaction([&](Connection& c) {
      if (db.dialect() == Dialect::postgres) c.exec(kMigrationLock);
      // Re-read inside the lock: another server may have applied it while we waited.
      if (current_version(c) >= m.version) return;
      c.exec_script(m.sql);
      c.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
             {static_cast<int64_t>(m.version), m.name, clock::now()});
      report.applied.push_back(m.name);
    });
  }
  db.transaction([&](Connection& c) {
    if (db.dialect() == Dialect::postgres) c.exec(kMigrationLock);
    // A server-wide secret for signing CSRF tokens; kept in the database so every server
    // behind a load balancer agrees on it.
    if (c.exec("SELECT value FROM settings WHERE key = 'secret'").empty())
      c.exec("INSERT INTO settings (key, value) VALUES ('secret', ?)", {crypto::random_token(32)});
    report.current_version = current_version(c);
  });
  return report;
}

}  // namespace cg::store
