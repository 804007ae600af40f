#include <gtest/gtest.h>

#include "core/csv.h"

namespace {

TEST(Csv, QuotesOnlyWhenNeededAndDefusesFormulas) {
  const std::pair<const char*, const char*> cases[] = {
      {"plain", "plain"},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"=SUM(A1)", "'=SUM(A1)"},
      {"+44 1234", "'+44 1234"},
      {"-1", "'-1"},
      {"@cmd", "'@cmd"},
      {"", ""},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(cg::csv::field(in), out) << in;
  EXPECT_EQ(cg::csv::row({"Code", "Name, Ltd", "1"}), "Code,\"Name, Ltd\",1\r\n");
}

}  // namespace
