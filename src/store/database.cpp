#include "store/database.h"

#include <charconv>

#include "core/error.h"
#include "store/postgres/postgres_connection.h"
#include "store/sqlite/sqlite_connection.h"

namespace cg::store {

bool Row::is_null(size_t i) const { return std::holds_alternative<Null>(values.at(i)); }

int64_t Row::integer(size_t i) const {
  const Value& v = values.at(i);
  if (auto p = std::get_if<int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) {
    if (*p == "t") return 1;
    if (*p == "f") return 0;
    int64_t n = 0;
    std::from_chars(p->data(), p->data() + p->size(), n);
    return n;
  }
  return 0;
}

double Row::real(size_t i) const {
  const Value& v = values.at(i);
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&v)) return p->empty() ? 0.0 : std::stod(*p);
  return 0.0;
}

std::string Row::text(size_t i) const {
  const Value& v = values.at(i);
  if (auto p = std::get_if<std::string>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) return std::to_string(*p);
  return "";
}

const Row& Result::one() const {
  if (rows.empty()) throw Error(ErrorCode::not_found, "Not found");
  return rows.front();
}

Lease::~Lease() {
  if (db_ && conn_) db_->give_back(std::move(conn_), broken_);
}

Database::Database(Dialect dialect, Factory factory, int capacity)
    : dialect_(dialect), factory_(std::move(factory)), capacity_(capacity < 1 ? 1 : capacity) {}

Lease Database::acquire() {
  std::unique_lock lock(mutex_);
  while (idle_.empty() && open_ >= capacity_) {
    ++waits_;
    available_.wait(lock);
  }
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    ++in_use_;
    return Lease(this, std::move(conn));
  }
  ++open_;
  ++in_use_;
  lock.unlock();
  try {
    return Lease(this, factory_());
  } catch (...) {
    lock.lock();
    --open_;
    --in_use_;
    available_.notify_one();
    throw;
  }
}

void Database::give_back(std::unique_ptr<Connection> conn, bool broken) {
  std::lock_guard lock(mutex_);
  --in_use_;
  if (broken) {
    --open_;
  } else {
    idle_.push_back(std::move(conn));
  }
  available_.notify_one();
}

PoolStats Database::stats() const {
  std::lock_guard lock(mutex_);
  return {open_, in_use_, capacity_, waits_};
}

bool Database::ping() {
  try {
    Lease lease = acquire();
    try {
      lease->exec("SELECT 1");
      return true;
    } catch (...) {
      lease.discard();
      return false;
    }
  } catch (...) {
    return false;
  }
}

std::string numbered_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      out.push_back(c);
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out.push_back(c);
    } else if (c == '?') {
      out.push_back('$');
      out += std::to_string(++n);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::unique_ptr<Database> open(const std::string& url, int pool_size) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.empty()) throw Error(ErrorCode::bad_request, "database: sqlite: needs a file path");
    auto db = std::make_unique<Database>(
        Dialect::sqlite, [path] { return open_sqlite(path); }, pool_size);
    db->acquire();  // fail now, not on the first request, if the file cannot be opened
    return db;
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    auto db = std::make_unique<Database>(
        Dialect::postgres, [url] { return open_postgres(url); }, pool_size);
    db->acquire();
    return db;
  }
  throw Error(ErrorCode::bad_request,
              "database: expected sqlite:PATH or postgresql://..., got '" + url + "'");
}

}  // namespace cg::store
