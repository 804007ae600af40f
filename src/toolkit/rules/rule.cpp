#include "toolkit/rules/rule.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace cg::toolkit {

namespace {

struct Token {
  std::string text;
  size_t column;
};

std::vector<Token> tokenize(const std::string& s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    size_t start = i;
    if (std::string("=!<>").find(s[i]) != std::string::npos) {
      while (i < s.size() && std::string("=!<>").find(s[i]) != std::string::npos) ++i;
    } else {
      while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])) &&
             std::string("=!<>").find(s[i]) == std::string::npos)
        ++i;
    }
    out.push_back({s.substr(start, i - start), start + 1});
  }
  return out;
}

std::optional<double> parse_number(const std::string& t) {
  if (t.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size()) return std::nullopt;
  return v;
}

bool is_word(const std::string& t) {
  return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

class Parser {
 public:
  explicit Parser(const std::string& text) : text_(text), tokens_(tokenize(text)) {}

  std::vector<std::vector<Condition>> parse() {
    if (tokens_.empty()) throw RuleError(1, "the rule is empty");
    std::vector<std::vector<Condition>> groups;
    groups.push_back({condition()});
    while (pos_ < tokens_.size()) {
      const Token& t = tokens_[pos_];
      if (t.text == "and") {
        ++pos_;
        groups.back().push_back(condition());
      } else if (t.text == "or") {
        ++pos_;
        groups.push_back({condition()});
      } else {
        throw RuleError(t.column, "expected 'and' or 'or' but found '" + t.text + "'");
      }
    }
    return groups;
  }

 private:
  const Token& next(const char* expected) {
    if (pos_ >= tokens_.size())
      throw RuleError(text_.size() + 1,
                      std::string("the rule ends too soon: expected ") + expected);
    return tokens_[pos_++];
  }

  void expect(const char* word) {
    const Token& t = next(word);
    if (t.text != word)
      throw RuleError(t.column, std::string("expected '") + word + "' but found '" + t.text + "'");
  }

  Condition condition() {
    expect("answer");
    const Token& t = next("is, ==, !=, <, <=, >, >=, within, includes or has");
    Condition c;
    c.column = t.column;
    if (t.text == "is") {
      expect("not");
      expect("empty");
      c.kind = Condition::Kind::not_empty;
    } else if (t.text == "within") {
      const Token& n = next("a number of months");
      auto months = parse_number(n.text);
      // Range first: converting NaN or a huge number to int is undefined behaviour.
      if (!months || !(*months >= 1 && *months <= 120) || *months != std::floor(*months))
        throw RuleError(n.column,
                        "expected a whole number of months from 1 to 120, found '" + n.text + "'");
      c.months = static_cast<int>(*months);
      expect("months");
      c.kind = Condition::Kind::within_months;
    } else if (t.text == "includes") {
      const Token& w = next("a choice id");
      if (!is_word(w.text))
        throw RuleError(w.column, "expected a choice id, found '" + w.text + "'");
      c.kind = Condition::Kind::includes;
      c.word = w.text;
    } else if (t.text == "has") {
      expect("evidence");
      c.kind = Condition::Kind::has_evidence;
    } else if (t.text == "==" || t.text == "!=" || t.text == "<" || t.text == "<=" ||
               t.text == ">" || t.text == ">=") {
      c.kind = Condition::Kind::compare;
      c.op = t.text;
      const Token& v = next("a value");
      if (auto n = parse_number(v.text)) {
        c.number = n;
      } else if (is_word(v.text) && (c.op == "==" || c.op == "!=")) {
        c.word = v.text;
      } else {
        throw RuleError(v.column,
                        "expected a number, or a word with == or !=, found '" + v.text + "'");
      }
    } else {
      throw RuleError(t.column, "unknown comparison '" + t.text + "'");
    }
    return c;
  }

  const std::string& text_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

bool holds(const Condition& c, const AnswerValue& a, const std::string& today) {
  if (!a.present) return false;
  switch (c.kind) {
    case Condition::Kind::not_empty:
      return !a.text.empty() || a.number.has_value() || !a.choices.empty() || a.evidence_count > 0;
    case Condition::Kind::has_evidence:
      return a.evidence_count > 0;
    case Condition::Kind::includes:
      return std::find(a.choices.begin(), a.choices.end(), c.word) != a.choices.end();
    case Condition::Kind::within_months: {
      // On or after the same day N months ago (clamped to the end of a shorter month).
      if (!valid_date(a.text) || !valid_date(today) || a.text > today) return false;
      return a.text >= months_before(today, c.months);
    }
    case Condition::Kind::compare: {
      if (c.number) {
        if (!a.number) return false;
        const double x = *a.number, y = *c.number;
        if (c.op == "==") return x == y;
        if (c.op == "!=") return x != y;
        if (c.op == "<") return x < y;
        if (c.op == "<=") return x <= y;
        if (c.op == ">") return x > y;
        return x >= y;
      }
      return c.op == "==" ? a.text == c.word : a.text != c.word;
    }
  }
  return false;
}

}  // namespace

std::shared_ptr<const Rule> Rule::parse(const std::string& text) {
  auto rule = std::make_shared<Rule>();
  rule->groups_ = Parser(text).parse();
  return rule;
}

bool Rule::evaluate(const AnswerValue& answer, const std::string& today) const {
  for (const auto& group : groups_) {
    bool all = true;
    for (const auto& c : group) all = all && holds(c, answer, today);
    if (all) return true;
  }
  return false;
}

std::string months_before(const std::string& date, int months) {
  int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2)),
      d = std::stoi(date.substr(8, 2));
  int total = y * 12 + (m - 1) - months;
  y = total / 12;
  m = total % 12 + 1;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  d = std::min(d, days[m - 1] + (m == 2 && leap ? 1 : 0));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

bool valid_date(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
  const int y = std::stoi(d.substr(0, 4)), m = std::stoi(d.substr(5, 2)),
            day = std::stoi(d.substr(8, 2));
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || day < 1) return false;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return day <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

std::optional<int> months_between(const std::string& earlier, const std::string& later) {
  if (!valid_date(earlier) || !valid_date(later)) return std::nullopt;
  const int y1 = std::stoi(earlier.substr(0, 4)), m1 = std::stoi(earlier.substr(5, 2)),
            d1 = std::stoi(earlier.substr(8, 2));
  const int y2 = std::stoi(later.substr(0, 4)), m2 = std::stoi(later.substr(5, 2)),
            d2 = std::stoi(later.substr(8, 2));
  int months = (y2 - y1) * 12 + (m2 - m1);
  if (d2 < d1) --months;
  return months;
}

}  // namespace cg::toolkit
