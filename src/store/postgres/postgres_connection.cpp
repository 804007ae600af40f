#include "store/postgres/postgres_connection.h"

#include <libpq-fe.h>

#include <cstdint>
#include <cstring>

#include "core/error.h"
#include "store/statement_cache.h"

namespace cg::store {

namespace {

struct ResultGuard {
  PGresult* r;
  ~ResultGuard() { PQclear(r); }
};

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::postgres; }

  Result exec(std::string_view sql, const std::vector<Value>& params) override {
    const std::string& name = prepared(sql, static_cast<int>(params.size()));
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (std::holds_alternative<Null>(v)) continue;
      if (auto p = std::get_if<int64_t>(&v))
        texts[i] = std::to_string(*p);
      else if (auto p = std::get_if<double>(&v))
        texts[i] = std::to_string(*p);
      else
        texts[i] = std::get<std::string>(v);
      values[i] = texts[i].c_str();
    }
    PGresult* r = PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()),
                                 values.data(), nullptr, nullptr, 0);
    ResultGuard guard{r};
    check(r, "query failed");
    Result result;
    const int n = PQntuples(r);
    const int columns = PQnfields(r);
    result.rows.reserve(n);
    for (int row = 0; row < n; ++row) {
      Row out;
      out.values.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(r, row, c)) {
          out.values.emplace_back(Null{});
        } else {
          out.values.emplace_back(
              std::string(PQgetvalue(r, row, c), static_cast<size_t>(PQgetlength(r, row, c))));
        }
      }
      result.rows.push_back(std::move(out));
    }
    const char* affected = PQcmdTuples(r);
    result.affected = (affected && *affected) ? std::stoll(affected) : 0;
    return result;
  }

  void exec_script(std::string_view sql) override {
    std::string text(sql);
    PGresult* r = PQexec(conn_, text.c_str());
    ResultGuard guard{r};
    check(r, "database script failed");
  }

 private:
  const std::string& prepared(std::string_view sql, int nparams) {
    if (const std::string* kept = names_.find(sql)) return *kept;
    // Names are never reused, so a name always means the statement it was prepared for.
    std::string name = "s" + std::to_string(next_name_++);
    std::string text = numbered_placeholders(sql);
    PGresult* r = PQprepare(conn_, name.c_str(), text.c_str(), nparams, nullptr);
    ResultGuard guard{r};
    check(r, "could not prepare statement");
    const std::string& kept = names_.add(sql, std::move(name));
    forget_oldest();
    return kept;
  }

  // Deallocates the least recently used statements beyond the cache's capacity. A failed
  // transaction refuses DEALLOCATE (nothing but its ROLLBACK can be prepared there anyway), so
  // then the extra statement waits for the next one prepared outside a failed transaction.
  void forget_oldest() {
    while (names_.over_capacity() && PQtransactionStatus(conn_) != PQTRANS_INERROR) {
      const std::string sql = "DEALLOCATE " + *names_.pop_oldest();
      PGresult* r = PQexec(conn_, sql.c_str());
      ResultGuard guard{r};
      check(r, "could not release a statement");
    }
  }

  void check(PGresult* r, std::string_view what) {
    ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    std::string message = std::string(what) + ": " + PQerrorMessage(conn_);
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    if (PQstatus(conn_) != CONNECTION_OK) throw Error(ErrorCode::unavailable, message);
    if (state && std::strncmp(state, "23", 2) == 0)
      throw Error::with_detail(ErrorCode::conflict, kConflictMessage, message);
    if (state && (std::strcmp(state, "40001") == 0 || std::strcmp(state, "40P01") == 0))
      throw Error(ErrorCode::unavailable, message);
    throw Error(ErrorCode::internal, message);
  }

  PGconn* conn_;
  StatementCache<std::string> names_;  // SQL text -> prepared statement name
  uint64_t next_name_ = 0;
};

}  // namespace

std::unique_ptr<Connection> open_postgres(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    throw Error(ErrorCode::unavailable, "cannot connect to PostgreSQL: " + message);
  }
  auto c = std::make_unique<PostgresConnection>(conn);
  c->exec_script("SET client_min_messages TO warning; SET TIME ZONE 'UTC'");
  return c;
}

}  // namespace cg::store
