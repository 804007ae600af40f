#pragma once
#include <memory>
#include <string>

#include "store/database.h"

namespace cg::store {

// Opens (creating if needed) a SQLite file in WAL mode with foreign keys on, a busy timeout,
// and full fsync on commit so an acknowledged write survives a crash.
std::unique_ptr<Connection> open_sqlite(const std::string& path);

// Copies a live database to dest with SQLite's online backup API.
void sqlite_backup(const std::string& source_path, const std::string& dest_path);

// Replaces the database at dest_path with the backup in one step: the copy goes through the
// destination's own journal, so a crash part-way leaves the old database, never a mixture.
// The backup is checked first (readable, integrity_check ok, a Careguard schema).
void sqlite_restore(const std::string& backup_path, const std::string& dest_path);

}  // namespace cg::store
