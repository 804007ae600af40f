// Splitting a pasted list of ODS codes (the national team's bulk assignment to a portfolio).
#include <gtest/gtest.h>

#include "identity/portfolio_access.h"

namespace {

using cg::identity::split_code_list;
using Codes = std::vector<std::pair<int, std::string>>;

TEST(SplitCodeList, KeepsTheLineOfEachCode) {
  struct Case {
    std::string text;
    Codes expected;
  };
  const Case cases[] = {
      {"", {}},
      {"  \n\n", {}},
      {"AB1C2", {{1, "AB1C2"}}},
      {"ab1c2\r\nVN123\r\n", {{1, "AB1C2"}, {2, "VN123"}}},
      {"AB1C2, AH7K9;VN123\tX26", {{1, "AB1C2"}, {1, "AH7K9"}, {1, "VN123"}, {1, "X26"}}},
      {"\n\nAB1C2\n\n ZZ9Z9 ,\n", {{3, "AB1C2"}, {5, "ZZ9Z9"}}},
  };
  for (const auto& c : cases) EXPECT_EQ(split_code_list(c.text), c.expected) << c.text;
}

}  // namespace
