#include "cli/backup_restore.h"

#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <vector>

#include "core/error.h"
#include "store/checksums.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_connection.h"

extern char** environ;

namespace cg::cli {

namespace {

bool is_sqlite(const Config& c) { return c.database.rfind("sqlite:", 0) == 0; }

// Runs a PostgreSQL client program (pg_dump, pg_restore) and waits; throws when it fails.
void run_program(std::vector<std::string> args, const std::string& what) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid;
  if (posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0)
    throw Error(ErrorCode::unavailable, std::string("could not run ") + argv[0] +
                                            ": is the postgresql-client package installed?");
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw Error(ErrorCode::internal, what + " failed (" + args[0] + " exit status " +
                                         std::to_string(WEXITSTATUS(status)) + ")");
}

int64_t organisations_in(store::Database& db) {
  return db.read([](store::Connection& c) -> int64_t {
    try {
      return c.exec("SELECT COUNT(*) FROM organisations").one().integer(0);
    } catch (const std::exception&) {
      return 0;  // an empty database has no tables yet
    }
  });
}

}  // namespace

int run_backup(const Config& c, const std::string& to, std::ostream& out) {
  if (to.empty()) throw Error(ErrorCode::bad_request, "--to: give the file to write the backup to");
  if (is_sqlite(c)) {
    store::sqlite_backup(c.database.substr(7), to);
  } else {
    run_program(
        {"pg_dump", "--format=custom", "--no-owner", "--file=" + to, "--dbname=" + c.database},
        "backup");
  }
  out << "backup written to " << to << "\n";
  return 0;
}

int run_restore(const Config& c, const std::string& from, bool force, std::ostream& out) {
  if (from.empty()) throw Error(ErrorCode::bad_request, "--from: give the backup file to restore");
  if (!std::filesystem::is_regular_file(from))
    throw Error(ErrorCode::bad_request, "--from: there is no file at " + from);
  {
    auto db = store::open(c.database, 1);
    if (!force && organisations_in(*db) > 0)
      throw Error(ErrorCode::conflict,
                  "the database already holds data: stop the server and add --force to replace "
                  "it with the backup");
  }
  if (is_sqlite(c)) {
    store::sqlite_restore(from, c.database.substr(7));
  } else {
    // Check the file is a pg_dump archive before anything is dropped.
    run_program({"pg_restore", "--list", "--file=/dev/null", from}, "reading the backup");
    run_program({"pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                 "--exit-on-error", "--dbname=" + c.database, from},
                "restore");
  }
  auto db = store::open(c.database, 1);
  auto report = store::migrate(*db);
  out << "restored " << from << ": " << organisations_in(*db) << " organisations";
  if (!report.applied.empty()) out << ", brought up to schema version " << report.current_version;
  out << "\n";
  return 0;
}

int run_checksums(const Config& c, std::ostream& out) {
  auto db = store::open(c.database, 1);
  auto sums = db->read([](store::Connection& conn) { return store::table_checksums(conn); });
  for (const auto& [table, sum] : sums) out << table << " " << sum << "\n";
  return 0;
}

}  // namespace cg::cli
