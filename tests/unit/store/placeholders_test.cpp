#include <gtest/gtest.h>

#include "store/database.h"

namespace {

struct Case {
  const char* in;
  const char* out;
};

TEST(NumberedPlaceholders, RewritesOnlyOutsideQuotes) {
  const Case cases[] = {
      {"SELECT 1", "SELECT 1"},
      {"SELECT ?", "SELECT $1"},
      {"SELECT ? , '?' , \"?\" WHERE a = ?", "SELECT $1 , '?' , \"?\" WHERE a = $2"},
      {"INSERT INTO t VALUES (?, ?, ?)", "INSERT INTO t VALUES ($1, $2, $3)"},
      {"SELECT 'it''s ?' , ?", "SELECT 'it''s ?' , $1"},
  };
  for (const auto& c : cases) EXPECT_EQ(cg::store::numbered_placeholders(c.in), c.out) << c.in;
}

}  // namespace
