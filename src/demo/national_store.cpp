#include "demo/national_store.h"

#include <algorithm>
#include <stdexcept>

namespace cg::demo::store {

namespace {

const char* table_name(Table t) {
  switch (t) {
    case Table::organisations:
      return "organisations";
    case Table::portfolio:
      return "portfolio";
    case Table::people:
      return "people";
    case Table::memberships:
      return "memberships";
    case Table::assessments:
      return "assessments";
    case Table::answers:
      return "answers";
    case Table::answer_history:
      return "answer_history";
    case Table::plan_entries:
      return "plan_entries";
    case Table::evidence:
      return "evidence";
    case Table::evidence_links:
      return "evidence_links";
    case Table::certificates:
      return "certificates";
    case Table::publications:
      return "publications";
    case Table::org_status:
      return "org_status";
  }
  return "";
}

constexpr Table kAllTables[] = {Table::organisations,  Table::portfolio,    Table::people,
                                Table::memberships,    Table::assessments,  Table::answers,
                                Table::answer_history, Table::plan_entries, Table::evidence,
                                Table::evidence_links, Table::certificates, Table::publications,
                                Table::org_status};

// Tables whose id the loader chooses, and those whose id the database numbers.
constexpr Table kIdTables[] = {Table::organisations, Table::people,   Table::memberships,
                               Table::assessments,   Table::answers,  Table::answer_history,
                               Table::plan_entries,  Table::evidence, Table::certificates,
                               Table::publications};

// Keeps each statement well under both engines' limits on parameters.
constexpr size_t kMaxParameters = 6000;

}  // namespace

const std::vector<const char*>& columns(Table t) {
  static const std::map<Table, std::vector<const char*>> all = {
      {Table::organisations,
       {"id", "parent_id", "path", "type", "name", "ods_code", "cqc_location_id", "region_id",
        "ics_id", "staff_count", "people_supported", "created_at", "updated_at"}},
      {Table::portfolio, {"support_org_id", "provider_id", "added_at"}},
      {Table::people, {"id", "email", "name", "password_hash", "created_at"}},
      {Table::memberships, {"person_id", "org_id", "role", "created_at"}},
      {Table::assessments,
       {"id", "org_id", "framework_id", "edition", "copied_from", "created_by", "created_at",
        "updated_at"}},
      {Table::answers,
       {"assessment_id", "item_id", "value", "note", "carried_over", "updated_by", "updated_at"}},
      {Table::answer_history,
       {"assessment_id", "item_id", "old_value", "new_value", "old_note", "new_note", "changed_by",
        "changed_at"}},
      {Table::plan_entries,
       {"assessment_id", "item_id", "action", "owner", "target_date", "updated_at"}},
      {Table::evidence,
       {"id", "org_id", "title", "kind", "url", "owner", "review_date", "created_by",
        "created_at"}},
      {Table::evidence_links, {"assessment_id", "item_id", "evidence_id", "linked_at"}},
      {Table::certificates, {"org_id", "kind", "number", "issued_on", "expires_on", "created_at"}},
      {Table::publications,
       {"id", "assessment_id", "org_id", "framework_id", "edition", "edition_deadline", "status",
        "published_at", "published_by", "snapshot"}},
      {Table::org_status,
       {"org_id", "edition", "status", "published_on", "valid_until", "plan_due_on", "unmet_items",
        "source", "publication_id", "updated_at"}},
  };
  return all.at(t);
}

BatchInsert::BatchInsert(Connection& c, Table table)
    : c_(c), table_(table), width_(columns(table).size()), batch_rows_(kMaxParameters / width_) {
  pending_.reserve(batch_rows_ * width_);
}

void BatchInsert::add(std::vector<Value> row) {
  if (row.size() != width_)
    throw std::logic_error(std::string("wrong number of values for ") + table_name(table_));
  for (auto& v : row) pending_.push_back(std::move(v));
  ++rows_;
}

void BatchInsert::send_all() {
  const size_t rows = pending_.size() / width_;
  for (size_t first = 0; first < rows; first += batch_rows_)
    send(first, std::min(batch_rows_, rows - first));
  pending_.clear();
}

void BatchInsert::send(size_t first_row, size_t rows) {
  std::string sql = std::string("INSERT INTO ") + table_name(table_) + " (";
  const auto& cols = columns(table_);
  for (size_t i = 0; i < cols.size(); ++i) sql += (i ? ", " : "") + std::string(cols[i]);
  sql += ") VALUES ";
  std::string one = "(";
  for (size_t i = 0; i < width_; ++i) one += i ? ", ?" : "?";
  one += ")";
  sql.reserve(sql.size() + rows * (one.size() + 2));
  for (size_t r = 0; r < rows; ++r) sql += (r ? ", " : "") + one;
  // Statements of the same number of rows share one prepared statement.
  const auto begin = pending_.begin() + static_cast<std::ptrdiff_t>(first_row * width_);
  c_.exec(sql, std::vector<Value>(begin, begin + static_cast<std::ptrdiff_t>(rows * width_)));
}

int64_t organisations_besides_national(Connection& c) {
  return c.exec("SELECT COUNT(*) FROM organisations WHERE type <> 'national'").one().integer(0);
}

int64_t national_id(Connection& c) {
  auto r = c.exec("SELECT id FROM organisations WHERE type = 'national' ORDER BY id LIMIT 1");
  return r.empty() ? 0 : r.rows[0].integer(0);
}

int64_t next_id(Connection& c, Table t) {
  return c.exec(std::string("SELECT COALESCE(MAX(id), 0) + 1 FROM ") + table_name(t))
      .one()
      .integer(0);
}

void fix_sequences(Connection& c) {
  if (c.dialect() != cg::store::Dialect::postgres) return;
  for (Table t : kIdTables) {
    const std::string name = table_name(t);
    c.exec("SELECT setval(pg_get_serial_sequence('" + name +
           "', 'id'), (SELECT COALESCE(MAX(id), 1) FROM " + name + "), (SELECT COUNT(*) > 0 FROM " +
           name + "))");
  }
}

int64_t database_bytes(Connection& c) {
  if (c.dialect() == cg::store::Dialect::postgres)
    return c.exec("SELECT pg_database_size(current_database())").one().integer(0);
  const int64_t pages = c.exec("PRAGMA page_count").one().integer(0);
  const int64_t free_pages = c.exec("PRAGMA freelist_count").one().integer(0);
  return (pages - free_pages) * c.exec("PRAGMA page_size").one().integer(0);
}

std::map<std::string, int64_t> organisations_by_type(Connection& c) {
  std::map<std::string, int64_t> out;
  for (const auto& r : c.exec("SELECT type, COUNT(*) FROM organisations GROUP BY type").rows)
    out[r.text(0)] = r.integer(1);
  return out;
}

std::map<std::string, std::map<std::string, int64_t>> statuses_by_edition(Connection& c) {
  std::map<std::string, std::map<std::string, int64_t>> out;
  for (const auto& r :
       c.exec("SELECT edition, status, COUNT(*) FROM org_status GROUP BY edition, status").rows)
    out[r.text(0)][r.text(1)] = r.integer(2);
  return out;
}

std::map<std::string, int64_t> table_rows(Connection& c) {
  std::map<std::string, int64_t> out;
  for (Table t : kAllTables)
    out[table_name(t)] =
        c.exec(std::string("SELECT COUNT(*) FROM ") + table_name(t)).one().integer(0);
  return out;
}

}  // namespace cg::demo::store
