#include <gtest/gtest.h>

#include "store/database.h"

TEST(NumberedPlaceholders, SkipsQuotedText) {
  EXPECT_EQ(cg::store::numbered_placeholders("SELECT ? , '?' , \"?\" WHERE a = ?"),
            "SELECT $1 , '?' , \"?\" WHERE a = $2");
}
