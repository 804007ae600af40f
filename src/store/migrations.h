#pragma once
// Versioned schema migrations, one folder per dialect
// (src/store/migrations/<dialect>/NNNN_name.sql), embedded into the binary at build time.
#include <string>
#include <vector>

#include "store/database.h"

namespace cg::store {

struct Migration {
  Dialect dialect;
  int version;
  std::string name;
  std::string sql;
};

const std::vector<Migration>& embedded_migrations();

struct MigrationReport {
  std::vector<std::string> applied;  // names applied by this call
  int current_version = 0;
};

// Applies every migration newer than the database's version, each in its own transaction.
// On PostgreSQL an advisory lock makes concurrent starters wait, so nothing runs twice.
MigrationReport migrate(Database& db);

}  // namespace cg::store
