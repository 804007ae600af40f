#include "toolkit/answers/answer_input.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>

#include "identity/email_rules.h"
#include "identity/org_rules.h"

namespace cg::toolkit {

using nlohmann::json;

namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

[[noreturn]] void refuse(const std::string& field, const std::string& message) {
  throw Error(ErrorCode::validation, message, {{field, message}});
}

std::string format_problem(const std::string& format, const std::string& v) {
  if (format == "ico_number") {
    static const std::regex ico("(Z[A-Z][0-9]{6}|Z[0-9]{7}|[A-Z]{2}[0-9]{6})");
    if (!std::regex_match(v, ico))
      return "Enter the ICO registration number in the right format, like ZA123456";
  } else if (format == "ods_code") {
    return identity::ods_code_problem(identity::normalise_ods_code(v));
  } else if (format == "email") {
    return identity::email_problem(identity::normalise_email(v));
  } else if (format == "url") {
    if (v.rfind("https://", 0) != 0 && v.rfind("http://", 0) != 0)
      return "Enter a web address starting with https://";
  }
  return "";
}

std::string number_text(double n) {
  if (n == std::floor(n) && std::fabs(n) < 1e15) return std::to_string(static_cast<long long>(n));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", n);
  return buf;
}

const char* month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                             "July",    "August",   "September", "October", "November", "December"};

}  // namespace

StoredAnswer parse_answer(const Item& item, const RawAnswer& raw, const std::string& today) {
  const AnswerSpec& a = item.answer;
  StoredAnswer out;
  out.value.present = true;
  json j = json::object();
  const std::string v = trim(raw.value);
  switch (a.type) {
    case AnswerType::yes_no:
    case AnswerType::yes_no_detail: {
      if (v != "yes" && v != "no") refuse("answer", "Select yes or no");
      out.value.text = v;
      j["value"] = v;
      if (a.type == AnswerType::yes_no_detail) {
        out.detail = trim(raw.detail);
        if (v == a.detail_when && out.detail.empty())
          refuse("detail", "Give more detail in the box below the question");
        if (out.detail.size() > 2000) refuse("detail", "Detail must be 2,000 characters or fewer");
        if (!out.detail.empty()) j["detail"] = out.detail;
      }
      break;
    }
    case AnswerType::text: {
      if (v.empty()) refuse("answer", "Enter an answer");
      if (static_cast<int64_t>(v.size()) > a.max_length)
        refuse("answer", "Answer must be " + std::to_string(a.max_length) + " characters or fewer");
      std::string value =
          a.format == "ico_number" || a.format == "ods_code" ? identity::normalise_ods_code(v) : v;
      if (auto p = format_problem(a.format, value); !p.empty()) refuse("answer", p);
      out.value.text = value;
      j["value"] = value;
      break;
    }
    case AnswerType::number: {
      std::string t = v;
      if (!a.unit.empty() && t.size() > a.unit.size() &&
          t.compare(t.size() - a.unit.size(), a.unit.size(), a.unit) == 0)
        t = trim(t.substr(0, t.size() - a.unit.size()));
      char* end = nullptr;
      double n = t.empty() ? 0 : std::strtod(t.c_str(), &end);
      if (t.empty() || end != t.c_str() + t.size() || !std::isfinite(n))
        refuse("answer", "Enter a number, like " + number_text(a.max.value_or(10)));
      if ((a.min && n < *a.min) || (a.max && n > *a.max))
        refuse("answer", "Enter a number from " + number_text(a.min.value_or(0)) + " to " +
                             number_text(a.max.value_or(0)));
      out.value.number = n;
      j["number"] = n;
      break;
    }
    case AnswerType::date: {
      if (!valid_date(v)) refuse("answer", "Enter a real date, like 2026-03-27");
      if (a.past_only && v > today) refuse("answer", "The date must be today or in the past");
      out.value.text = v;
      j["value"] = v;
      break;
    }
    case AnswerType::single_choice: {
      if (std::none_of(a.choices.begin(), a.choices.end(),
                       [&](const Choice& c) { return c.id == v; }))
        refuse("answer", "Select one option");
      out.value.text = v;
      j["value"] = v;
      break;
    }
    case AnswerType::multi_choice: {
      std::vector<std::string> picked;
      for (const auto& c : a.choices)
        if (std::find(raw.values.begin(), raw.values.end(), c.id) != raw.values.end())
          picked.push_back(c.id);
      for (const auto& x : raw.values)
        if (std::none_of(a.choices.begin(), a.choices.end(),
                         [&](const Choice& c) { return c.id == x; }))
          refuse("answer", "Select from the options shown");
      if (picked.empty()) refuse("answer", "Select at least one option");
      out.value.choices = picked;
      j["values"] = picked;
      break;
    }
    case AnswerType::evidence: {
      // The answer is the evidence itself; the question page records that it was reviewed.
      out.value.text = "reviewed";
      j["value"] = "reviewed";
      break;
    }
    case AnswerType::confirm: {
      if (v != "confirmed") refuse("answer", "Tick the box to confirm");
      out.value.text = v;
      j["value"] = v;
      break;
    }
  }
  out.json = j.dump();
  return out;
}

