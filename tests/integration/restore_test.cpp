// Backups put back: `careguard restore` returns a database to exactly the state it was backed up
// in (every table's checksum matches), refuses to overwrite data by accident or to load a file
// that is not a backup, and a backup taken while writes are going on restores into a database
// whose audit trail verifies. On both databases, through the real binary.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "core/clock.h"
#include "core/crypto.h"
#include "flows.h"
#include "harness.h"
#include "identity/model.h"
#include "identity/service.h"
#include "store/database.h"

namespace cg::test {
namespace {

identity::Actor national_admin() {
  identity::Actor a;
  identity::Membership m;
  m.role = identity::Role::national_admin;
  a.memberships.push_back(m);
  return a;
}

std::string checksums(TestServer& server) {
  auto r = server.cli({"checksums"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("audit_log "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("organisations "), std::string::npos) << r.out;
  return r.out;
}

TEST(RestoreTest, RoundTripGivesTheSameTablesAndRefusesMistakes) {
  TestServer server;
  server.prepare();
  ASSERT_TRUE(add_national_region_and_ics(server));
  ASSERT_EQ(server.cli({"demo"}).exit_code, 0);
  const std::string before = checksums(server);
  const std::string file = server.dir() + "/round-trip.backup";
  auto backup = server.cli({"backup", "--to", file});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;

  // Change things after the backup.
  ASSERT_EQ(server
                .cli({"org", "add", "--name", "Later Care", "--type", "care_home", "--ods", "AL9Z9",
                      "--parent", "QYG"})
                .exit_code,
            0);
  const std::string changed = checksums(server);
  ASSERT_NE(changed, before);

  // Without --force a database holding data is left alone.
  auto refused = server.cli({"restore", "--from", file});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  EXPECT_EQ(checksums(server), changed);

  // Something that is not a backup is refused before anything is touched.
  const std::string junk = server.dir() + "/junk.backup";
  std::ofstream(junk) << "this is not a backup of anything\n";
  auto bad = server.cli({"restore", "--from", junk, "--force"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_FALSE(bad.err.empty());
  EXPECT_EQ(checksums(server), changed);
  auto missing = server.cli({"restore", "--from", server.dir() + "/nothing-here", "--force"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("--from"), std::string::npos) << missing.err;

  auto restored = server.cli({"restore", "--from", file, "--force"});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_NE(restored.out.find("restored"), std::string::npos) << restored.out;
  EXPECT_EQ(checksums(server), before);
  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

TEST(RestoreTest, BackupTakenDuringWritesRestoresConsistently) {
  TestServer server;
  server.prepare();
  ASSERT_TRUE(add_national_region_and_ics(server));
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    auto db = store::open(server.database_url(), 2);
    auto ics = db->read([](store::Connection& c) {
      return c.exec("SELECT id FROM organisations WHERE ods_code = 'QYG'").one().integer(0);
    });
    for (int i = 0; !stop && i < 2000; ++i) {
      const std::string code = "AW" + std::to_string(1000 + i);
      identity::create_org(*db, national_admin(), ics,
                           {"Writer Care " + std::to_string(i), "care_home", code, "", "5", "5"},
                           clock::now());
      ++written;
    }
  });
  while (written < 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const std::string file = server.dir() + "/during-writes.backup";
  auto backup = server.cli({"backup", "--to", file});
  const int after_backup = written;
  stop = true;
  writer.join();
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_GT(written.load(), after_backup - 1);

  // Restore into a second, empty database: no --force needed, and everything checks out.
  TestServer other;
  other.prepare();
  auto restored = other.cli({"restore", "--from", file});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  auto verify = other.cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  auto db = store::open(other.database_url(), 1);
  const int64_t copied = db->read([](store::Connection& c) {
    return c.exec("SELECT COUNT(*) FROM organisations WHERE ods_code LIKE 'AW%'").one().integer(0);
  });
  // Every organisation is whole (a backup is one consistent moment), and each write that had
  // finished before the backup started is in it.
  EXPECT_GE(copied, 20);
  EXPECT_LE(copied, after_backup);
  const int64_t audited = db->read([](store::Connection& c) {
    return c.exec("SELECT COUNT(*) FROM audit_log WHERE action = 'org.create'").one().integer(0);
  });
  EXPECT_GE(audited, copied) << "each organisation's audit entry came with it";
  if (server.database_url().rfind("sqlite:", 0) == 0) {
    auto check = db->read(
        [](store::Connection& c) { return c.exec("PRAGMA integrity_check").one().text(0); });
    EXPECT_EQ(check, "ok");
  }
}

}  // namespace
}  // namespace cg::test
