#pragma once
// SQL for loading the national synthetic dataset in bulk: many rows per INSERT, each batch
// size prepared once, all inside the caller's transaction. Ids of organisations, people,
// assessments, evidence and publications are chosen by the loader (from next_id) so rows can
// refer to each other without reading anything back; fix_sequences() then moves PostgreSQL's
// id sequences past them.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/database.h"

namespace cg::demo::store {

using cg::store::Connection;
using cg::store::Value;

enum class Table {
  organisations,
  portfolio,
  people,
  memberships,
  assessments,
  answers,
  answer_history,
  plan_entries,
  evidence,
  evidence_links,
  certificates,
  publications,
  org_status,
};

// The columns a row for the table carries, in order.
const std::vector<const char*>& columns(Table table);

class BatchInsert {
 public:
  BatchInsert(Connection& c, Table table);
  // Adds one row (as many values as columns(table)); nothing is sent until send_all().
  void add(std::vector<Value> row);
  // True when at least one full batch is waiting.
  bool full() const { return pending_.size() >= batch_rows_ * width_; }
  // Sends every row waiting, a full batch per statement. The caller sends parent tables before
  // the tables that refer to them (foreign keys are checked at each statement).
  void send_all();
  int64_t rows() const { return rows_; }

 private:
  void send(size_t first_row, size_t rows);
  Connection& c_;
  Table table_;
  size_t width_;
  size_t batch_rows_;
  std::vector<Value> pending_;
  int64_t rows_ = 0;
};

// Organisations other than the national team.
int64_t organisations_besides_national(Connection& c);
// The national team's id, 0 when there is none.
int64_t national_id(Connection& c);
// The first id free in a table with an id column.
int64_t next_id(Connection& c, Table table);
// PostgreSQL: sets each id sequence to the largest id used. SQLite needs nothing.
void fix_sequences(Connection& c);
// Bytes the database takes on disk (SQLite: pages in use; PostgreSQL: pg_database_size).
int64_t database_bytes(Connection& c);

// For the summary: organisations by type, and statuses by edition.
std::map<std::string, int64_t> organisations_by_type(Connection& c);
std::map<std::string, std::map<std::string, int64_t>> statuses_by_edition(Connection& c);
// Rows in each table the loader writes.
std::map<std::string, int64_t> table_rows(Connection& c);

}  // namespace cg::demo::store
