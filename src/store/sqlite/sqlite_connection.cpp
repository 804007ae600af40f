#include "store/sqlite/sqlite_connection.h"

#include <sqlite3.h>

#include <filesystem>

#include "core/error.h"
#include "store/statement_cache.h"

namespace cg::store {

namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
  std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT)
    throw Error::with_detail(ErrorCode::conflict, kConflictMessage, message);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_CANTOPEN ||
      primary == SQLITE_IOERR || primary == SQLITE_FULL)
    throw Error(ErrorCode::unavailable, message);
  throw Error(ErrorCode::internal, message);
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    cache_.each([](sqlite3_stmt* stmt) { sqlite3_finalize(stmt); });
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::sqlite; }

  Result exec(std::string_view sql, const std::vector<Value>& params) override {
    sqlite3_stmt* stmt = prepared(sql);
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    for (size_t i = 0; i < params.size(); ++i) bind(stmt, static_cast<int>(i + 1), params[i]);
    Result result;
    const int columns = sqlite3_column_count(stmt);
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail(db_, rc, "query failed");
      Row row;
      row.values.reserve(columns);
      for (int c = 0; c < columns; ++c) row.values.push_back(column(stmt, c));
      result.rows.push_back(std::move(row));
    }
    result.affected = sqlite3_changes64(db_);
    return result;
  }

  void exec_script(std::string_view sql) override {
    std::string text(sql);
    char* error = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
      std::string message = error ? error : "script failed";
      sqlite3_free(error);
      throw Error(ErrorCode::internal, "database script failed: " + message);
    }
  }

 private:
  sqlite3_stmt* prepared(std::string_view sql) {
    if (sqlite3_stmt** kept = cache_.find(sql)) return *kept;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, "could not prepare statement");
    cache_.add(sql, stmt);
    // exec runs one statement at a time, so the one evicted here is never mid-step.
    while (cache_.over_capacity()) sqlite3_finalize(*cache_.pop_oldest());
    return stmt;
  }

  void bind(sqlite3_stmt* stmt, int index, const Value& v) {
    int rc = SQLITE_OK;
    if (std::holds_alternative<Null>(v)) {
      rc = sqlite3_bind_null(stmt, index);
    } else if (auto p = std::get_if<int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt, index, *p);
    } else if (auto p = std::get_if<double>(&v)) {
      rc = sqlite3_bind_double(stmt, index, *p);
    } else if (auto p = std::get_if<std::string>(&v)) {
      rc = sqlite3_bind_text64(stmt, index, p->data(), p->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    if (rc != SQLITE_OK) fail(db_, rc, "could not bind parameter");
  }

  static Value column(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_NULL:
        return Null{};
      case SQLITE_INTEGER:
        return static_cast<int64_t>(sqlite3_column_int64(stmt, c));
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, c);
      default: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        return std::string(text ? text : "", static_cast<size_t>(sqlite3_column_bytes(stmt, c)));
      }
    }
  }

  sqlite3* db_;
  StatementCache<sqlite3_stmt*> cache_;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path) {
  std::filesystem::path p(path);
  if (p.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(p.parent_path(), ec);
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    throw Error(ErrorCode::unavailable, "cannot open SQLite database " + path + ": " + message);
  }
  auto conn = std::make_unique<SqliteConnection>(db);
  sqlite3_busy_timeout(db, 10000);
  // Without this, every statement with `LIKE ?` is compiled again each time it runs, in case
  // the bound pattern has a fixed prefix an index could use. Ours are all substring searches
  // (a leading %), so that never pays; it cost about 230k instructions per name search.
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_QPSG, 1, nullptr);
  // Switching a new file to WAL needs an exclusive lock, and SQLite reports "locked" at once
  // (without the busy handler) when several processes open the same new file together.
  for (int attempt = 0;; ++attempt) {
    try {
      conn->exec_script(
          "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;"
          "PRAGMA temp_store=MEMORY;");
      break;
    } catch (const Error&) {
      if (attempt >= 100 || sqlite3_errcode(db) != SQLITE_BUSY) throw;
      sqlite3_sleep(20);
    }
  }
  return conn;
}

void sqlite_backup(const std::string& source_path, const std::string& dest_path) {
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  if (sqlite3_open_v2(source_path.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string m = src ? sqlite3_errmsg(src) : "cannot open";
    sqlite3_close_v2(src);
    throw Error(ErrorCode::unavailable, "backup: cannot open " + source_path + ": " + m);
  }
  std::filesystem::remove(dest_path);
  if (sqlite3_open_v2(dest_path.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK) {
    std::string m = dst ? sqlite3_errmsg(dst) : "cannot open";
    sqlite3_close_v2(src);
    sqlite3_close_v2(dst);
    throw Error(ErrorCode::unavailable, "backup: cannot create " + dest_path + ": " + m);
  }
  sqlite3_busy_timeout(src, 10000);
  sqlite3_backup* backup = sqlite3_backup_init(dst, "main", src, "main");
  int rc = SQLITE_OK;
  if (backup) {
    // Copy in steps so writers are not held off for the whole copy.
    do {
      rc = sqlite3_backup_step(backup, 256);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
  }
  rc = sqlite3_errcode(dst);
  std::string m = sqlite3_errmsg(dst);
  sqlite3_close_v2(src);
  sqlite3_close_v2(dst);
  if (rc != SQLITE_OK) throw Error(ErrorCode::internal, "backup failed: " + m);
}

void sqlite_restore(const std::string& backup_path, const std::string& dest_path) {
  if (!std::filesystem::is_regular_file(backup_path))
    throw Error(ErrorCode::bad_request, "--from: there is no file at " + backup_path);
  sqlite3* src = nullptr;
  if (sqlite3_open_v2(backup_path.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(src);
    throw Error(ErrorCode::bad_request, "--from: " + backup_path + " is not a SQLite database");
  }
  auto fail = [&](const std::string& why) {
    sqlite3_close_v2(src);
    throw Error(ErrorCode::bad_request, "--from: " + backup_path + " " + why);
  };
  auto single_text = [&](const char* sql, std::string& out) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(src, sql, -1, &st, nullptr) != SQLITE_OK) return false;
    const bool row = sqlite3_step(st) == SQLITE_ROW;
    if (row && sqlite3_column_text(st, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return row;
  };
  std::string check;
  if (!single_text("PRAGMA integrity_check", check)) fail("is not a SQLite database");
  if (check != "ok") fail("is damaged: " + check);
  std::string version;
  if (!single_text("SELECT MAX(version) FROM schema_migrations", version) || version.empty())
    fail("is not a Careguard backup (it has no schema version)");
  sqlite3* dst = nullptr;
  if (sqlite3_open_v2(dest_path.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK) {
    std::string m = dst ? sqlite3_errmsg(dst) : "cannot open";
    sqlite3_close_v2(dst);
    fail("cannot be restored: " + dest_path + ": " + m);
  }
  sqlite3_busy_timeout(dst, 10000);
  sqlite3_backup* backup = sqlite3_backup_init(dst, "main", src, "main");
  int rc = SQLITE_OK;
  if (backup) {
    // All pages in one step, so readers of the destination never see half a restore.
    do {
      rc = sqlite3_backup_step(backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
    } while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
  }
  rc = sqlite3_errcode(dst);
  std::string m = sqlite3_errmsg(dst);
  sqlite3_close_v2(src);
  sqlite3_close_v2(dst);
  if (rc != SQLITE_OK) throw Error(ErrorCode::internal, "restore failed: " + m);
}

}  // namespace cg::store
