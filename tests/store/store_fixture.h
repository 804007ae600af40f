#pragma once
// Opens a fresh, migrated database of the dialect named by CAREGUARD_TEST_DIALECT: a temp
// SQLite file, or a new database on the PostgreSQL server at CAREGUARD_TEST_POSTGRES_URL
// (dropped afterwards). The same repository tests run against both.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/database.h"

namespace cg::test {

std::string test_dialect();
// Creates a fresh empty database and returns its URL (for opening extra handles).
std::string fresh_database_url();
void drop_database(const std::string& url);

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  std::unique_ptr<store::Database> open_another() const;
  store::Database& db() { return *db_; }

  std::string url_;
  std::unique_ptr<store::Database> db_;
};

}  // namespace cg::test