namespace {

// Reads the four fields of a stored answer straight from the parser's events, without building
// a document: a task list reads every answer of the assessment on each view. Same result as
// parsing to a document and reading the top-level fields: an answer must be an object; a field
// of the wrong type is ignored; a field given twice counts as its last value; anything nested
// deeper is skipped; a syntax error anywhere means no answer.
class StoredAnswerReader final : public nlohmann::json_sax<json> {
 public:
  explicit StoredAnswerReader(StoredAnswer& out) : out_(out) {}

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t n) override { return number(static_cast<double>(n)); }
  bool number_unsigned(number_unsigned_t n) override { return number(static_cast<double>(n)); }
  bool number_float(number_float_t n, const string_t&) override { return number(n); }
  bool binary(binary_t&) override { return true; }
  bool string(string_t& s) override {
    if (!object_) return true;
    if (depth_ == 1) {
      if (field_ == Field::value) out_.value.text = std::move(s);
      if (field_ == Field::detail) out_.detail = std::move(s);
    } else if (depth_ == 2 && in_values_) {
      out_.value.choices.push_back(std::move(s));
    }
    return true;
  }
  bool start_object(std::size_t) override {
    if (depth_ == 0) object_ = true;
    ++depth_;
    return true;
  }
  bool key(string_t& k) override {
    if (depth_ != 1) return true;
    field_ = k == "value"    ? Field::value
             : k == "number" ? Field::number
             : k == "values" ? Field::values
             : k == "detail" ? Field::detail
                             : Field::other;
    // The last occurrence of a field is the one that counts, whatever its type.
    if (field_ == Field::value) out_.value.text.clear();
    if (field_ == Field::number) out_.value.number.reset();
    if (field_ == Field::values) out_.value.choices.clear();
    if (field_ == Field::detail) out_.detail.clear();
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ == 1 && field_ == Field::values) in_values_ = true;
    ++depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    if (depth_ == 1) in_values_ = false;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }
  bool is_object() const { return object_; }

 private:
  enum class Field { other, value, number, values, detail };
  bool number(double n) {
    if (object_ && depth_ == 1 && field_ == Field::number) out_.value.number = n;
    return true;
  }

  StoredAnswer& out_;
  int depth_ = 0;
  bool object_ = false;
  bool in_values_ = false;
  Field field_ = Field::other;
};

}  // namespace

StoredAnswer answer_from_json(const std::string& text, int evidence_count) {
  StoredAnswer out;
  StoredAnswerReader reader(out);
  const bool parsed = json::sax_parse(text, &reader);
  if (!parsed || !reader.is_object()) out = StoredAnswer{};
  out.value.present = parsed && reader.is_object();
  out.value.evidence_count = evidence_count;
  out.json = text;
  return out;
}

std::string display_answer(const Item& item, const StoredAnswer& s) {
  if (!s.value.present) return "";
  const AnswerSpec& a = item.answer;
  auto label = [&](const std::string& id) {
    for (const auto& c : a.choices)
      if (c.id == id) return c.label;
    return id;
  };
  switch (a.type) {
    case AnswerType::yes_no:
    case AnswerType::yes_no_detail:
      return (s.value.text == "yes" ? "Yes" : "No") + (s.detail.empty() ? "" : ": " + s.detail);
    case AnswerType::number:
      return s.value.number ? number_text(*s.value.number) + (a.unit == "%"    ? "%"
                                                              : a.unit.empty() ? ""
                                                                               : " " + a.unit)
                            : "";
    case AnswerType::date:
      if (valid_date(s.value.text))
        return std::to_string(std::stoi(s.value.text.substr(8))) + " " +
               month_names[std::stoi(s.value.text.substr(5, 2)) - 1] + " " +
               s.value.text.substr(0, 4);
      return s.value.text;
    case AnswerType::single_choice:
      return label(s.value.text);
    case AnswerType::multi_choice: {
      std::string out;
      for (const auto& c : s.value.choices) out += (out.empty() ? "" : ", ") + label(c);
      return out;
    }
    case AnswerType::evidence:
      return std::to_string(s.value.evidence_count) + " piece" +
             (s.value.evidence_count == 1 ? "" : "s") + " of evidence";
    case AnswerType::confirm:
      return "Confirmed";
    case AnswerType::text:
      return s.value.text;
  }
  return "";
}

bool item_applies(const Item& item, const std::string& org_type, int64_t staff_count) {
  if (staff_count < item.min_staff) return false;
  if (item.applies_to.empty()) return true;
  return std::find(item.applies_to.begin(), item.applies_to.end(), org_type) !=
         item.applies_to.end();
}

bool item_met(const Item& item, const StoredAnswer& answer, const std::string& today) {
  return item.met_when && answer.value.present && item.met_when->evaluate(answer.value, today);
}

}  // namespace cg::toolkit
