#pragma once
// The little language of "met_when" rules in framework files, e.g.
//   answer >= 95
//   answer == yes and answer has evidence
//   answer within 12 months
// Parsed once when content loads (errors name the column); evaluated against an answer.
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace cg::toolkit {

struct AnswerValue {
  bool present = false;
  std::string text;                  // yes/no, a choice id, free text, a date YYYY-MM-DD, confirmed
  std::optional<double> number;      // number answers
  std::vector<std::string> choices;  // multi_choice answers
  int evidence_count = 0;
};

class RuleError : public std::runtime_error {
 public:
  RuleError(size_t column, const std::string& message)
      : std::runtime_error(message), column_(column) {}
  size_t column() const { return column_; }  // 1-based position in the rule text

 private:
  size_t column_;
};

struct Condition {
  enum class Kind { not_empty, compare, within_months, includes, has_evidence };
  Kind kind = Kind::not_empty;
  std::string op;                // compare: == != < <= > >=
  std::string word;              // compare with a word (yes, no, a choice id), or includes
  std::optional<double> number;  // compare with a number
  int months = 0;                // within_months
  size_t column = 0;
};

// A rule in disjunctive form: any of the groups, each of whose conditions must all hold.
class Rule {
 public:
  static std::shared_ptr<const Rule> parse(const std::string& text);
  bool evaluate(const AnswerValue& answer, const std::string& today) const;
  const std::vector<std::vector<Condition>>& groups() const { return groups_; }

 private:
  std::vector<std::vector<Condition>> groups_;
};

// Whole months between two YYYY-MM-DD dates, counting a partial month as not yet passed:
// months_between("2026-01-31", "2026-02-28") == 0, ("2026-01-15", "2026-02-15") == 1.
// Returns nullopt when either date is malformed.
std::optional<int> months_between(const std::string& earlier, const std::string& later);
bool valid_date(const std::string& yyyy_mm_dd);
// The same day `months` months earlier, clamped to the last day of a shorter month:
// months_before("2026-03-31", 1) == "2026-02-28".
std::string months_before(const std::string& yyyy_mm_dd, int months);

}  // namespace cg::toolkit
