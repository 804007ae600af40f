#pragma once
// The database port. Repositories speak SQL with '?' placeholders through this interface and
// never see which engine is underneath; the adapters (sqlite/, postgres/) translate.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cg::store {

enum class Dialect { sqlite, postgres };

// What a person is told when a write breaks a uniqueness or reference rule that the code did
// not check first; the database's own message goes only to the log (Error::detail).
inline constexpr const char* kConflictMessage =
    "This clashes with a record that already exists or has changed. Go back, check what you "
    "entered and try again.";

struct Null {};
using Value = std::variant<Null, int64_t, double, std::string>;
inline Value null() { return Null{}; }
// Optional text: empty string becomes NULL.
inline Value text_or_null(const std::string& s) { return s.empty() ? Value(Null{}) : Value(s); }

struct Row {
  std::vector<Value> values;
  bool is_null(size_t i) const;
  int64_t integer(size_t i) const;
  double real(size_t i) const;
  std::string text(size_t i) const;  // NULL reads as ""
  bool boolean(size_t i) const { return integer(i) != 0; }
};

struct Result {
  std::vector<Row> rows;
  int64_t affected = 0;
  bool empty() const { return rows.empty(); }
  const Row& one() const;  // throws not_found when empty
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  virtual Result exec(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  virtual void exec_script(std::string_view sql) = 0;  // several statements, no parameters
};

struct PoolStats {
  int size = 0;        // connections open
  int in_use = 0;      // connections lent out now
  int capacity = 0;    // most connections the pool will open
  uint64_t waits = 0;  // times a caller had to wait for a free connection
};

class Database;

// A connection borrowed from the pool; goes back when destroyed.
class Lease {
 public:
  Lease(Database* db, std::unique_ptr<Connection> conn) : db_(db), conn_(std::move(conn)) {}
  Lease(Lease&&) = default;
  Lease& operator=(Lease&&) = default;
  ~Lease();
  Connection& operator*() { return *conn_; }
  Connection* operator->() { return conn_.get(); }
  void discard() { broken_ = true; }

 private:
  Database* db_;
  std::unique_ptr<Connection> conn_;
  bool broken_ = false;
};

class Database {
 public:
  using Factory = std::function<std::unique_ptr<Connection>()>;
  Database(Dialect dialect, Factory factory, int capacity);
  virtual ~Database() = default;

  Dialect dialect() const { return dialect_; }
  Lease acquire();
  PoolStats stats() const;
  bool ping();

  // Runs work inside one transaction: all of it commits, or none of it does.
  template <class F>
  auto transaction(F&& work) -> decltype(work(std::declval<Connection&>())) {
    Lease lease = acquire();
    lease->exec(dialect_ == Dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
    try {
      if constexpr (std::is_void_v<decltype(work(*lease))>) {
        work(*lease);
        lease->exec("COMMIT");
      } else {
        auto result = work(*lease);
        lease->exec("COMMIT");
        return result;
      }
    } catch (...) {
      try {
        lease->exec("ROLLBACK");
      } catch (...) {
        lease.discard();
      }
      throw;
    }
  }

  // Runs read-only work on a pooled connection without opening a write transaction.
  template <class F>
  auto read(F&& work) -> decltype(work(std::declval<Connection&>())) {
    Lease lease = acquire();
    return work(*lease);
  }

 private:
  friend class Lease;
  void give_back(std::unique_ptr<Connection> conn, bool broken);

  Dialect dialect_;
  Factory factory_;
  int capacity_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
  int in_use_ = 0;
  uint64_t waits_ = 0;
};

// Opens "sqlite:PATH" or "postgresql://..." (also "postgres://..."). Throws cg::Error
// (unavailable) when the database cannot be reached, (bad_request) for a malformed URL.
std::unique_ptr<Database> open(const std::string& url, int pool_size);

// Rewrites '?' placeholders to $1, $2, ... outside quoted text (PostgreSQL's form).
std::string numbered_placeholders(std::string_view sql);

}  // namespace cg::store
