#include "toolkit/rules/rule.h"

#include <gtest/gtest.h>

namespace {

using namespace cg::toolkit;

AnswerValue text(const std::string& t) {
  AnswerValue a;
  a.present = true;
  a.text = t;
  return a;
}
AnswerValue num(double n) {
  AnswerValue a;
  a.present = true;
  a.number = n;
  return a;
}

TEST(Rules, Evaluate) {
  const std::string today = "2026-11-22";
  AnswerValue with_evidence = text("yes");
  with_evidence.evidence_count = 1;
  AnswerValue ticked;
  ticked.present = true;
  ticked.choices = {"encryption", "backups"};
  struct Case {
    const char* rule;
    AnswerValue answer;
    bool met;
  };
  const Case cases[] = {
      {"answer == yes", text("yes"), true},
      {"answer == yes", text("no"), false},
      {"answer == yes", AnswerValue{}, false},
      {"answer != no", text("yes"), true},
      {"answer >= 95", num(95), true},
      {"answer >= 95", num(94.9), false},
      {"answer > 80", num(80), false},
      {"answer < 10", num(9), true},
      {"answer <= 10", num(10), true},
      {"answer == 3", num(3), true},
      {"answer is not empty", text("ZA123456"), true},
      {"answer is not empty", text(""), false},
      {"answer within 12 months", text("2025-11-22"), true},  // exactly 12 months ago
      {"answer within 12 months", text("2025-11-21"), false},
      {"answer within 12 months", text("2026-11-23"), false},  // the future does not count
      {"answer within 1 months", text("2026-10-22"), true},
      {"answer within 12 months", text("not a date"), false},
      {"answer includes encryption", ticked, true},
      {"answer includes firewall", ticked, false},
      {"answer has evidence", with_evidence, true},
      {"answer has evidence", text("yes"), false},
      {"answer == yes and answer has evidence", with_evidence, true},
      {"answer == yes and answer has evidence", text("yes"), false},
      {"answer == no or answer has evidence", text("yes"), false},
      {"answer == no or answer has evidence", with_evidence, true},
      {"answer == no or answer == yes and answer has evidence", text("no"), true},
  };
  for (const auto& c : cases)
    EXPECT_EQ(Rule::parse(c.rule)->evaluate(c.answer, today), c.met) << c.rule;
}

TEST(Rules, ParseErrorsSayWhereAndWhat) {
  struct Case {
    const char* rule;
    size_t column;
    const char* message;
  };
  const Case cases[] = {
      {"", 1, "empty"},
      {"answr == yes", 1, "expected 'answer'"},
      {"answer", 7, "ends too soon"},
      {"answer === yes", 8, "unknown comparison"},
      {"answer >= lots", 11, "expected a number"},
      {"answer within twelve months", 15, "whole number of months"},
      // strtod reads these as numbers; NaN used to reach an undefined int conversion.
      {"answer within nan months", 15, "whole number of months"},
      {"answer within 1e300 months", 15, "whole number of months"},
      {"answer within 2.5 months", 15, "whole number of months"},
      {"answer within 12 weeks", 18, "expected 'months'"},
      {"answer == yes but answer == no", 15, "expected 'and' or 'or'"},
      {"answer is empty", 11, "expected 'not'"},
      {"answer == yes and", 18, "ends too soon"},
  };
  for (const auto& c : cases) {
    try {
      Rule::parse(c.rule);
      ADD_FAILURE() << "parsed: " << c.rule;
    } catch (const RuleError& e) {
      EXPECT_EQ(e.column(), c.column) << c.rule << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos)
          << c.rule << ": " << e.what();
    }
  }
}

TEST(Dates, ValidAndMonthArithmetic) {
  for (const char* good : {"2024-02-29", "2026-12-31", "2026-01-01"})
    EXPECT_TRUE(valid_date(good)) << good;
  for (const char* bad :
       {"2026-02-29", "2026-13-01", "2026-00-10", "26-01-01", "2026-1-01", "2026-04-31", ""})
    EXPECT_FALSE(valid_date(bad)) << bad;
  EXPECT_EQ(months_before("2026-03-31", 1), "2026-02-28");
  EXPECT_EQ(months_before("2024-03-31", 1), "2024-02-29");
  EXPECT_EQ(months_before("2026-01-15", 12), "2025-01-15");
  EXPECT_EQ(months_before("2026-01-15", 1), "2025-12-15");
  EXPECT_EQ(months_between("2026-01-31", "2026-02-28"), 0);
  EXPECT_EQ(months_between("2026-01-15", "2026-02-15"), 1);
}

}  // namespace
