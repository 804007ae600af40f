// The database port behaves the same on SQLite and PostgreSQL.
#include <thread>

#include "core/error.h"
#include "store/migrations.h"
#include "store/statement_cache.h"
#include "store_fixture.h"

namespace cg::test {
namespace {

using store::Connection;

class DatabaseTest : public StoreTest {};

TEST_F(DatabaseTest, ValuesRoundTrip) {
  db().transaction([](Connection& c) {
    c.exec("CREATE TABLE t (i BIGINT, r DOUBLE PRECISION, s TEXT, n TEXT)");
    c.exec("INSERT INTO t (i, r, s, n) VALUES (?, ?, ?, ?)",
           {int64_t{9007199254740993}, 2.5, std::string("O'Brien \xe2\x80\x94 caf\xc3\xa9"),
            store::null()});
  });
  auto row = db().read([](Connection& c) { return c.exec("SELECT i, r, s, n FROM t").one(); });
  EXPECT_EQ(row.integer(0), 9007199254740993);
  EXPECT_DOUBLE_EQ(row.real(1), 2.5);
  EXPECT_EQ(row.text(2), "O'Brien \xe2\x80\x94 caf\xc3\xa9");
  EXPECT_TRUE(row.is_null(3));
}

TEST_F(DatabaseTest, TransactionRollsBackOnError) {
  db().transaction([](Connection& c) { c.exec("CREATE TABLE t (id BIGINT PRIMARY KEY)"); });
  EXPECT_THROW(db().transaction([](Connection& c) {
    c.exec("INSERT INTO t (id) VALUES (1)");
    c.exec("INSERT INTO t (id) VALUES (2)");
    throw Error(ErrorCode::validation, "stop");
  }),
               Error);
  EXPECT_EQ(
      db().read([](Connection& c) { return c.exec("SELECT COUNT(*) FROM t").one().integer(0); }),
      0);
  // The connection is still usable after the rollback.
  db().transaction([](Connection& c) { c.exec("INSERT INTO t (id) VALUES (3)"); });
  EXPECT_EQ(
      db().read([](Connection& c) { return c.exec("SELECT COUNT(*) FROM t").one().integer(0); }),
      1);
}

TEST_F(DatabaseTest, UniqueViolationIsAConflict) {
  db().transaction([](Connection& c) { c.exec("CREATE TABLE t (code TEXT UNIQUE)"); });
  db().transaction([](Connection& c) { c.exec("INSERT INTO t (code) VALUES ('A')"); });
  try {
    db().transaction([](Connection& c) { c.exec("INSERT INTO t (code) VALUES ('A')"); });
    FAIL() << "expected a conflict";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::conflict);
    // The database's words (table, column, constraint) are kept for the log, never shown.
    EXPECT_EQ(std::string(e.what()), store::kConflictMessage);
    EXPECT_NE(e.detail().find("code"), std::string::npos) << e.detail();
  }
}

TEST_F(DatabaseTest, MigrateTwiceChangesNothing) {
  auto again = store::migrate(db());
  EXPECT_TRUE(again.applied.empty());
  EXPECT_GE(again.current_version, 1);
  auto count = db().read([](Connection& c) {
    return c.exec("SELECT COUNT(*) FROM schema_migrations").one().integer(0);
  });
  EXPECT_EQ(count, again.current_version);
}

TEST_F(DatabaseTest, ConcurrentStartersMigrateOnce) {
  // A second, empty database migrated from several handles at once, as several servers
  // starting together would.
  const std::string url = fresh_database_url();
  std::vector<std::thread> threads;
  std::atomic<int> applied{0};
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      try {
        auto handle = store::open(url, 2);
        applied += static_cast<int>(store::migrate(*handle).applied.size());
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << "a starter failed: " << e.what();
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto handle = store::open(url, 1);
  const int64_t versions = handle->read([](Connection& c) {
    return c.exec("SELECT COUNT(*) FROM schema_migrations").one().integer(0);
  });
  EXPECT_EQ(applied.load(), versions);  // each migration applied by exactly one starter
  handle.reset();
  drop_database(url);
}

TEST_F(DatabaseTest, PoolReportsUse) {
  auto lease = db().acquire();
  auto stats = db().stats();
  EXPECT_GE(stats.in_use, 1);
  EXPECT_EQ(stats.capacity, 4);
}

TEST_F(DatabaseTest, ManyDistinctStatementsStayCorrectWithABoundedCache) {
  // One connection runs more distinct statements than it keeps prepared, then the first ones
  // again (released by now, so prepared afresh): every answer is still right.
  auto lease = db().acquire();
  Connection& c = *lease;
  const int statements = static_cast<int>(store::kCachedStatements) + 44;
  auto run = [&](int i) {
    return c.exec("SELECT " + std::to_string(i) + " + CAST(? AS BIGINT)", {int64_t{1000}})
        .one()
        .integer(0);
  };
  for (int i = 0; i < statements; ++i) ASSERT_EQ(run(i), i + 1000);
  for (int i = 0; i < 50; ++i) ASSERT_EQ(run(i), i + 1000);
  // A failed transaction refuses DEALLOCATE, but a statement prepared there (its ROLLBACK) must
  // still work, and the cache comes back to its bound afterwards.
  c.exec("BEGIN");
  EXPECT_THROW(c.exec("SELECT * FROM no_such_table"), Error);
  c.exec("ROLLBACK /* prepared inside the failed transaction */");
  EXPECT_EQ(run(statements), statements + 1000);
  if (test_dialect() == "postgres") {
    // The server holds exactly the statements the connection keeps.
    EXPECT_EQ(c.exec("SELECT COUNT(*) FROM pg_prepared_statements").one().integer(0),
              static_cast<int64_t>(store::kCachedStatements));
  }
}

TEST(DatabaseOpen, UnreachableOrMalformedUrlsAreClearErrors) {
  try {
    store::open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", 1);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unavailable);
    EXPECT_NE(std::string(e.what()).find("PostgreSQL"), std::string::npos);
  }
  try {
    store::open("mysql://x", 1);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::bad_request);
  }
  try {
    store::open("sqlite:/proc/no/such/dir/x.db", 1);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unavailable);
  }
}

}  // namespace
}  // namespace cg::test
